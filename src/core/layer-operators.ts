import {
  globalAttentionLayers,
  kvCacheBytesPerTokenPerLayerPerGpu,
  kvHeadsPerGpu,
  kvLayerTokens,
  softmaxAttentionLayers,
} from './kv-cache.js';
import { linearAttentionGemmShapes, linearAttentionWork } from './linear-attention.js';
import { activationBytesPerElement } from './memory.js';
import { mlaAttentionWork, mlaGemmShapes } from './mla-attention.js';
import { type ModelConfig, weightBytesPerParameter } from './model-config.js';
import type { OperatorWork } from './operator-time.js';
import {
  decodeAttentionWorkFromSums,
  prefillAttentionWorkFromSums,
  weightGemmWork,
} from './operator-work.js';

export { weightGemmWork } from './operator-work.js';

import { type KvCacheDtype, kvCacheBytesPerElement, type Precision } from './precision.js';

/** The kernels of one decoder layer on one GPU of a tensor-parallel group, for one step. */
export interface LayerOperators {
  /** QKV, O, and MLP (or every expert's) matrix multiplies. */
  gemms: OperatorWork[];
  attention: OperatorWork;
  attentionKind: 'prefill' | 'decode';
  /** Bytes each of the layer's two all-reduces carries (0 without tensor parallelism). */
  allReduceBytes: number;
  /** KV bytes this layer produces on this GPU (all new tokens of the step). */
  newKvBytes: number;
  /** KV bytes this (mean) layer holds on this GPU (all context tokens), before offloading. */
  contextKvBytes: number;
}

/** Expected distinct experts a step touches when `tokens` tokens each pick k of E experts uniformly. */
export function expectedActiveExperts(experts: number, perToken: number, tokens: number): number {
  if (experts <= 1) return 1;
  return experts * (1 - (1 - perToken / experts) ** tokens);
}

export interface StepShape {
  /** Sequences in the step. */
  batchSize: number;
  /** New tokens per sequence (the prompt in prefill, 1 in decode). */
  newTokens: number;
  /** Tokens each sequence attends to (prompt length in prefill, context length in decode). */
  contextTokens: number;
  kind: 'prefill' | 'decode';
}

/**
 * The matrix multiplies of one layer for `m` tokens on one GPU (Megatron-style split across `tp`);
 * `activationQuantBytes` per input element for kernels that quantize their activations first (`gemmCost`).
 */
export function layerGemms(
  model: ModelConfig,
  precision: Precision,
  tp: number,
  m: number,
  activationQuantBytes = 0,
): OperatorWork[] {
  const act = activationBytesPerElement(precision);
  const w = weightBytesPerParameter(model, precision);
  return layerGemmShapes(model, tp, m).map((g) => {
    const work = weightGemmWork(g.m, g.k, g.n, w, act, activationQuantBytes);
    return {
      flop: work.flop * g.count,
      bytes: work.bytes * g.count,
      serialBytes: work.serialBytes * g.count,
    };
  });
}

/** What a step's attention covers in one layer, summed over its sequences. */
export type AttentionSums =
  | { kind: 'prefill'; tokens: number; tokenPairs: number }
  | { kind: 'decode'; sequences: number; contextTokens: number };

/**
 * What a step's attention covers in a sliding-window layer of `windowTokens`: each new token attends to
 * at most the window, so a prefill covers at most tokens × W pairs (an upper bound: a prompt of n > W
 * tokens has n·W − W²/2) and a decode step at most W context tokens per sequence (Σ min(ctxᵢ, W) ≤
 * min(Σ ctxᵢ, sequences × W), exact when every context is past the window or none is).
 */
export function slidingWindowSums(sums: AttentionSums, windowTokens: number): AttentionSums {
  return sums.kind === 'prefill'
    ? { ...sums, tokenPairs: Math.min(sums.tokenPairs, sums.tokens * windowTokens) }
    : { ...sums, contextTokens: Math.min(sums.contextTokens, sums.sequences * windowTokens) };
}

/**
 * The attention sums of the mean softmax-attention layer: global layers' sums and sliding-window layers'
 * clipped ones (`slidingWindowSums`), weighted by their layer counts. Attention work is linear in these
 * sums, so the mean layer's work × layers is the model's.
 */
function meanLayerSums(model: ModelConfig, sums: AttentionSums): AttentionSums {
  const window = model.slidingWindow;
  if (!window) return sums;
  const local = slidingWindowSums(sums, window.windowTokens);
  const mean = (global: number, sliding: number) =>
    (globalAttentionLayers(model) * global + window.layers * sliding) / softmaxAttentionLayers(model);
  if (sums.kind === 'prefill' && local.kind === 'prefill') {
    return { ...sums, tokenPairs: mean(sums.tokenPairs, local.tokenPairs) };
  }
  if (sums.kind === 'decode' && local.kind === 'decode') {
    return { ...sums, contextTokens: mean(sums.contextTokens, local.contextTokens) };
  }
  return sums;
}

/**
 * One (mean) layer's attention on one GPU for a step, plus the write of the step's new K and V into the
 * cache (one kernel in the engines; counted with attention, as the kernel tables do not time it apart).
 * With sliding-window layers it is the mean over layers (`meanLayerSums`); with linear-attention layers
 * (Qwen3.5) the softmax layers' work and theirs (`linearAttentionWork`), weighted by their counts.
 */
export function layerAttentionWork(
  model: ModelConfig,
  precision: Precision,
  tp: number,
  step: AttentionSums,
  kvCacheDtype?: KvCacheDtype,
): OperatorWork {
  const act = activationBytesPerElement(precision);
  const kvElement = kvCacheBytesPerElement(precision, kvCacheDtype);
  const heads = {
    numHeads: model.numAttentionHeads / tp,
    numKeyValueHeads: kvHeadsPerGpu(model, tp),
    headDim: model.headDim,
  };
  if (model.mla) return mlaAttentionWork(model, model.mla, tp, kvElement, act, step);
  const kvPerToken = kvCacheBytesPerTokenPerLayerPerGpu(model, kvElement, tp);
  const sums = meanLayerSums(model, step);
  const newTokens = sums.kind === 'prefill' ? sums.tokens : sums.sequences;
  const work =
    sums.kind === 'prefill'
      ? prefillAttentionWorkFromSums(sums.tokens, sums.tokenPairs, heads, act)
      : decodeAttentionWorkFromSums(sums.sequences, sums.contextTokens, heads, kvElement, act);
  const softmax = { flop: work.flop, bytes: work.bytes + newTokens * kvPerToken, serialBytes: 0 };
  const linearLayers = model.linearAttention?.layers ?? 0;
  if (linearLayers === 0) return softmax;
  const share = linearLayers / model.numHiddenLayers;
  const linear = linearAttentionWork(
    model,
    tp,
    act,
    step.kind === 'prefill'
      ? { kind: 'prefill', tokens: step.tokens }
      : { kind: 'decode', sequences: step.sequences },
  );
  return {
    flop: (1 - share) * softmax.flop + share * linear.flop,
    bytes: (1 - share) * softmax.bytes + share * linear.bytes,
    serialBytes: 0,
  };
}

/**
 * Bytes of each of a layer's two tensor-parallel all-reduces (after attention's O projection and after
 * the MLP): the `tokens` × hidden activations; 0 on one GPU.
 */
export function allReduceMessageBytes(
  model: ModelConfig,
  precision: Precision,
  tensorParallel: number,
  tokens: number,
): number {
  return tensorParallel > 1 ? tokens * model.hiddenSize * activationBytesPerElement(precision) : 0;
}

/** The operators of one layer for a step, split across `tensorParallel` GPUs (Megatron-style). */
export function layerOperators(
  model: ModelConfig,
  precision: Precision,
  tensorParallel: number,
  step: StepShape,
  kvCacheDtype?: KvCacheDtype,
  activationQuantBytes = 0,
): LayerOperators {
  const tp = tensorParallel;
  const m = step.batchSize * step.newTokens;
  const sums: AttentionSums =
    step.kind === 'prefill'
      ? { kind: 'prefill', tokens: m, tokenPairs: (step.batchSize * step.newTokens * step.newTokens) / 2 }
      : { kind: 'decode', sequences: step.batchSize, contextTokens: step.batchSize * step.contextTokens };
  const kvPerToken = kvCacheBytesPerTokenPerLayerPerGpu(
    model,
    kvCacheBytesPerElement(precision, kvCacheDtype),
    tp,
  );
  return {
    gemms: layerGemms(model, precision, tp, m, activationQuantBytes),
    attention: layerAttentionWork(model, precision, tp, sums, kvCacheDtype),
    attentionKind: step.kind,
    allReduceBytes: allReduceMessageBytes(model, precision, tp, m),
    newKvBytes: (m * kvPerToken * softmaxAttentionLayers(model)) / model.numHiddenLayers,
    contextKvBytes:
      (step.batchSize * kvLayerTokens(model, step.contextTokens) * kvPerToken) / model.numHiddenLayers,
  };
}

/**
 * The LM head of one step: logits for the last token of each sequence, vocabulary split across GPUs.
 * Its weights stay in the activation dtype whatever the layers are quantized to: vLLM's quantization
 * configs (Fp8Config, AWQ, GPTQ, ModelOpt) give quantized methods to `LinearBase` layers only, and the
 * LM head is a `ParallelLMHead` (a vocabulary embedding), so it runs the unquantized GEMM.
 */
export function lmHeadWork(
  model: ModelConfig,
  precision: Precision,
  tensorParallel: number,
  batchSize: number,
) {
  const act = activationBytesPerElement(precision);
  return weightGemmWork(batchSize, model.hiddenSize, model.vocabSize / tensorParallel, act, act);
}

/** A matrix multiply's shape: `m` tokens × (k×n) weights, run `count` times (experts touched). */
export interface GemmShape {
  m: number;
  n: number;
  k: number;
  count: number;
}

/** The (m, n, k) shapes of the GEMMs `layerGemms` counts, for `m` tokens on one GPU of `tp`. */
export function layerGemmShapes(model: ModelConfig, tp: number, m: number): GemmShape[] {
  const h = model.hiddenSize;
  const headsPerGpu = model.numAttentionHeads / tp;
  const kvHeads = kvHeadsPerGpu(model, tp);
  const inner = model.intermediateSize / tp;
  const upWidth = (model.gatedMlp ? 2 : 1) * inner;
  // The token mixer of the mean layer: softmax attention's QKV (q twice as wide with an output gate)
  // and O on its share of the layers, linear attention's projections on the rest.
  const linearShare = (model.linearAttention?.layers ?? 0) / model.numHiddenLayers;
  const qHeads = (model.attentionOutputGate ? 2 : 1) * headsPerGpu;
  const shapes: GemmShape[] = model.mla
    ? mlaGemmShapes(model, model.mla, tp, m)
    : [
        { m, n: (qHeads + 2 * kvHeads) * model.headDim, k: h, count: 1 - linearShare },
        { m, n: h, k: headsPerGpu * model.headDim, count: 1 - linearShare },
        ...linearAttentionGemmShapes(model, tp, m).map((g) => ({ ...g, count: linearShare })),
      ];
  if (model.numLocalExperts > 1) {
    // MoE layers: the routed experts touched, plus the shared experts every token runs; dense layers
    // (DeepSeek's first_k_dense_replace) run a plain MLP — each on its share of the layers.
    const dense = model.denseLayers;
    const moeShare = dense ? 1 - dense.layers / model.numHiddenLayers : 1;
    const active = expectedActiveExperts(model.numLocalExperts, model.numExpertsPerTok, m);
    const tokensPerExpert = (m * model.numExpertsPerTok) / active;
    shapes.push(
      { m: tokensPerExpert, n: upWidth, k: h, count: active * moeShare },
      { m: tokensPerExpert, n: h, k: inner, count: active * moeShare },
    );
    const sharedInner = (model.sharedExpertIntermediateSize ?? 0) / tp;
    if (sharedInner > 0) {
      shapes.push(
        { m, n: (model.gatedMlp ? 2 : 1) * sharedInner, k: h, count: moeShare },
        { m, n: h, k: sharedInner, count: moeShare },
      );
    }
    if (dense) {
      const denseInner = dense.intermediateSize / tp;
      shapes.push(
        { m, n: (model.gatedMlp ? 2 : 1) * denseInner, k: h, count: 1 - moeShare },
        { m, n: h, k: denseInner, count: 1 - moeShare },
      );
    }
  } else {
    shapes.push({ m, n: upWidth, k: h, count: 1 }, { m, n: h, k: inner, count: 1 });
  }
  return shapes;
}
