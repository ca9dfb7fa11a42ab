import { SECONDS_PER_HOUR } from '../core/billing.js';
import type { FeasiblePlacement } from '../core/evaluate-placement.js';
import type { CpuArchitecture } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import type { QuantizationFormat } from '../core/quantization-support.js';
import type { Bound } from '../core/time-predictor.js';
import type { uncertaintyJson } from './prediction-uncertainty.js';
import type { SpotTaskExpectation } from './spot-task.js';

/** Memory of one GPU, as the JSON contract publishes it. */
export interface MemoryReport {
  gpuMemoryBytes: number;
  usableBytes: number;
  reserveBytes: number;
  weightsBytes: number;
  /** The whole batch's KV on this GPU before offloading. */
  kvCacheBytes: number;
  /** The part of it that stays on the GPU. */
  kvCacheOnGpuBytes: number;
  kvCacheBytesPerLayer: number;
  activationBytes: number;
  freeBytes: number;
}

/** One feasible way to run the task on one instance type, flattened for tables and JSON. */
export interface Candidate {
  instance: string;
  gpu: string;
  gpuCount: number;
  /** The host CPU's architecture: the serving image must be built for it (vLLM ships x86_64 and arm64 builds). */
  cpuArchitecture: CpuArchitecture;
  tensorParallel: number;
  replicas: number;
  precision: Precision;
  /** How the engine runs this precision on this GPU (awq, gptq, fp8-w8a8, …), where it needs a format. */
  quantizationFormat?: QuantizationFormat;
  /** The KV cache's dtype the memory and time assumed: vLLM's --kv-cache-dtype (auto or fp8). */
  kvCacheDtype: KvCacheDtype;
  region: string;
  priceUsdPerHour: number;
  offloadFraction: number;
  offloadedBytes: number;
  memory: MemoryReport;
  prefillSeconds: number;
  decodeSeconds: number;
  decodeStepSeconds: number;
  batchSeconds: number;
  prefillBound: Bound;
  decodeBound: Bound;
  /** Input + output tokens per second over the whole task (paper eq. 1). */
  tokensPerSecond: number;
  outputTokensPerSecond: number;
  effectiveTokensPerSecond: number;
  runSeconds: number;
  billedSeconds: number;
  billedHours: number;
  totalUsd: number;
  usdPerMillionTokens: number;
  usdPerMillionOutputTokens: number;
  costEfficiency: number;
  meetsSlo: boolean;
  calibrated: boolean;
  /** recommend: the band of its times and the TPS its SLO check used (`--margin`). */
  uncertainty?: ReturnType<typeof uncertaintyJson>;
  /** With --pricing spot: the task's expected time and cost under interruptions. */
  spot?: SpotTaskExpectation;
  warnings: Issue[];
}

export interface CandidateContext {
  instance: string;
  gpu: string;
  gpuCount: number;
  /** Absent: x86_64 (bare GPUs, catalogs that state no architecture). */
  cpuArchitecture?: CpuArchitecture;
  region: string;
  priceUsdPerHour: number;
  calibrated: boolean;
  warnings: Issue[];
}

export function toCandidate(p: FeasiblePlacement, ctx: CandidateContext): Candidate {
  const kvOnGpu = p.memory.kvCacheBytes * (1 - p.offloadFraction);
  const outputTokensPerSecond =
    (p.cost.tokensPerSecond * p.time.outputTokensPerSecond) / p.time.tokensPerSecond;
  return {
    instance: ctx.instance,
    gpu: ctx.gpu,
    gpuCount: ctx.gpuCount,
    cpuArchitecture: ctx.cpuArchitecture ?? 'x86_64',
    tensorParallel: p.tensorParallel,
    replicas: p.replicas,
    precision: p.precision,
    kvCacheDtype: p.kvCacheDtype,
    region: ctx.region,
    priceUsdPerHour: ctx.priceUsdPerHour,
    offloadFraction: p.offloadFraction,
    offloadedBytes: p.offloadedBytes,
    memory: {
      gpuMemoryBytes: p.memory.gpuMemoryBytes,
      usableBytes: p.memory.usableBytes,
      reserveBytes: p.memory.reserveBytes,
      weightsBytes: p.memory.weightsBytes,
      kvCacheBytes: p.memory.kvCacheBytes,
      kvCacheOnGpuBytes: kvOnGpu,
      kvCacheBytesPerLayer: p.memory.kvCacheBytesPerLayer,
      activationBytes: p.memory.activationBytes,
      freeBytes: Math.max(
        0,
        p.memory.usableBytes - p.memory.weightsBytes - p.memory.activationBytes - kvOnGpu,
      ),
    },
    prefillSeconds: p.time.prefill.seconds,
    decodeSeconds: p.time.decode.seconds,
    decodeStepSeconds: p.time.decodeStepSeconds,
    batchSeconds: p.time.batchSeconds,
    prefillBound: p.time.prefill.bound,
    decodeBound: p.time.decode.bound,
    tokensPerSecond: p.cost.tokensPerSecond,
    outputTokensPerSecond,
    effectiveTokensPerSecond: p.cost.effectiveTokensPerSecond,
    runSeconds: p.cost.runSeconds,
    billedSeconds: p.cost.billedSeconds,
    billedHours: p.cost.billedSeconds / SECONDS_PER_HOUR,
    totalUsd: p.cost.totalUsd,
    usdPerMillionTokens: p.cost.usdPerMillionTokens,
    usdPerMillionOutputTokens: p.cost.usdPerMillionOutputTokens,
    costEfficiency: p.cost.costEfficiency,
    meetsSlo: p.cost.meetsSlo,
    calibrated: ctx.calibrated,
    warnings: [...ctx.warnings, ...p.warnings],
  };
}
