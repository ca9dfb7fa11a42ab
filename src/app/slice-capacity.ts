import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Issue, Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { SimulationSummary } from '../sim/simulation-result.js';
import type { Workload } from '../sim/workload.js';
import type { LatencySloTargets } from './latency-slo.js';
import type { EfficiencyData } from './predictors.js';
import { servingCapacity } from './serving-capacity.js';
import { buildServingReplica, type ServingReplica } from './serving-replica.js';
import { DEFAULTS } from './settings.js';

export interface SliceCapacityRequest {
  model: ModelConfig;
  /** A whole GPU or a MIG slice (core/mig-slice-gpu.ts). */
  gpu: GpuSpec;
  precision: Precision;
  /** The traffic shape (time-scaled to each probed rate). */
  workload: Workload;
  minimumKvTokens: number;
  targets: LatencySloTargets;
  percentile?: 95 | 99;
  efficiency: EfficiencyData;
  /** The serving engine whose per-step overheads the simulator adds (absent: GPU kernels only). */
  engine?: EngineProfile;
  seed: number;
}

export interface SliceCapacity {
  /** OASIS's maximum serviceable request rate of one replica on this GPU or slice, requests/s (0: none). */
  requestsPerSecond: number;
  /** How far above the answer the true maximum may lie (null: unbounded or none). */
  relativeUncertainty: number | null;
  simulations: number;
  /** Requests/s one replica completes when saturated (a closed loop at its maxNumSeqs; 0 when it serves nothing). */
  saturatedRequestsPerSecond: number;
  /** The simulation at the answer rate (its queue depths feed autoscaling targets); absent when none met the SLO. */
  answerSummary?: SimulationSummary;
  /** Why it serves nothing (e.g. the model does not fit the slice). */
  reason?: Issue;
  warnings: Issue[];
}

/**
 * The maximum serviceable rate of one engine on one GPU or MIG slice (vLLM's defaults for its memory,
 * one replica, no tensor parallelism): the capacity bisection of app/serving-capacity.ts. Packing and
 * provisioning build their capacity tables from this.
 */
export function sliceCapacity(req: SliceCapacityRequest): SliceCapacity {
  const serving = sliceServing(req);
  if (!serving.ok) {
    return {
      requestsPerSecond: 0,
      relativeUncertainty: null,
      simulations: 0,
      saturatedRequestsPerSecond: 0,
      reason: serving.issues[0] as Issue,
      warnings: [],
    };
  }
  const result = servingCapacity({
    serving: serving.value,
    instances: 1,
    workload: req.workload,
    targets: req.targets,
    percentile: req.percentile ?? 95,
    router: 'least-outstanding-tokens',
    seed: req.seed,
  });
  return {
    requestsPerSecond: result.requestsPerSecond,
    relativeUncertainty: Number.isFinite(result.relativeUncertainty) ? result.relativeUncertainty : null,
    simulations: result.simulations,
    saturatedRequestsPerSecond: result.saturatedRequestsPerSecond,
    ...(result.answerSummary ? { answerSummary: result.answerSummary } : {}),
    warnings: serving.value.warnings,
  };
}

/** The engine of one replica on one GPU or slice as sliceCapacity probes it (vLLM's defaults, no TP). */
export function sliceServing(
  req: Pick<
    SliceCapacityRequest,
    'model' | 'gpu' | 'precision' | 'minimumKvTokens' | 'efficiency' | 'engine'
  >,
): Result<ServingReplica> {
  return buildServingReplica({
    model: req.model,
    hardware: { gpu: req.gpu, gpuCount: 1, hostMemoryBytes: Number.POSITIVE_INFINITY, interconnect: 'none' },
    precision: req.precision,
    tensorParallel: 1,
    minimumKvTokens: req.minimumKvTokens,
    scheduler: {},
    efficiency: req.efficiency,
    ...(req.engine ? { engine: req.engine } : {}),
    gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
    hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
  });
}
