import type { GpuSpec } from './gpu-spec.js';
import type { BillingRule, InstanceType } from './instance-type.js';
import type { Issue } from './issue.js';
import { type BatchShape, type MemoryBreakdown, memoryBreakdown } from './memory.js';
import type { ModelConfig } from './model-config.js';
import { decideOffload } from './offload-decision.js';
import { defaultKvCacheDtype, type KvCacheDtype, type Precision } from './precision.js';
import { type TaskCost, type TaskShape, taskCost } from './task-cost.js';
import type { StageCalibration, TimePrediction, TimePredictor } from './time-predictor.js';

/** One way to run the task: an instance (or bare GPUs), a precision and a tensor-parallel degree. */
export interface PlacementInputs {
  model: ModelConfig;
  gpu: GpuSpec;
  /** GPUs available (the instance's count). */
  gpuCount: number;
  hostMemoryBytes: number;
  gpuInterconnect: InstanceType['gpuInterconnect'];
  precision: Precision;
  /** The KV cache's dtype; absent: the precision's default (defaultKvCacheDtype). */
  kvCacheDtype?: KvCacheDtype;
  tensorParallel: number;
  task: TaskShape;
  priceUsdPerHour: number;
  billing: BillingRule;
  sloTokensPerSecond: number;
  predictor: TimePredictor;
  calibration: StageCalibration;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
  allowOffload: boolean;
}

export interface FeasiblePlacement {
  feasible: true;
  precision: Precision;
  /** The KV cache's dtype the memory and time assumed (what the emitted engine flags must say). */
  kvCacheDtype: KvCacheDtype;
  tensorParallel: number;
  replicas: number;
  memory: MemoryBreakdown;
  offloadFraction: number;
  /** KV bytes held in host RAM across the whole instance. */
  offloadedBytes: number;
  time: TimePrediction;
  cost: TaskCost;
  warnings: Issue[];
}

export interface InfeasiblePlacement {
  feasible: false;
  precision: Precision;
  tensorParallel: number;
  memory: MemoryBreakdown;
  reason: Issue;
}

export type PlacementEvaluation = FeasiblePlacement | InfeasiblePlacement;

export function batchOf(task: TaskShape): BatchShape {
  return { batchSize: task.batchSize, inputTokens: task.inputTokens, outputTokens: task.outputTokens };
}

/** Memory, Algorithm 1, time and cost of one placement. */
export function evaluatePlacement(p: PlacementInputs): PlacementEvaluation {
  const batch = batchOf(p.task);
  const kvCacheDtype = p.kvCacheDtype ?? defaultKvCacheDtype(p.precision);
  const memory = memoryBreakdown({
    model: p.model,
    precision: p.precision,
    kvCacheDtype,
    batch,
    gpuMemoryBytes: p.gpu.memoryBytes,
    tensorParallel: p.tensorParallel,
    gpuMemoryUtilization: p.gpuMemoryUtilization,
  });
  const replicas = Math.floor(p.gpuCount / p.tensorParallel);
  const gpusUsed = replicas * p.tensorParallel;
  const hostMemoryBytesForKv = (p.hostMemoryBytes * p.hostMemoryUtilization) / gpusUsed;
  let decision = decideOffload({ memory, hostMemoryBytesForKv, allowOffload: p.allowOffload });
  const policyWarnings: Issue[] = [];
  // An engine with an offload policy of its own (FlexGen) places the KV cache itself, Algorithm 1 aside.
  if (decision.feasible && p.allowOffload && p.predictor.offloadPolicy) {
    const chosen = p.predictor.offloadPolicy({
      model: p.model,
      gpu: p.gpu,
      precision: p.precision,
      kvCacheDtype,
      tensorParallel: p.tensorParallel,
      batch,
      hostMemoryBytesForKv,
      algorithm1Fraction: decision.offloadFraction,
    });
    decision = chosen.ok
      ? {
          feasible: true,
          offloadFraction: chosen.value,
          offloadedBytes: chosen.value * memory.kvCacheBytes,
          memory: decision.memory,
        }
      : { feasible: false, reason: chosen.issues[0] ?? { code: 'prediction-invalid' }, memory };
    if (chosen.ok) policyWarnings.push(...chosen.warnings);
  }
  if (!decision.feasible) {
    return {
      feasible: false,
      precision: p.precision,
      tensorParallel: p.tensorParallel,
      memory,
      reason: decision.reason,
    };
  }
  const time = p.predictor.predict({
    model: p.model,
    gpu: p.gpu,
    precision: p.precision,
    kvCacheDtype,
    tensorParallel: p.tensorParallel,
    gpuInterconnect: p.gpuInterconnect,
    batch,
    offloadFraction: decision.offloadFraction,
    calibration: p.calibration,
  });
  if (!(time.batchSeconds > 0) || !Number.isFinite(time.batchSeconds)) {
    return {
      feasible: false,
      precision: p.precision,
      tensorParallel: p.tensorParallel,
      memory,
      reason: { code: 'prediction-invalid', details: { batchSeconds: String(time.batchSeconds) } },
    };
  }
  const cost = taskCost(
    p.task,
    time.batchSeconds,
    replicas,
    p.priceUsdPerHour,
    p.billing,
    p.sloTokensPerSecond,
  );
  return {
    feasible: true,
    precision: p.precision,
    kvCacheDtype,
    tensorParallel: p.tensorParallel,
    replicas,
    memory: decision.memory,
    offloadFraction: decision.offloadFraction,
    offloadedBytes: decision.offloadedBytes * gpusUsed,
    time,
    cost,
    warnings: [...policyWarnings, ...time.warnings],
  };
}
