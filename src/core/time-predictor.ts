import type { GpuSpec } from './gpu-spec.js';
import type { Issue } from './issue.js';
import type { BatchShape } from './memory.js';
import type { ModelConfig } from './model-config.js';
import type { Precision } from './precision.js';

/**
 * The paper's Compute Time Calibration Function, CTCF(t) = alpha·t + beta, applied to one layer's
 * computed time (seconds) of a stage. Identity: alpha 1, beta 0.
 */
export interface Ctcf {
  alpha: number;
  betaSeconds: number;
}

export const IDENTITY_CTCF: Ctcf = { alpha: 1, betaSeconds: 0 };

export interface StageCalibration {
  prefill: Ctcf;
  decode: Ctcf;
}

/** Everything a time predictor needs to time one batch on one tensor-parallel group. */
export interface TimeInputs {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  tensorParallel: number;
  /** How the group's GPUs exchange all-reduce traffic. */
  gpuInterconnect: 'nvlink' | 'pcie' | 'none';
  batch: BatchShape;
  offloadFraction: number;
  calibration: StageCalibration;
}

/** The resource that sets a stage's time. */
export type Bound = 'compute' | 'hbm' | 'pcie' | 'interconnect' | 'overhead';

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

export interface TimePredictor {
  id: string;
  description: string;
  predict(inputs: TimeInputs): TimePrediction;
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
