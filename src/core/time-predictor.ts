import type { StepOverheads } from './engine-profile.js';
import type { GpuSpec } from './gpu-spec.js';
import type { Issue, Result } from './issue.js';
import type { BatchShape } from './memory.js';
import type { ModelConfig } from './model-config.js';
import type { KvCacheDtype, Precision } from './precision.js';

/**
 * The paper's Compute Time Calibration Function, CTCF(t) = alpha·t + beta, applied to one layer's
 * computed time (seconds) of a stage. Identity: alpha 1, beta 0.
 */
export interface Ctcf {
  alpha: number;
  betaSeconds: number;
}

export const IDENTITY_CTCF: Ctcf = { alpha: 1, betaSeconds: 0 };

/**
 * A direct step-time curve fitted on measured steps (DistServe's shapes), in seconds for the whole
 * step on the GPU (all layers, LM head and tensor-parallel all-reduce; PCIe offload traffic excluded):
 * `distserve-prefill`: a + b·Σtokens + c·Σtokens², over the step's sequences' new tokens;
 * `distserve-decode`: a + b·Σcontext + c·sequences.
 */
export interface StageCurve {
  kind: 'distserve-prefill' | 'distserve-decode';
  a: number;
  b: number;
  c: number;
}

/** What a curve is evaluated on, summed over the step's sequences. */
export interface CurveFeatures {
  /** Σ new tokens (prompt tokens in prefill, 1 per sequence in decode). */
  tokens: number;
  /** Σ new tokens² per sequence. */
  tokenSquares: number;
  /** Σ context tokens. */
  contextTokens: number;
  sequences: number;
}

/** Features of a uniform step: `batchSize` sequences of `newTokens` new tokens at `contextTokens`. */
export function uniformCurveFeatures(
  batchSize: number,
  newTokens: number,
  contextTokens: number,
): CurveFeatures {
  return {
    tokens: batchSize * newTokens,
    tokenSquares: batchSize * newTokens * newTokens,
    contextTokens: batchSize * contextTokens,
    sequences: batchSize,
  };
}

/** The curve's step seconds. */
export function curveSeconds(curve: StageCurve, f: CurveFeatures): number {
  return curve.kind === 'distserve-prefill'
    ? curve.a + curve.b * f.tokens + curve.c * f.tokenSquares
    : curve.a + curve.b * f.contextTokens + curve.c * f.sequences;
}

export interface StageCalibration {
  prefill: Ctcf;
  decode: Ctcf;
  /**
   * A fitted step-time curve for the stage: when present it replaces the stage's on-GPU step time
   * (kernels, LM head, all-reduce) and its CTCF; PCIe offload transfers are still added.
   */
  prefillCurve?: StageCurve;
  decodeCurve?: StageCurve;
  /** Both stages' CTCF were fitted with the engine's step overheads added (through the simulator): keep them. */
  keepsEngineOverheads?: boolean;
}

/** Everything a time predictor needs to time one batch on one tensor-parallel group. */
export interface TimeInputs {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  /** The KV cache's dtype; absent: the precision's default (defaultKvCacheDtype). */
  kvCacheDtype?: KvCacheDtype;
  tensorParallel: number;
  /** How the group's GPUs exchange all-reduce traffic. */
  gpuInterconnect: 'nvlink' | 'pcie' | 'none';
  batch: BatchShape;
  offloadFraction: number;
  calibration: StageCalibration;
  /**
   * The serving engine's step costs (engine-profile.ts): with them a step also pays the elementwise
   * kernels, the engine's kernel scale and its per-step, per-sequence, per-layer and TP costs. Absent:
   * kernels only (GEMMs, attention, all-reduce, LM head), what per-operator tables measure.
   */
  stepOverheads?: StepOverheads;
}

/** The resource that sets a stage's time. */
/** `host-cpu`: attention over KV held in host memory, computed on the CPU (FlexGen). */
export type Bound = 'compute' | 'hbm' | 'pcie' | 'interconnect' | 'overhead' | 'host-cpu';

export interface StageTime {
  seconds: number;
  bound: Bound;
  /** Calibrated on-GPU time of the stage (kernels), summed over layers and steps. */
  gpuSeconds: number;
  /** PCIe KV transfer time of the stage that is not hidden behind compute. */
  pcieSeconds: number;
  /** Tensor-parallel all-reduce time of the stage. */
  interconnectSeconds: number;
}

export interface TimePrediction {
  prefill: StageTime;
  /** All decode steps (outputTokens − 1 of them: the first token comes out of prefill). */
  decode: StageTime;
  /** Mean decode step. */
  decodeStepSeconds: number;
  /** Prefill + decode for one batch. */
  batchSeconds: number;
  /** Paper equation 1: batch × (input + output) tokens / batch time. Input and output tokens. */
  tokensPerSecond: number;
  /** Output tokens only, as serving engines report. */
  outputTokensPerSecond: number;
  warnings: Issue[];
}

/** What an engine's own offload placement decides on (evaluate-placement.ts asks it after Algorithm 1). */
export interface OffloadPolicyInputs {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  kvCacheDtype: KvCacheDtype;
  tensorParallel: number;
  batch: BatchShape;
  /** Host RAM the offloaded KV of one GPU may use. */
  hostMemoryBytesForKv: number;
  /** Algorithm 1's share of the KV cache in host memory. */
  algorithm1Fraction: number;
}

export interface TimePredictor {
  id: string;
  description: string;
  predict(inputs: TimeInputs): TimePrediction;
  /**
   * The engine's own offload placement, when it has one (FlexGen's policy): the share of the KV cache
   * held in host memory, or why the batch cannot run. Absent: Algorithm 1's share stands.
   */
  offloadPolicy?(inputs: OffloadPolicyInputs): Result<number>;
}

/** Assembles a prediction from the two stage times. */
export function combineStages(
  batch: BatchShape,
  prefill: StageTime,
  decode: StageTime,
  warnings: Issue[],
): TimePrediction {
  const batchSeconds = prefill.seconds + decode.seconds;
  const decodeSteps = Math.max(batch.outputTokens - 1, 0);
  return {
    prefill,
    decode,
    decodeStepSeconds: decodeSteps > 0 ? decode.seconds / decodeSteps : 0,
    batchSeconds,
    tokensPerSecond: (batch.batchSize * (batch.inputTokens + batch.outputTokens)) / batchSeconds,
    outputTokensPerSecond: (batch.batchSize * batch.outputTokens) / batchSeconds,
    warnings,
  };
}

/** CTCF(t) = alpha·t + beta. */
export function applyCtcf(ctcf: Ctcf, seconds: number): number {
  return ctcf.alpha * seconds + ctcf.betaSeconds;
}
