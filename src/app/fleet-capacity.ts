import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { InstanceType, LaunchSpec } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { FleetBucket, FleetHistogram } from './fleet-buckets.js';
import { sampledWorkload } from './fleet-buckets.js';
import { instancePrice, type Pricing } from './instance-price.js';
import type { LatencySloTargets } from './latency-slo.js';
import type { EfficiencyData } from './predictors.js';
import type { Rejection } from './recommend.js';
import { servingCapacity } from './serving-capacity.js';
import { groupByServingHardware } from './serving-groups.js';
import { buildServingReplica, instanceHardware, type ServingReplica } from './serving-replica.js';
import { DEFAULTS } from './settings.js';

/** One rentable kind of replica host: the cheapest instance of a group that serves alike. */
export interface FleetType {
  /** The instance id rented (the cheapest of its group in the allowed clouds and regions). */
  instance: string;
  provider: string;
  region: string;
  gpu: string;
  gpuCount: number;
  usdPerHour: number;
  tensorParallel: number;
  replicasPerInstance: number;
  kvTokensPerReplica: number;
  /** The vLLM scheduler the simulation ran (vLLM's defaults for the GPU), for the deployable output. */
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  /** What to ask the provider for where the instance id is not its machine type (a GCP host + GPUs). */
  launch?: LaunchSpec;
  /** Other allowed instance types with the same serving hardware (dearer or equal; same capacity). */
  sameHardware: string[];
  /** Max serviceable rate of one instance per bucket (req/s; 0: cannot serve it), parallel to the buckets. */
  requestsPerSecond: number[];
  /** Why a bucket gets 0 (null where it is served). */
  reasons: (Issue | null)[];
  simulations: number;
}

export interface FleetCapacityRequest {
  model: ModelConfig;
  precision: Precision;
  instances: InstanceType[];
  gpus: ReadonlyMap<string, GpuSpec>;
  regionByProvider: Record<string, string>;
  pricing: Pricing;
  histogram: FleetHistogram;
  targets: LatencySloTargets;
  percentile: 95 | 99;
  efficiency: EfficiencyData;
  engine?: EngineProfile;
  probeRequests: number;
  seed: number;
}

export type FleetCapacityProgress = (done: number, total: number, label: string) => void;

/**
 * The capacity table the fleet MILP reads: per group of instance types that serve alike (cheapest member
 * priced in its cloud's region), one replica configuration — the smallest tensor-parallel degree whose KV
 * holds the shortest bucket's longest sequence — and per bucket the simulator's maximum serviceable rate of
 * one instance fed only that bucket's sizes (Poisson arrivals), within the P95 (or P99) targets. A bucket
 * whose longest sequence exceeds the replica's KV gets 0. Unpriced and unfitting types are rejections.
 */
export function fleetCapacity(
  req: FleetCapacityRequest,
  progress?: FleetCapacityProgress,
): { types: FleetType[]; rejected: Rejection[]; warnings: Issue[] } {
  const rejected: Rejection[] = [];
  const warnings: Issue[] = [];
  const priced: { instance: InstanceType; usdPerHour: number }[] = [];
  for (const instance of req.instances) {
    const region = req.regionByProvider[instance.provider] ?? '';
    const price = instancePrice(instance, region, req.pricing);
    if ('issue' in price) rejected.push({ instance: instance.id, reason: price.issue });
    else if (!req.gpus.has(instance.gpuId))
      rejected.push({
        instance: instance.id,
        reason: { code: 'unknown-gpu-id', details: { value: instance.gpuId } },
      });
    else priced.push({ instance, usdPerHour: price.usdPerHour });
  }
  const priceOf = new Map(priced.map((p) => [p.instance.id, p.usdPerHour]));
  const groups = groupByServingHardware(
    priced.map((p) => p.instance),
    req.gpus,
    false,
    undefined,
  ).map((g) => [...g].sort((a, b) => (priceOf.get(a.id) as number) - (priceOf.get(b.id) as number)));
  const buckets = req.histogram.buckets;
  const shortest = Math.min(...buckets.map((b) => b.longestSequenceTokens));
  const probes = buckets.map((b, bi) =>
    sampledWorkload(
      req.histogram.sizes[bi] as FleetHistogram['sizes'][number],
      req.probeRequests,
      1,
      req.seed,
      `bucket ${b.id}`,
    ),
  );
  const total = groups.length * buckets.length;
  let done = 0;
  const types: FleetType[] = [];
  for (const group of groups) {
    const first = group[0] as InstanceType;
    const gpu = req.gpus.get(first.gpuId) as GpuSpec;
    const built = buildServingReplica({
      model: req.model,
      hardware: instanceHardware(first, gpu),
      precision: req.precision,
      minimumKvTokens: shortest,
      scheduler: {},
      efficiency: req.efficiency,
      ...(req.engine ? { engine: req.engine } : {}),
      gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
      hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
    });
    if (!built.ok) {
      const reason = built.issues[0] ?? { code: 'prediction-invalid' };
      for (const i of group) rejected.push({ instance: i.id, reason });
      done += buckets.length;
      continue;
    }
    for (const w of built.value.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
    const row = measureRow(req, built.value, buckets, probes, (label) => {
      progress?.(done++, total, `${first.id} ${label}`);
    });
    types.push({
      instance: first.id,
      provider: first.provider,
      region: req.regionByProvider[first.provider] ?? '',
      gpu: gpu.id,
      gpuCount: first.gpuCount,
      usdPerHour: priceOf.get(first.id) as number,
      tensorParallel: built.value.tensorParallel,
      replicasPerInstance: built.value.replicasPerInstance,
      kvTokensPerReplica: built.value.kvTokens,
      maxNumSeqs: built.value.scheduler.maxNumSeqs,
      maxNumBatchedTokens: built.value.scheduler.maxNumBatchedTokens,
      ...(first.launch ? { launch: first.launch } : {}),
      sameHardware: group.slice(1).map((i) => i.id),
      ...row,
    });
  }
  progress?.(total, total, 'capacity done');
  return { types, rejected, warnings };
}

function measureRow(
  req: FleetCapacityRequest,
  serving: ServingReplica,
  buckets: readonly FleetBucket[],
  probes: readonly ReturnType<typeof sampledWorkload>[],
  tick: (label: string) => void,
): Pick<FleetType, 'requestsPerSecond' | 'reasons' | 'simulations'> {
  const requestsPerSecond: number[] = [];
  const reasons: (Issue | null)[] = [];
  let simulations = 0;
  buckets.forEach((b, bi) => {
    tick(b.id);
    if (serving.kvTokens < b.longestSequenceTokens) {
      requestsPerSecond.push(0);
      reasons.push({
        code: 'bucket-exceeds-kv',
        details: { bucket: b.id, sequenceTokens: b.longestSequenceTokens, kvTokens: serving.kvTokens },
      });
      return;
    }
    const c = servingCapacity({
      serving,
      instances: 1,
      workload: probes[bi] as ReturnType<typeof sampledWorkload>,
      targets: req.targets,
      percentile: req.percentile,
      router: 'least-outstanding-tokens',
      seed: req.seed,
    });
    simulations += c.simulations;
    requestsPerSecond.push(c.requestsPerSecond > 0 ? c.requestsPerSecond : 0);
    reasons.push(
      c.requestsPerSecond > 0 ? null : { code: 'latency-slo-unreachable', details: { bucket: b.id } },
    );
  });
  return { requestsPerSecond, reasons, simulations };
}
