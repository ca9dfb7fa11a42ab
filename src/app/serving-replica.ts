import { allReduceCost } from '../core/all-reduce-cost.js';
import { type Calibration, resolveCalibration } from '../core/calibration.js';
import { type EngineProfile, engineStepOverheads } from '../core/engine-profile.js';
import { gemmCost } from '../core/gemm-cost.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { InstanceType } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { kvBlockCapacity } from '../core/kv-block-capacity.js';
import type { ModelConfig } from '../core/model-config.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import { createRooflineStepTimer } from '../core/roofline-step-timer.js';
import { tensorParallelOptions } from '../core/tensor-parallel.js';
import { VLLM_ADMISSION } from '../sim/kv-admission.js';
import type { ReplicaConfig } from '../sim/simulation-input.js';
import { checkStepTimer } from './check-step-timer.js';
import { engineProvenanceWarnings, replacesEngineOverheads } from './engine-predictor.js';
import { migEstimateWarnings } from './mig-slice.js';
import type { Hardware } from './predict.js';
import type { EfficiencyData } from './predictors.js';

/** vLLM scheduler settings a user may override; omitted ones take vLLM's defaults for the GPU. */
export interface SchedulerSettings {
  maxNumSeqs?: number;
  maxNumBatchedTokens?: number;
  chunkedPrefill?: boolean;
  blockTokens?: number;
  preemption?: 'recompute' | 'swap';
  prefixCaching?: boolean;
  /** vLLM's `scheduler_reserve_full_isl` (default on): admit a request only when its whole prompt fits. */
  reserveFullPrompt?: boolean;
}

/**
 * vLLM's own defaults for its OpenAI server (engine/arg_utils.py): GPUs with ≥ 70 GiB that are not an
 * A100 get max_num_batched_tokens 8192 and max_num_seqs 1024; the rest 2048 and 256. Chunked prefill and
 * prefix caching are on, preemption recomputes, KV blocks hold 16 tokens (V1 engine defaults).
 */
export function vllmDefaultScheduler(gpu: GpuSpec): Required<SchedulerSettings> {
  const large = gpu.memoryBytes >= 70 * 2 ** 30 && !gpu.id.toUpperCase().startsWith('A100');
  return {
    maxNumSeqs: large ? 1024 : 256,
    maxNumBatchedTokens: large ? 8192 : 2048,
    chunkedPrefill: true,
    blockTokens: 16,
    preemption: 'recompute',
    prefixCaching: true,
    reserveFullPrompt: true,
  };
}

export interface ServingHardware {
  /** Instance id (for calibration lookup and messages), or undefined for bare GPUs. */
  instanceId?: string;
  gpu: GpuSpec;
  gpuCount: number;
  hostMemoryBytes: number;
  interconnect: 'nvlink' | 'pcie' | 'none';
}

/** The serving view of --instance or --gpu. */
export function servingHardware(h: Hardware): ServingHardware {
  if (h.kind === 'instance') {
    return {
      instanceId: h.instance.id,
      gpu: h.gpu,
      gpuCount: h.instance.gpuCount,
      hostMemoryBytes: h.instance.hostMemoryBytes,
      interconnect: h.instance.gpuInterconnect,
    };
  }
  return {
    gpu: h.gpu,
    gpuCount: h.gpuCount,
    hostMemoryBytes: h.hostMemoryBytes,
    interconnect: h.gpuCount > 1 ? h.interconnect : 'none',
  };
}

/** An instance type's GPUs and host as a serving replica sees them. */
export function instanceHardware(instance: InstanceType, gpu: GpuSpec): ServingHardware {
  return {
    instanceId: instance.id,
    gpu,
    gpuCount: instance.gpuCount,
    hostMemoryBytes: instance.hostMemoryBytes,
    interconnect: instance.gpuInterconnect,
  };
}

export interface ServingReplicaRequest {
  model: ModelConfig;
  hardware: ServingHardware;
  precision: Precision;
  /** The KV cache's dtype (--kv-cache-dtype); absent: the precision's default. */
  kvCacheDtype?: KvCacheDtype;
  /** Omit for the smallest degree whose replica holds at least `minimumKvTokens` of KV. */
  tensorParallel?: number;
  /** The longest sequence the workload needs to fit (prompt + output), tokens. */
  minimumKvTokens: number;
  /**
   * The workload's mean sequence (prompt + output), tokens: the length at which a block's bytes are
   * exact for models with sliding-window layers (`kvBlockCapacity`); absent: minimumKvTokens.
   */
  kvReferenceTokens?: number;
  scheduler: SchedulerSettings;
  efficiency: EfficiencyData;
  calibration?: Calibration;
  /** The serving engine whose step overheads the step timer adds (absent: kernels only). */
  engine?: EngineProfile;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
}

/** What every replica of one serving use case shares: the model, engine settings and time model. */
export type ServingSettings = Pick<
  ServingReplicaRequest,
  | 'model'
  | 'scheduler'
  | 'efficiency'
  | 'calibration'
  | 'engine'
  | 'gpuMemoryUtilization'
  | 'hostMemoryUtilization'
  | 'kvCacheDtype'
>;

/** The placement that differs between the replicas a use case tries. */
export interface ServingPlacement {
  hardware: ServingHardware;
  precision: Precision;
  tensorParallel?: number;
  minimumKvTokens: number;
  kvReferenceTokens?: number;
}

/** buildServingReplica from a use case's shared settings and one placement. */
export function servingReplicaFor(settings: ServingSettings, placement: ServingPlacement) {
  return buildServingReplica({
    model: settings.model,
    scheduler: settings.scheduler,
    efficiency: settings.efficiency,
    ...(settings.calibration ? { calibration: settings.calibration } : {}),
    ...(settings.engine ? { engine: settings.engine } : {}),
    gpuMemoryUtilization: settings.gpuMemoryUtilization,
    hostMemoryUtilization: settings.hostMemoryUtilization,
    ...(settings.kvCacheDtype ? { kvCacheDtype: settings.kvCacheDtype } : {}),
    ...placement,
  });
}

export interface ServingReplica {
  replica: ReplicaConfig;
  tensorParallel: number;
  /** Replicas one instance (or the GPU set) holds: gpuCount / tensorParallel. */
  replicasPerInstance: number;
  kvBlocks: number;
  kvTokens: number;
  scheduler: Required<SchedulerSettings>;
  warnings: Issue[];
}

/**
 * One serving replica on the hardware: tensor-parallel degree, paged-KV capacity (as vLLM sizes it),
 * scheduler settings and a step timer from the roofline model (with the calibration, if any).
 */
export function buildServingReplica(req: ServingReplicaRequest): Result<ServingReplica> {
  const { model, hardware } = req;
  const scheduler = { ...vllmDefaultScheduler(hardware.gpu), ...definedOnly(req.scheduler) };
  // Without chunked prefill vLLM raises the default token budget to max(max_model_len, 2048), so that any
  // prompt fits one step.
  if (!scheduler.chunkedPrefill && req.scheduler.maxNumBatchedTokens === undefined) {
    scheduler.maxNumBatchedTokens = Math.max(model.maxPositionEmbeddings, 2048);
  }
  const options = tensorParallelOptions(model, hardware.gpuCount);
  const degrees = req.tensorParallel !== undefined ? [req.tensorParallel] : options;
  if (req.tensorParallel !== undefined && !options.includes(req.tensorParallel)) {
    return fail({
      code: 'invalid-tensor-parallel',
      path: 'tensorParallel',
      details: {
        tensorParallel: req.tensorParallel,
        gpuCount: hardware.gpuCount,
        valid: options.map(String),
      },
    });
  }
  let lastCapacity = 0;
  for (const tp of degrees) {
    const capacity = kvBlockCapacity(
      model,
      req.precision,
      hardware.gpu.memoryBytes,
      req.gpuMemoryUtilization,
      tp,
      scheduler.maxNumBatchedTokens,
      scheduler.maxNumSeqs,
      scheduler.blockTokens,
      req.kvCacheDtype,
      req.kvReferenceTokens ?? req.minimumKvTokens,
    );
    const kvTokens = capacity.kvBlocks * scheduler.blockTokens;
    lastCapacity = kvTokens;
    if (kvTokens < req.minimumKvTokens) continue;
    const warnings: Issue[] = migEstimateWarnings(hardware.gpu);
    const measured = req.efficiency.byGpuId[hardware.gpu.id];
    if (!measured) warnings.push({ code: 'efficiency-estimated', details: { gpu: hardware.gpu.id } });
    const profile = measured ?? req.efficiency.fallback;
    warnings.push(...gemmCost(hardware.gpu, req.precision, model.quantization, profile).warnings);
    const cal = resolveCalibration(req.calibration, 'roofline', hardware.instanceId, hardware.gpu.id, {
      model: model.id,
      tensorParallel: tp,
      precision: req.precision,
    });
    warnings.push(...cal.warnings);
    // A calibration fitted on whole measured steps already holds the engine's overheads: not added on top.
    const engine = req.engine && !replacesEngineOverheads(cal.calibration) ? req.engine : undefined;
    const engineOverheads = engine ? engineStepOverheads(engine, hardware.gpu.id) : undefined;
    if (engine) warnings.push(...engineProvenanceWarnings(engine, hardware.gpu.id));
    const allReduce = allReduceCost(
      profile,
      req.efficiency.fallback,
      hardware.gpu,
      tp,
      hardware.interconnect,
      warnings,
    );
    const replicasPerInstance = Math.floor(hardware.gpuCount / tp);
    const hostBlocks =
      scheduler.preemption === 'swap'
        ? Math.floor(
            (hardware.hostMemoryBytes * req.hostMemoryUtilization) /
              replicasPerInstance /
              tp /
              capacity.blockBytesPerGpu,
          )
        : 0;
    const stepTimer = createRooflineStepTimer({
      model,
      gpu: hardware.gpu,
      precision: req.precision,
      ...(req.kvCacheDtype ? { kvCacheDtype: req.kvCacheDtype } : {}),
      tensorParallel: tp,
      profile,
      allReduce,
      calibration: cal.calibration,
      ...(engineOverheads ? { stepOverheads: engineOverheads.overheads } : {}),
    });
    const invalid = checkStepTimer(
      stepTimer,
      {
        maxNumSeqs: scheduler.maxNumSeqs,
        maxNumBatchedTokens: scheduler.maxNumBatchedTokens,
        kvTokens,
        maxSequenceTokens: Math.max(req.minimumKvTokens, model.maxPositionEmbeddings),
      },
      req.calibration?.id,
    );
    if (invalid) return fail(invalid);
    const replica: ReplicaConfig = {
      stepTimer,
      maxNumSeqs: scheduler.maxNumSeqs,
      maxNumBatchedTokens: scheduler.maxNumBatchedTokens,
      chunkedPrefill: scheduler.chunkedPrefill,
      blockTokens: scheduler.blockTokens,
      kvBlocks: capacity.kvBlocks,
      kvBlockBytes: capacity.blockBytesPerGpu,
      preemption: scheduler.preemption,
      hostKvBlocks: Number.isFinite(hostBlocks) ? hostBlocks : 0,
      prefixCaching: scheduler.prefixCaching,
      admission: scheduler.reserveFullPrompt ? VLLM_ADMISSION : { kind: 'first-chunk' },
    };
    return ok(
      {
        replica,
        tensorParallel: tp,
        replicasPerInstance,
        kvBlocks: capacity.kvBlocks,
        kvTokens,
        scheduler,
        warnings,
      },
      warnings,
    );
  }
  return fail({
    code: 'kv-capacity-too-small',
    details: {
      kvTokens: lastCapacity,
      minimumKvTokens: req.minimumKvTokens,
      gpu: hardware.gpu.id,
      gpuCount: hardware.gpuCount,
    },
  });
}

function definedOnly(s: SchedulerSettings): SchedulerSettings {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as SchedulerSettings;
}
