import type { Calibration } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { InstanceType } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import type { QueryType } from '../sim/query-type.js';
import type { RouterPolicy } from '../sim/simulation-input.js';
import type { Workload } from '../sim/workload.js';
import { type EnergyReport, type PowerContext, simulationEnergy } from './energy-report.js';
import { instancePriceUsdPerHour } from './instance-price.js';
import type { LatencySloTargets, SloVerdict } from './latency-slo.js';
import type { EfficiencyData } from './predictors.js';
import { groupLabel, type Progress, yieldToEventLoop } from './progress.js';
import type { Rejection } from './recommend.js';
import { servingCapacity } from './serving-capacity.js';
import { explainUnreachable, groupByServingHardware } from './serving-groups.js';
import { instanceHardware, type SchedulerSettings, servingReplicaFor } from './serving-replica.js';

export interface CapacitySweepRequest {
  model: ModelConfig;
  /** The instance types to try (already filtered), with the catalog's GPUs. */
  instances: InstanceType[];
  gpus: ReadonlyMap<string, GpuSpec>;
  region: string;
  pricing: 'on-demand' | 'reserved';
  precision: Precision;
  /** The KV cache's dtype (--kv-cache-dtype); absent: the precision's default. */
  kvCacheDtype?: KvCacheDtype;
  /** Instances of each type serving together. */
  instancesCount: number;
  /** The traffic shape, time-scaled to each rate probed. */
  workload: Workload;
  minimumKvTokens: number;
  targets: LatencySloTargets;
  router: RouterPolicy;
  scheduler: SchedulerSettings;
  efficiency: EfficiencyData;
  calibration?: Calibration;
  /** Serving engine whose step overheads the simulator adds (absent: kernels only). */
  engine?: EngineProfile;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
  seed: number;
  /** Power context of each GPU kind (by id), for the energy at the answer; absent: no energy figures. */
  powerByGpu?: ReadonlyMap<string, PowerContext>;
  /** Each query type's own traffic shape: its MSRR alone is measured too (OASIS's MSRR per type). */
  byQueryType?: Partial<Record<QueryType, Workload>>;
}

/** One query type's maximum serviceable rate when it is all the traffic. */
export interface TypeCapacityRow {
  maxRequestsPerSecond: number;
  relativeUncertainty: number | null;
  e2eP95Seconds: number | null;
  /** Requests of this type each probe simulates. */
  probeRequests: number;
}

/** One instance type's maximum serviceable rate. */
export interface CapacityRow {
  instance: string;
  gpu: string;
  gpuCount: number;
  precision: Precision;
  tensorParallel: number;
  replicasPerInstance: number;
  kvTokensPerReplica: number;
  instances: number;
  /** Highest rate that met every target (requests/s) and the lowest that missed (null: none missed). */
  maxRequestsPerSecond: number;
  upperBoundRequestsPerSecond: number | null;
  /** (upper − answer) / answer: how far above the answer the true maximum may lie (null: unbounded). */
  relativeUncertainty: number | null;
  /** Requests/s completed with every probe request arriving at once: no rate above it is sustainable. */
  saturatedRequestsPerSecond: number;
  /** The targets held up to the saturated throughput: the answer is that throughput (no rate missed). */
  throughputBound: boolean;
  /** P95s at the answer. */
  atAnswer: SloVerdict | null;
  priceUsdPerHour: number;
  fleetUsdPerHour: number;
  /** Fleet $/h ÷ max rate: the cost of one request/s of capacity for an hour. */
  usdPerRequestPerSecondHour: number;
  simulations: number;
  /** Power, J/token, energy $ and CO2 of the fleet at the answer (null without energy data). */
  energy: EnergyReport | null;
  /** MSRR of each query type alone (null unless asked for; types absent from the traffic left out). */
  byQueryType: Partial<Record<QueryType, TypeCapacityRow>> | null;
  warnings: Issue[];
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** One group of instance types that serve alike: one bisection, a row (or rejection) per type. */
function measureGroup(
  req: CapacitySweepRequest,
  group: InstanceType[],
  rows: CapacityRow[],
  rejected: Rejection[],
): void {
  const priced: { instance: InstanceType; priceUsdPerHour: number }[] = [];
  for (const instance of group) {
    const priceUsdPerHour = instancePriceUsdPerHour(instance, req.region, req.pricing);
    if (priceUsdPerHour === undefined || !req.gpus.has(instance.gpuId)) {
      rejected.push({
        instance: instance.id,
        reason: { code: 'not-offered-in-region', details: { region: req.region } },
      });
    } else priced.push({ instance, priceUsdPerHour });
  }
  const first = priced[0]?.instance;
  const gpu = first ? req.gpus.get(first.gpuId) : undefined;
  if (!first || !gpu) return;
  const serving = servingReplicaFor(req, {
    hardware: instanceHardware(first, gpu),
    precision: req.precision,
    minimumKvTokens: req.minimumKvTokens,
  });
  if (!serving.ok) {
    const reason = serving.issues[0] ?? { code: 'prediction-invalid' };
    for (const p of priced) rejected.push({ instance: p.instance.id, reason });
    return;
  }
  const base = {
    serving: serving.value,
    workload: req.workload,
    targets: req.targets,
    router: req.router,
    seed: req.seed,
  };
  const capacity = servingCapacity({ ...base, instances: req.instancesCount });
  if (capacity.requestsPerSecond <= 0) {
    const lowest = capacity.probes.reduce(
      (m, p) => Math.min(m, p.requestsPerSecond),
      Number.POSITIVE_INFINITY,
    );
    const reason = explainUnreachable(
      {
        code: 'latency-slo-unreachable',
        details: { lowestRequestsPerSecond: Number.isFinite(lowest) ? lowest : 0 },
      },
      base,
      req.instancesCount,
    );
    for (const p of priced) rejected.push({ instance: p.instance.id, reason });
    return;
  }
  const s = serving.value;
  const totalGpus = req.instancesCount * first.gpuCount;
  const power = req.powerByGpu?.get(gpu.id);
  const energy =
    power && capacity.answerSummary
      ? simulationEnergy(power, capacity.answerSummary, s.tensorParallel, totalGpus)
      : null;
  let byQueryType: CapacityRow['byQueryType'] = null;
  let simulations = capacity.simulations;
  if (req.byQueryType) {
    byQueryType = {};
    for (const [type, shape] of Object.entries(req.byQueryType) as [QueryType, Workload][]) {
      const c = servingCapacity({ ...base, workload: shape, instances: req.instancesCount });
      simulations += c.simulations;
      byQueryType[type] = {
        maxRequestsPerSecond: c.requestsPerSecond,
        relativeUncertainty: finiteOrNull(c.relativeUncertainty),
        e2eP95Seconds: c.atAnswer?.e2eP95Seconds ?? null,
        probeRequests: shape.arrivalSeconds.length,
      };
    }
  }
  for (const p of priced) {
    const fleetUsdPerHour = p.priceUsdPerHour * req.instancesCount;
    rows.push({
      instance: p.instance.id,
      gpu: gpu.id,
      gpuCount: p.instance.gpuCount,
      precision: req.precision,
      tensorParallel: s.tensorParallel,
      replicasPerInstance: s.replicasPerInstance,
      kvTokensPerReplica: s.kvTokens,
      instances: req.instancesCount,
      maxRequestsPerSecond: capacity.requestsPerSecond,
      upperBoundRequestsPerSecond: finiteOrNull(capacity.upperBoundRequestsPerSecond),
      relativeUncertainty: finiteOrNull(capacity.relativeUncertainty),
      saturatedRequestsPerSecond: capacity.saturatedRequestsPerSecond,
      throughputBound: !Number.isFinite(capacity.upperBoundRequestsPerSecond),
      atAnswer: capacity.atAnswer ?? null,
      priceUsdPerHour: p.priceUsdPerHour,
      fleetUsdPerHour,
      usdPerRequestPerSecondHour: fleetUsdPerHour / capacity.requestsPerSecond,
      simulations,
      energy,
      byQueryType,
      warnings: s.warnings,
    });
  }
}

/**
 * The maximum serviceable rate of each instance type (OASIS eq. 3), one bisection per group of types
 * that serve alike; rows cheapest per unit of capacity first.
 */
export async function capacitySweep(
  req: CapacitySweepRequest,
  progress: Progress,
): Promise<{ rows: CapacityRow[]; rejected: Rejection[] }> {
  const rows: CapacityRow[] = [];
  const rejected: Rejection[] = [];
  const groups = groupByServingHardware(
    req.instances,
    req.gpus,
    req.scheduler.preemption === 'swap',
    req.calibration,
  );
  progress.start(groups.length, 'capacity');
  for (const group of groups) {
    progress.working(groupLabel(group.map((i) => i.id)));
    await yieldToEventLoop();
    measureGroup(req, group, rows, rejected);
    progress.done();
  }
  progress.stop();
  const order = new Map(req.instances.map((i, k) => [i.id, k]));
  const rank = (id: string) => order.get(id) ?? 0;
  rows.sort(
    (a, b) =>
      a.usdPerRequestPerSecondHour - b.usdPerRequestPerSecondHour ||
      b.maxRequestsPerSecond - a.maxRequestsPerSecond ||
      rank(a.instance) - rank(b.instance),
  );
  rejected.sort((a, b) => rank(a.instance) - rank(b.instance));
  return { rows, rejected };
}
