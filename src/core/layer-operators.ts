import { kvCacheBytesPerTokenPerLayerPerGpu, kvHeadsPerGpu } from './kv-cache.js';
import { activationBytesPerElement } from './memory.js';
import type { ModelConfig } from './model-config.js';
import type { OperatorWork } from './operator-time.js';
import { decodeAttentionWork, prefillAttentionWork } from './operator-work.js';
import { bytesPerParameter, kvCacheBytesPerElement, type Precision } from './precision.js';

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
  /** KV bytes this layer holds on this GPU (all context tokens), before offloading. */
  contextKvBytes: number;
}

/**
 * A matrix multiply of m tokens by a k×n weight matrix stored in `weightBytes` per element, with 16-bit
 * activations in and out.
 */
export function weightGemmWork(
  m: number,
  k: number,
  n: number,
  weightBytes: number,
  actBytes: number,
): OperatorWork {
  return { flop: 2 * m * n * k, bytes: k * n * weightBytes + (m * k + m * n) * actBytes };
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

/** The matrix multiplies of one layer for `m` tokens on one GPU (Megatron-style split across `tp`). */
export function layerGemms(model: ModelConfig, precision: Precision, tp: number, m: number): OperatorWork[] {
  const act = activationBytesPerElement(precision);
  const w = bytesPerParameter(precision);
  const h = model.hiddenSize;
  const headsPerGpu = model.numAttentionHeads / tp;
  const kvHeads = kvHeadsPerGpu(model, tp);
  const qkvWidth = (headsPerGpu + 2 * kvHeads) * model.headDim;
  const gemms: OperatorWork[] = [
    weightGemmWork(m, h, qkvWidth, w, act),
    weightGemmWork(m, headsPerGpu * model.headDim, h, w, act),
  ];
  const inner = model.intermediateSize / tp;
  const upWidth = (model.gatedMlp ? 2 : 1) * inner;
  if (model.numLocalExperts > 1) {
    const routed = m * model.numExpertsPerTok;
    const active = expectedActiveExperts(model.numLocalExperts, model.numExpertsPerTok, m);
    const tokensPerExpert = routed / active;
    for (const work of [
      weightGemmWork(tokensPerExpert, h, upWidth, w, act),
      weightGemmWork(tokensPerExpert, inner, h, w, act),
    ]) {
      gemms.push({ flop: work.flop * active, bytes: work.bytes * active });
    }
  } else {
    gemms.push(weightGemmWork(m, h, upWidth, w, act), weightGemmWork(m, inner, h, w, act));
  }
  return gemms;
}

/** The operators of one layer for a step, split across `tensorParallel` GPUs (Megatron-style). */
export function layerOperators(
  model: ModelConfig,
  precision: Precision,
  tensorParallel: number,
  step: StepShape,
): LayerOperators {
  const tp = tensorParallel;
  const act = activationBytesPerElement(precision);
  const m = step.batchSize * step.newTokens;
  const h = model.hiddenSize;
  const headsPerGpu = model.numAttentionHeads / tp;
  const kvHeads = kvHeadsPerGpu(model, tp);
  const gemms = layerGemms(model, precision, tp, m);
  const kvElement = kvCacheBytesPerElement(precision);
  const attention =
    step.kind === 'prefill'
      ? prefillAttentionWork(step.batchSize, step.newTokens, headsPerGpu, kvHeads, model.headDim, act)
      : decodeAttentionWork(
          step.batchSize,
          step.contextTokens,
          headsPerGpu,
          kvHeads,
          model.headDim,
          kvElement,
          act,
        );
  const kvPerToken = kvCacheBytesPerTokenPerLayerPerGpu(model, kvElement, tp);
  const newKvBytes = m * kvPerToken;
  return {
    gemms,
    attention: { flop: attention.flop, bytes: attention.bytes + newKvBytes },
    attentionKind: step.kind,
    allReduceBytes: tp > 1 ? m * h * act : 0,
    newKvBytes,
    contextKvBytes: step.batchSize * step.contextTokens * kvPerToken,
  };
}

/** The LM head of one step: logits for the last token of each sequence, vocabulary split across GPUs. */
export function lmHeadWork(
  model: ModelConfig,
  precision: Precision,
  tensorParallel: number,
  batchSize: number,
) {
  return weightGemmWork(
    batchSize,
    model.hiddenSize,
    model.vocabSize / tensorParallel,
    bytesPerParameter(precision),
    activationBytesPerElement(precision),
  );
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
  const shapes: GemmShape[] = [
    { m, n: (headsPerGpu + 2 * kvHeads) * model.headDim, k: h, count: 1 },
    { m, n: h, k: headsPerGpu * model.headDim, count: 1 },
  ];
  if (model.numLocalExperts > 1) {
    const active = expectedActiveExperts(model.numLocalExperts, model.numExpertsPerTok, m);
    const tokensPerExpert = (m * model.numExpertsPerTok) / active;
    shapes.push(
      { m: tokensPerExpert, n: upWidth, k: h, count: active },
      { m: tokensPerExpert, n: h, k: inner, count: active },
    );
  } else {
    shapes.push({ m, n: upWidth, k: h, count: 1 }, { m, n: h, k: inner, count: 1 });
  }
  return shapes;
}
