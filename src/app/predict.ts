import { type Calibration, resolveCalibration } from '../core/calibration.js';
import { evaluatePlacement } from '../core/evaluate-placement.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { BillingRule, InstanceType } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { gpuLabel } from '../core/mig-slice-gpu.js';
import type { ModelConfig } from '../core/model-config.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import type { TaskShape } from '../core/task-cost.js';
import { tensorParallelOptions } from '../core/tensor-parallel.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { type Candidate, toCandidate } from './candidate.js';
import { migEstimateWarnings } from './mig-slice.js';

/** Where to run: a catalog instance, or bare GPUs (on-premises, or published measurements). */
export type Hardware =
  | { kind: 'instance'; instance: InstanceType; gpu: GpuSpec; region: string; priceUsdPerHour?: number }
  | {
      kind: 'gpus';
      gpu: GpuSpec;
      gpuCount: number;
      hostMemoryBytes: number;
      interconnect: 'nvlink' | 'pcie';
    };

export interface PredictRequest {
  model: ModelConfig;
  hardware: Hardware;
  precision: Precision;
  /** The KV cache's dtype (--kv-cache-dtype); absent: the precision's default. */
  kvCacheDtype?: KvCacheDtype;
  /** Omit to use the smallest degree that fits without offloading (else the smallest that fits). */
  tensorParallel?: number;
  task: TaskShape;
  predictor: TimePredictor;
  calibration?: Calibration;
  billing: BillingRule;
  sloTokensPerSecond?: number;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
}

/** Explains one placement: memory, offload, per-stage times and what bounds them, TPS, cost. */
export function predict(req: PredictRequest): Result<Candidate> {
  const hw = req.hardware;
  const gpuCount = hw.kind === 'instance' ? hw.instance.gpuCount : hw.gpuCount;
  const options = tensorParallelOptions(req.model, gpuCount);
  if (req.tensorParallel !== undefined && !options.includes(req.tensorParallel)) {
    return fail({
      code: 'invalid-tensor-parallel',
      path: 'tensorParallel',
      details: { tensorParallel: req.tensorParallel, gpuCount, valid: options.map(String) },
    });
  }
  const degrees = req.tensorParallel !== undefined ? [req.tensorParallel] : options;
  if (degrees.length === 0) return fail({ code: 'no-tensor-parallel-layout', details: { gpuCount } });
  const instanceId = hw.kind === 'instance' ? hw.instance.id : undefined;
  const calibrationFor = (tensorParallel: number) =>
    resolveCalibration(req.calibration, req.predictor.id, instanceId, hw.gpu.id, {
      model: req.model.id,
      tensorParallel,
      precision: req.precision,
    });
  const evaluations = degrees.map((tensorParallel) =>
    evaluatePlacement({
      model: req.model,
      gpu: hw.gpu,
      gpuCount,
      hostMemoryBytes: hw.kind === 'instance' ? hw.instance.hostMemoryBytes : hw.hostMemoryBytes,
      gpuInterconnect: hw.kind === 'instance' ? hw.instance.gpuInterconnect : hw.interconnect,
      precision: req.precision,
      ...(req.kvCacheDtype ? { kvCacheDtype: req.kvCacheDtype } : {}),
      tensorParallel,
      task: req.task,
      priceUsdPerHour: (hw.kind === 'instance' ? hw.priceUsdPerHour : undefined) ?? 0,
      billing: req.billing,
      sloTokensPerSecond: req.sloTokensPerSecond ?? Number.POSITIVE_INFINITY,
      predictor: req.predictor,
      calibration: calibrationFor(tensorParallel).calibration,
      gpuMemoryUtilization: req.gpuMemoryUtilization,
      hostMemoryUtilization: req.hostMemoryUtilization,
      allowOffload: true,
    }),
  );
  const feasible = evaluations.filter((e) => e.feasible);
  const chosen = feasible.find((e) => e.offloadFraction === 0) ?? feasible[0];
  if (!chosen) {
    const last = evaluations[evaluations.length - 1];
    return fail(last && !last.feasible ? last.reason : { code: 'prediction-invalid' });
  }
  const cal = calibrationFor(chosen.tensorParallel);
  const warnings: Issue[] = [...cal.warnings, ...migEstimateWarnings(hw.gpu)];
  const candidate = toCandidate(chosen, {
    instance: hw.kind === 'instance' ? hw.instance.id : 'bare-gpus',
    gpu: gpuLabel(hw.gpu),
    gpuCount,
    ...(hw.kind === 'instance' && hw.instance.cpuArchitecture
      ? { cpuArchitecture: hw.instance.cpuArchitecture }
      : {}),
    region: hw.kind === 'instance' ? hw.region : '',
    priceUsdPerHour: hw.kind === 'instance' ? (hw.priceUsdPerHour ?? 0) : 0,
    calibrated: cal.calibrated,
    warnings,
  });
  if (req.sloTokensPerSecond === undefined) {
    candidate.meetsSlo = true;
    candidate.effectiveTokensPerSecond = candidate.tokensPerSecond;
  }
  return ok(candidate, candidate.warnings);
}
