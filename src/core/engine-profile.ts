import type { FlexgenCostModelData } from './flexgen-cost-model.js';
import type { QuantizationSupport } from './quantization-support.js';
import type { Source } from './source.js';

/**
 * What a serving engine pays per step beyond the GPU kernels a roofline counts (docs/step-model.md):
 * step = kernelScale × (kernels + elementwise kernels) + perStepSeconds + perSequenceSeconds × sequences
 *        + layers × (perLayerSeconds + tensorParallelSecondsPerLayer × log2(GPUs)).
 */
export interface StepOverheads {
  /** Engine's prefill kernels (incl. all-reduce and LM head) relative to the fitted roofline. */
  prefillKernelScale: number;
  /** Engine's decode kernels relative to the fitted roofline. */
  decodeKernelScale: number;
  /** Scheduling, input preparation, sampling set-up, output processing: once per step. */
  perStepSeconds: number;
  /** Per sequence in the step (sampling, attention metadata, detokenisation). */
  perSequenceSeconds: number;
  /** Per decoder layer per step, beyond the counted kernels and their launches. */
  perLayerSeconds: number;
  /** Tensor-parallel synchronisation per decoder layer, per doubling of the GPU count. */
  tensorParallelSecondsPerLayer: number;
}

/**
 * No engine costs: the roofline's kernels plus the elementwise kernels, as they are.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export const ZERO_OVERHEADS: StepOverheads = {
  prefillKernelScale: 1,
  decodeKernelScale: 1,
  perStepSeconds: 0,
  perSequenceSeconds: 0,
  perLayerSeconds: 0,
  tensorParallelSecondsPerLayer: 0,
};

/** How an engine admits requests into its KV cache (calib-conc's simulator reads it). */
export type KvAdmissionPolicy =
  /** vLLM: blocks allocated as tokens arrive; when the cache is full, the newest request is preempted and recomputed. */
  | 'on-demand-preempt-recompute'
  /** TensorRT-LLM's capacity scheduler (GUARANTEED_NO_EVICT): reserves a request's whole sequence before admitting it. */
  | 'reserve-whole-sequence'
  /** SGLang: admits against an estimated future use (new-token ratio), retracts decoding requests when memory runs out. */
  | 'estimated-ratio-retract'
  /** FlexGen: one static batch sized by its offloading policy; no admission during a run. */
  | 'static-batch';

export interface TransferredValue {
  /** Dotted field paths in the engine file, e.g. `stepOverheads`. */
  fields: string[];
  /** Engine id the values were taken from. */
  fromEngine: string;
  reason: string;
}

/** One serving engine's behaviour and costs, from `data/v1/engines/<id>.json`. */
export interface EngineProfile {
  id: string;
  name: string;
  description: string;
  kvCache: {
    blockSizeTokens: number;
    /** Share of GPU memory the engine lets itself use (weights, activations, KV); the rest is reserve. */
    gpuMemoryUtilization: number;
    admission: KvAdmissionPolicy;
  };
  scheduler: {
    /** Token budget per step (prompt chunks + decode tokens) by default. */
    defaultMaxBatchedTokens: number;
    chunkedPrefill: boolean;
  };
  offload: {
    supported: boolean;
    /** `kv-connector`: vLLM's KV-offloading connector; `flexgen-policy`: FlexGen's weight/KV/activation placement. */
    mechanism: 'none' | 'kv-connector' | 'flexgen-policy';
  };
  /**
   * Fitted step overheads: `default`, and per GPU id where the engine was measured on that GPU. Absent
   * until fitted (scripts/step-model): predictions then count kernels only and say so.
   */
  stepOverheads?: {
    default: StepOverheads;
    byGpu: Record<string, StepOverheads>;
  };
  /** Quantization formats by compute capability, from the engine's docs (absent: not documented here). */
  quantization?: QuantizationSupport;
  /** Values this engine has no data for, taken from another engine. */
  transferred: TransferredValue[];
  /**
   * `flexgen-policy` engines: FlexGen's fitted cost model (data/v1/flexgen-cost-model.json, attached when
   * the engines are loaded), which places and times offloaded batches (flexgen-offload.ts).
   */
  flexgenCostModel?: FlexgenCostModelData;
  sources: Source[];
}

/** The engine's step overheads on `gpuId`: measured there, else its default (flagged by `measuredOnGpu`). */
export function engineStepOverheads(
  engine: EngineProfile,
  gpuId: string,
): { overheads: StepOverheads; measuredOnGpu: boolean } | undefined {
  if (!engine.stepOverheads) return undefined;
  const measured = engine.stepOverheads.byGpu[gpuId];
  return measured
    ? { overheads: measured, measuredOnGpu: true }
    : { overheads: engine.stepOverheads.default, measuredOnGpu: false };
}
