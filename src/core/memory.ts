import {
  globalAttentionLayers,
  kvCacheBytesPerSequencePerGpu,
  kvCacheBytesPerTokenPerLayerPerGpu,
} from './kv-cache.js';
import { linearAttentionStateBytesPerLayerPerGpu } from './linear-attention.js';
import { type ModelConfig, weightBytesPerParameter } from './model-config.js';
import { parameterCount } from './parameter-count.js';
import { type KvCacheDtype, kvCacheBytesPerElement, type Precision } from './precision.js';

/** A batch of identical requests: the unit the InferSave paper's model reasons about. */
export interface BatchShape {
  batchSize: number;
  inputTokens: number;
  outputTokens: number;
}

/** Memory one GPU of a tensor-parallel group needs, in bytes. */
export interface MemoryBreakdown {
  /** The GPU's capacity. */
  gpuMemoryBytes: number;
  /** What the serving engine may use: capacity × gpuMemoryUtilization; the rest is runtime reserve. */
  usableBytes: number;
  reserveBytes: number;
  weightsBytes: number;
  activationBytes: number;
  /** The whole batch's KV cache (this GPU's share of the heads), before any offloading. */
  kvCacheBytes: number;
  /** One layer's KV (a global layer's, the largest, when some layers use a sliding window). */
  kvCacheBytesPerLayer: number;
  /** usable − weights − activations − KV kept on the GPU; never negative. */
  freeBytes: number;
}

export interface MemoryInputs {
  model: ModelConfig;
  precision: Precision;
  batch: BatchShape;
  gpuMemoryBytes: number;
  tensorParallel: number;
  /** Share of GPU memory the engine may use (vLLM's gpu_memory_utilization, default 0.9). */
  gpuMemoryUtilization: number;
  /** The KV cache's dtype; absent: the precision's default (defaultKvCacheDtype). */
  kvCacheDtype?: KvCacheDtype;
}

/** Bytes of activations: 16-bit except for fp32 models. */
export function activationBytesPerElement(precision: Precision): number {
  return precision === 'fp32' ? 4 : 2;
}

/**
 * Peak live intermediate tensors of one layer during prefill of the whole batch (the largest step),
 * on one GPU: the residual stream and its normed copy (2·h per token), plus the wider of the fused
 * QKV output and the MLP's inner activation (2·intermediate when gated, × experts per token), split across GPUs, plus fp32
 * logits of the last token of each sequence. Engines reuse these buffers layer to layer. The paper's
 * 2·(Lin+Lout)·BS·h1 has no bytes factor and counts output tokens that are never prefilled together.
 */
export function activationBytes(
  model: ModelConfig,
  precision: Precision,
  batch: BatchShape,
  tensorParallel: number,
): number {
  const tokens = batch.batchSize * batch.inputTokens;
  const qHeads = (model.attentionOutputGate ? 2 : 1) * model.numAttentionHeads;
  const la = model.linearAttention;
  const linearWidth = la ? 2 * la.keyHeads * la.keyHeadDim + 2 * la.valueHeads * la.valueHeadDim : 0;
  // MLA has no fused QKV: its widest projection output is kv_b's decompressed K (nope) and V per head.
  const qkvWidth = model.mla
    ? model.numAttentionHeads * (model.mla.qkNopeHeadDim + model.mla.vHeadDim)
    : Math.max((qHeads + 2 * model.numKeyValueHeads) * model.headDim, linearWidth);
  // MoE layers: the experts a token runs and the shared experts; dense layers (DeepSeek, Llama-4) their MLP.
  const mlpWidth =
    (model.gatedMlp ? 2 : 1) *
    Math.max(
      model.intermediateSize * model.numExpertsPerTok + (model.sharedExpertIntermediateSize ?? 0),
      model.denseLayers?.intermediateSize ?? 0,
    );
  const widest = Math.max(qkvWidth, mlpWidth) / tensorParallel;
  const hiddenBytes = tokens * (2 * model.hiddenSize + widest) * activationBytesPerElement(precision);
  const logitsBytes = (batch.batchSize * model.vocabSize * 4) / tensorParallel;
  return hiddenBytes + logitsBytes;
}

/** Weight bytes on one GPU: every parameter, split evenly across the tensor-parallel group. */
export function weightsBytesPerGpu(model: ModelConfig, precision: Precision, tensorParallel: number): number {
  return (parameterCount(model) * weightBytesPerParameter(model, precision)) / tensorParallel;
}

/**
 * The whole batch's KV cache on one GPU: batch × the KV of one sequence of (input + output) tokens
 * (per-token-per-GPU bytes × layer-tokens, sliding-window layers holding at most their window).
 */
export function kvCacheBytesPerGpu(
  model: ModelConfig,
  precision: Precision,
  batch: BatchShape,
  tensorParallel: number,
  kvCacheDtype?: KvCacheDtype,
): number {
  const perSequence = kvCacheBytesPerSequencePerGpu(
    model,
    kvCacheBytesPerElement(precision, kvCacheDtype),
    tensorParallel,
    batch.inputTokens + batch.outputTokens,
  );
  return batch.batchSize * perSequence;
}

/**
 * One layer's KV: a global layer's (the largest) when some layers slide; a linear-attention layer's
 * state when that is larger.
 */
function largestLayerKvBytes(
  model: ModelConfig,
  precision: Precision,
  batch: BatchShape,
  tensorParallel: number,
  kvCacheDtype?: KvCacheDtype,
): number {
  const context = batch.inputTokens + batch.outputTokens;
  const tokens =
    globalAttentionLayers(model) > 0
      ? context
      : Math.min(context, model.slidingWindow?.windowTokens ?? context);
  const perToken = kvCacheBytesPerTokenPerLayerPerGpu(
    model,
    kvCacheBytesPerElement(precision, kvCacheDtype),
    tensorParallel,
  );
  const state = linearAttentionStateBytesPerLayerPerGpu(model, tensorParallel);
  return batch.batchSize * Math.max(tokens * perToken, state);
}

/** Memory breakdown of one GPU, before the offload decision (free assumes the whole KV stays). */
export function memoryBreakdown(inputs: MemoryInputs): MemoryBreakdown {
  const { model, precision, batch, tensorParallel } = inputs;
  const usableBytes = inputs.gpuMemoryBytes * inputs.gpuMemoryUtilization;
  const weightsBytes = weightsBytesPerGpu(model, precision, tensorParallel);
  const activation = activationBytes(model, precision, batch, tensorParallel);
  const kvCacheBytes = kvCacheBytesPerGpu(model, precision, batch, tensorParallel, inputs.kvCacheDtype);
  return {
    gpuMemoryBytes: inputs.gpuMemoryBytes,
    usableBytes,
    reserveBytes: inputs.gpuMemoryBytes - usableBytes,
    weightsBytes,
    activationBytes: activation,
    kvCacheBytes,
    kvCacheBytesPerLayer: largestLayerKvBytes(model, precision, batch, tensorParallel, inputs.kvCacheDtype),
    freeBytes: Math.max(0, usableBytes - weightsBytes - activation - kvCacheBytes),
  };
}
