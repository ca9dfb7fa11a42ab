import type { Candidate } from '../../app/candidate.js';
import type { LatencyCandidate } from '../../app/recommend-latency.js';
import type { LaunchSpec } from '../../core/instance-type.js';
import type { KvCacheDtype, Precision } from '../../core/precision.js';
import type { CheckpointQuantization, QuantizationFormat } from '../../core/quantization-support.js';

/** The deployable shape of a recommendation, the same for both recommend modes. */
export interface DeployPlan {
  mode: 'throughput' | 'latency';
  model: string;
  instance: string;
  gpu: string;
  /** GPUs on one instance. */
  gpuCount: number;
  region: string;
  /** The cloud (SkyPilot's infra prefix); default aws. */
  provider?: string;
  /** Machine type and accelerators to ask for where the instance id is not the machine type (GCP). */
  launch?: LaunchSpec;
  /** Distinguishes the deployments of a heterogeneous fleet (one per instance type). */
  nameSuffix?: string;
  pricing: string;
  precision: Precision;
  /** The quantization format the engine runs the precision as on this GPU (int4: awq, or gptq on Volta). */
  quantizationFormat?: QuantizationFormat;
  /** The KV cache's dtype the plan's memory and time assumed: emitted as vLLM's --kv-cache-dtype. */
  kvCacheDtype: KvCacheDtype;
  /** A pre-quantized checkpoint's format (its quantization_config or hf_quant_config.json). */
  checkpoint?: CheckpointQuantization;
  /** GPUs per vLLM engine. */
  tensorParallel: number;
  /** vLLM engines (data-parallel replicas) per instance. */
  replicasPerInstance: number;
  /** Instances of the type, each serving on its own. */
  instances: number;
  maxModelLen: number;
  maxNumSeqs: number;
  /** Set in latency mode, where the simulation assumed it. */
  maxNumBatchedTokens?: number;
  gpuMemoryUtilization: number;
  /** Share of the KV cache the plan keeps in host RAM. */
  offloadFraction: number;
  /** KV bytes in host RAM per GPU. */
  offloadedBytesPerGpu: number;
  priceUsdPerHour: number;
  fleetUsdPerHour: number;
  /** What the recommendation assumed, one line each, for the generated file's header. */
  assumptions: string[];
  /** The command that made the plan, for the header's regenerate line (default recommend). */
  command?: string;
  /**
   * The autoscaler's range and queue target (requests waiting per pod) where a plan has simulated them
   * (capacity-mix); absent: `instances` pods up to twice that, at the default target.
   */
  autoscaling?: { minPods: number; maxPods: number; queueTargetPerPod: number; source: string };
}

export interface ThroughputPlanSettings {
  model: string;
  region: string;
  pricing: string;
  gpuMemoryUtilization: number;
  inputTokens: number;
  outputTokens: number;
  batchSize: number;
  sloTokensPerSecond: number;
  checkpoint?: CheckpointQuantization;
}

export function planFromCandidate(pick: Candidate, s: ThroughputPlanSettings): DeployPlan {
  return {
    mode: 'throughput',
    model: s.model,
    instance: pick.instance,
    gpu: pick.gpu,
    gpuCount: pick.gpuCount,
    region: pick.region,
    pricing: s.pricing,
    precision: pick.precision,
    ...(pick.quantizationFormat ? { quantizationFormat: pick.quantizationFormat } : {}),
    kvCacheDtype: pick.kvCacheDtype,
    ...(s.checkpoint ? { checkpoint: s.checkpoint } : {}),
    tensorParallel: pick.tensorParallel,
    replicasPerInstance: pick.replicas,
    instances: 1,
    maxModelLen: s.inputTokens + s.outputTokens,
    maxNumSeqs: s.batchSize,
    gpuMemoryUtilization: s.gpuMemoryUtilization,
    offloadFraction: pick.offloadFraction,
    offloadedBytesPerGpu: pick.offloadedBytes,
    priceUsdPerHour: pick.priceUsdPerHour,
    fleetUsdPerHour: pick.priceUsdPerHour,
    assumptions: [
      `throughput SLO ${s.sloTokensPerSecond} tokens/s; batches of ${s.batchSize} requests of ` +
        `${s.inputTokens} input + ${s.outputTokens} output tokens`,
      `predicted ${Math.round(pick.tokensPerSecond)} tokens/s, $${pick.usdPerMillionTokens.toFixed(3)} per million tokens`,
    ],
  };
}

export interface LatencyPlanSettings {
  model: string;
  region: string;
  pricing: string;
  gpuMemoryUtilization: number;
  /** The longest request (input + output tokens) of the workload. */
  longestRequestTokens: number;
  /** The scheduler the simulation ran: vLLM's defaults for the GPU plus any overrides. */
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  requestsPerSecond: number;
  slo: string;
  checkpoint?: CheckpointQuantization;
}

export function planFromLatencyCandidate(pick: LatencyCandidate, s: LatencyPlanSettings): DeployPlan {
  return {
    mode: 'latency',
    model: s.model,
    instance: pick.instance,
    gpu: pick.gpu,
    gpuCount: pick.gpuCount,
    region: s.region,
    pricing: s.pricing,
    precision: pick.precision,
    ...(pick.quantizationFormat ? { quantizationFormat: pick.quantizationFormat } : {}),
    kvCacheDtype: pick.kvCacheDtype,
    ...(s.checkpoint ? { checkpoint: s.checkpoint } : {}),
    tensorParallel: pick.tensorParallel,
    replicasPerInstance: pick.replicasPerInstance,
    instances: pick.instances,
    maxModelLen: s.longestRequestTokens,
    maxNumSeqs: s.maxNumSeqs,
    maxNumBatchedTokens: s.maxNumBatchedTokens,
    gpuMemoryUtilization: s.gpuMemoryUtilization,
    offloadFraction: 0,
    offloadedBytesPerGpu: 0,
    priceUsdPerHour: pick.priceUsdPerHour,
    fleetUsdPerHour: pick.fleetUsdPerHour,
    assumptions: [
      `${s.requestsPerSecond} requests/s within P95 ${s.slo}`,
      `one instance serves up to ${pick.maxRequestsPerSecondPerInstance.toFixed(2)} requests/s (simulated)`,
    ],
  };
}

/** The `# …` lines every emitted file starts with. */
export function header(p: DeployPlan, target: string): string[] {
  const layout =
    p.replicasPerInstance > 1
      ? `TP ${p.tensorParallel} × ${p.replicasPerInstance} data-parallel replicas`
      : `TP ${p.tensorParallel}`;
  return [
    `# Generated by InferSave (${target}) — edit freely; regenerate with \`infersave ${p.command ?? 'recommend'} … --emit ${target}\`.`,
    `# Pick (${p.mode} mode): ${p.instances} × ${p.instance} (${p.gpuCount}× ${p.gpu}, ${layout}), ` +
      `${p.precision} (KV cache ${p.kvCacheDtype}), ${p.region}, ${p.pricing} $${p.priceUsdPerHour.toFixed(4)}/h per instance` +
      (p.instances > 1 ? `, $${p.fleetUsdPerHour.toFixed(4)}/h for the fleet` : ''),
    `# Model: ${p.model}`,
    ...p.assumptions.map((a) => `# Assumes: ${a}`),
    `# Assumes: vLLM with --gpu-memory-utilization ${p.gpuMemoryUtilization}, --max-model-len ${p.maxModelLen}, ` +
      `--max-num-seqs ${p.maxNumSeqs}; InferSave's predictions are estimates, measure before relying on them.`,
  ];
}
