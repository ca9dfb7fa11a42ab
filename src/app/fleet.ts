import type { EngineProfile } from '../core/engine-profile.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import {
  type FleetMixProblem,
  fleetMixModel,
  singleTypeFleets,
  solveFleetMix,
} from '../optimize/fleet-mix.js';
import type { MilpSolver } from '../optimize/milp.js';
import { selectClouds } from './cloud-selection.js';
import {
  bucketOfRequests,
  type FleetBucket,
  type FleetSource,
  fleetHistogram,
  replayWorkload,
} from './fleet-buckets.js';
import { type FleetCapacityProgress, type FleetType, fleetCapacity } from './fleet-capacity.js';
import { type ReplayPool, type ReplayVerdict, replayFleet } from './fleet-replay.js';
import type { FleetRequest } from './fleet-request.js';
import { type FleetSpotImpact, fleetSpotImpact, spotIssues } from './fleet-spot.js';
import { instanceMatcher } from './instance-filter.js';
import { lookupById } from './lookup.js';
import type { EfficiencyData } from './predictors.js';
import type { Rejection } from './recommend.js';
import { reservedPriceSource } from './reserved-terms.js';
import { buildServingReplica, instanceHardware } from './serving-replica.js';
import { DEFAULTS, defaultPrecision } from './settings.js';
import { spotUnavailableIssue } from './spot-inputs.js';

/** Each retry plans at this share of the previous utilization. */
const UTILIZATION_STEP = 0.9;
/** Below this share of simulated capacity the search stops and reports the miss. */
export const MIN_UTILIZATION = 0.3;

/** What the fleet use case reads: models, the cloud catalogs, the time model. */
export interface FleetData {
  models: ModelConfig[];
  /** Every catalog whose role is `cloud` (the ones --cloud chooses from). */
  catalogs: Catalog[];
  efficiency: EfficiencyData;
  /** The serving engine whose step overheads the simulator adds (vLLM by default; absent: kernels only). */
  engine?: EngineProfile;
}

export interface FleetInstances {
  type: string;
  provider: string;
  region: string;
  gpu: string;
  count: number;
  usdPerHour: number;
  /** Instances' worth of work the shares give this type (≤ count; the rest is rounding headroom). */
  load: number;
}

export interface FleetResult {
  schemaVersion: 1;
  settings: FleetRequest & {
    precision: string;
    clouds: string[];
    regionByProvider: Record<string, string>;
    catalogAsOf: string;
    /** With reserved pricing: the reserved prices' term and source per cloud (reserved-terms.ts). */
    reservedPrices?: string;
    source: string;
    requestsPerSecond: number;
    engine: string;
  };
  buckets: FleetBucket[];
  /** Candidate types with their per-bucket capacity (parallel to `buckets`). */
  types: FleetType[];
  rejected: Rejection[];
  solver: { name: string; status: string; provenOptimal: boolean; variables: number; mipRelativeGap: number };
  fleet: {
    instances: FleetInstances[];
    shares: { bucket: string; type: string; share: number; requestsPerSecond: number }[];
    usdPerHour: number;
  };
  bestSingleType: { type: string; count: number; usdPerHour: number } | null;
  /** The share of each type's simulated capacity the fleet was planned at, and the tries that led there. */
  utilization: {
    value: number;
    searched: boolean;
    attempts: { utilization: number; usdPerHour: number; sloAttainment: number; meets: boolean }[];
    /** The same search for the best single type (its own share). */
    bestSingleTypeAttempts: {
      utilization: number;
      usdPerHour: number;
      sloAttainment: number;
      meets: boolean;
    }[];
  };
  /** Against the best single type, planned by the same search at its own share (0 when it is the fleet). */
  savings: { usdPerHour: number; fraction: number } | null;
  replay: { workload: string; requests: number; mix: ReplayVerdict; bestSingleType: ReplayVerdict | null };
  /** With spot pricing: how often an instance is out, and the SLO with one out. */
  spot: FleetSpotImpact | null;
  warnings: Issue[];
}

/**
 * The cheapest mix of instance types for a request-size distribution at a rate within latency targets
 * (Mélange's problem, with capacities from the simulator instead of a profiling campaign): bucket the sizes,
 * measure each candidate type's capacity per bucket, solve the fleet-mix MILP with the injected solver,
 * compare with the best single type, and replay the trace (or a sample of the distribution) through both.
 */
export function fleet(
  req: FleetRequest,
  source: FleetSource,
  data: FleetData,
  solver: MilpSolver,
  progress?: FleetCapacityProgress,
): Result<FleetResult> {
  const issues: Issue[] = [];
  const model = lookupById(data.models, req.model, 'unknown-model', 'model');
  if (!model.ok) issues.push(...model.issues);
  const selection = selectClouds(data.catalogs, req.clouds, req.regions);
  if (!selection.ok) issues.push(...selection.issues);
  const histogram = fleetHistogram(source, req);
  if (!histogram.ok) issues.push(...histogram.issues);
  const matcher = instanceMatcher(req.instances ?? []);
  const instances = selection.ok ? selection.value.catalog.instances.filter((i) => matcher(i.id)) : [];
  if (selection.ok && instances.length === 0)
    issues.push({
      code: 'no-instances-match',
      path: 'instances',
      details: { patterns: (req.instances ?? []).join(',') },
    });
  if (selection.ok && req.pricing === 'spot') {
    // Over the allowed instances: the one rule recommend uses (spot-inputs.ts); some clouds without is fine.
    const issue = spotUnavailableIssue(
      { ...selection.value.catalog, instances },
      selection.value.providers,
      (provider) => selection.value.regionByProvider[provider],
      data.catalogs
        .filter((c) => c.instances.some((i) => i.prices.some((p) => p.spotUsdPerHour !== undefined)))
        .map((c) => c.id),
      'cloud',
    );
    if (issue?.code === 'spot-unavailable') issues.push(issue);
  }
  issues.push(...spotIssues(req));
  if (!model.ok || !selection.ok || !histogram.ok || issues.length > 0) return fail(...issues);

  const precision = req.precision ?? defaultPrecision(model.value);
  const targets = req.slo;
  const gpus = new Map(selection.value.catalog.gpus.map((g) => [g.id, g]));
  const buckets = histogram.value.buckets;
  const table = fleetCapacity(
    {
      model: model.value,
      precision,
      instances,
      gpus,
      regionByProvider: selection.value.regionByProvider,
      pricing: req.pricing,
      histogram: histogram.value,
      targets,
      percentile: req.percentile,
      efficiency: data.efficiency,
      ...(data.engine ? { engine: data.engine } : {}),
      probeRequests: req.probeRequests,
      seed: req.seed,
    },
    progress,
  );
  const base: FleetMixProblem = {
    types: table.types.map((t) => ({ id: t.instance, usdPerHour: t.usdPerHour })),
    buckets: buckets.map((b) => ({ id: b.id, requestsPerSecond: b.requestsPerSecond })),
    capacity: table.types.map((t) => t.requestsPerSecond),
    ...(req.sliceFactor !== undefined ? { sliceFactor: req.sliceFactor } : {}),
  };
  const typeById = new Map(table.types.map((t) => [t.instance, t]));
  const workload = replayWorkload(source, req, histogram.value.requestsPerSecond);
  const bucketOf = bucketOfRequests(workload, req, buckets);
  const bucketIndex = new Map(buckets.map((b, i) => [b.id, i]));
  const poolOf = (type: FleetType, count: number, shares: Map<number, number>): ReplayPool => {
    const built = buildServingReplica({
      model: model.value,
      hardware: instanceHardware(
        selection.value.catalog.instances.find((i) => i.id === type.instance) as (typeof instances)[number],
        gpus.get(type.gpu) as NonNullable<ReturnType<typeof gpus.get>>,
      ),
      precision,
      tensorParallel: type.tensorParallel,
      minimumKvTokens: 1,
      scheduler: {},
      efficiency: data.efficiency,
      ...(data.engine ? { engine: data.engine } : {}),
      gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
      hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
    });
    if (!built.ok) throw new Error(`replica of ${type.instance} no longer builds`);
    return {
      type: type.instance,
      instances: count,
      replicasPerInstance: type.replicasPerInstance,
      replica: built.value.replica,
      shareByBucket: shares,
    };
  };

  // Solve at a share u of each simulated capacity and replay; without --max-utilization, lower u by
  // ×0.9 until the replay meets the targets (per-bucket capacities need not add up when buckets share
  // replicas, and a trace is burstier than the Poisson probes), not below MIN_UTILIZATION.
  const attempts: FleetResult['utilization']['attempts'] = [];
  let u = req.maxUtilization ?? 1;
  let problem = base;
  let outcome: ReturnType<typeof solveFleetMix>;
  let mixPools: ReplayPool[];
  let mixVerdict: ReplayVerdict;
  for (;;) {
    problem = { ...base, capacity: base.capacity.map((row) => row.map((c) => c * u)) };
    outcome = solveFleetMix(problem, solver, {
      mipRelativeGap: req.mipRelativeGap,
      timeLimitSeconds: req.timeLimitSeconds,
    });
    if (outcome.status !== 'optimal' && outcome.status !== 'time-limit') {
      const unservable = buckets
        .filter((_, bi) => table.types.every((t) => !((t.requestsPerSecond[bi] ?? 0) > 0)))
        .map((b) => b.id);
      return fail({
        code: 'fleet-infeasible',
        details: { status: outcome.solution.solverStatus, types: table.types.length, unservable },
      });
    }
    const mix = outcome.mix;
    progress?.(1, 1, `replaying the fleet planned at ${Math.round(u * 100)} % of capacity`);
    mixPools = mix.counts.map((c) => {
      const shares = new Map<number, number>();
      for (const x of mix.shares)
        if (x.type === c.type) shares.set(bucketIndex.get(x.bucket) as number, x.share);
      return poolOf(typeById.get(c.type) as FleetType, c.count, shares);
    });
    mixVerdict = replayFleet(workload, bucketOf, mixPools, targets, req.percentile, req.seed);
    attempts.push({
      utilization: u,
      usdPerHour: mix.usdPerHour,
      sloAttainment: mixVerdict.sloAttainment,
      meets: mixVerdict.meets,
    });
    if (mixVerdict.meets || req.maxUtilization !== undefined || u * UTILIZATION_STEP < MIN_UTILIZATION) break;
    u = Math.round(u * UTILIZATION_STEP * 1000) / 1000;
  }
  // The baseline gets the same search on its own: the best single type at the highest share of its
  // capacity whose replay meets the targets (one type serves no mix of buckets it was not probed with).
  const singleAttempts: FleetResult['utilization']['attempts'] = [];
  let single: ReturnType<typeof singleTypeFleets>[number] | null = null;
  let singleVerdict: ReplayVerdict | null = null;
  for (let v = req.maxUtilization ?? 1; ; v = Math.round(v * UTILIZATION_STEP * 1000) / 1000) {
    single =
      singleTypeFleets({ ...base, capacity: base.capacity.map((row) => row.map((c) => c * v)) })[0] ?? null;
    if (!single) break;
    singleVerdict = replayFleet(
      workload,
      bucketOf,
      [poolOf(typeById.get(single.type) as FleetType, single.count, new Map(buckets.map((_, i) => [i, 1])))],
      targets,
      req.percentile,
      req.seed,
    );
    singleAttempts.push({
      utilization: v,
      usdPerHour: single.usdPerHour,
      sloAttainment: singleVerdict.sloAttainment,
      meets: singleVerdict.meets,
    });
    if (singleVerdict.meets || req.maxUtilization !== undefined || v * UTILIZATION_STEP < MIN_UTILIZATION)
      break;
  }
  // The answer is the cheapest fleet whose replay met the targets: when the best single type met them
  // for less (its replicas see only the sizes it was probed with), it is the fleet.
  let chosen = { mix: outcome.mix, pools: mixPools, verdict: mixVerdict };
  const singleU = singleAttempts.at(-1)?.utilization ?? 1;
  if (
    single &&
    singleVerdict?.meets &&
    (!mixVerdict.meets || single.usdPerHour < outcome.mix.usdPerHour - 1e-9)
  ) {
    const ti = base.types.findIndex((t) => t.id === single?.type);
    const row = base.capacity[ti] ?? [];
    const load = buckets.reduce((a, b, bi) => a + b.requestsPerSecond / (singleU * (row[bi] ?? 0)), 0);
    chosen = {
      mix: {
        counts: [{ type: single.type, count: single.count, usdPerHour: single.usdPerHour, load }],
        shares: buckets.map((b) => ({
          bucket: b.id,
          type: single?.type ?? '',
          share: 1,
          requestsPerSecond: b.requestsPerSecond,
        })),
        usdPerHour: single.usdPerHour,
      },
      pools: [
        poolOf(typeById.get(single.type) as FleetType, single.count, new Map(buckets.map((_, i) => [i, 1]))),
      ],
      verdict: singleVerdict,
    };
    u = singleU;
  }
  mixPools = chosen.pools;
  mixVerdict = chosen.verdict;
  const spot =
    req.pricing === 'spot' &&
    req.spotInterruptionsPerHour !== undefined &&
    req.spotRestartSeconds !== undefined
      ? fleetSpotImpact(
          workload,
          bucketOf,
          mixPools,
          mixVerdict,
          { interruptionsPerHour: req.spotInterruptionsPerHour, restartSeconds: req.spotRestartSeconds },
          targets,
          req.percentile,
          req.seed,
        )
      : null;
  const warnings = [...selection.value.warnings, ...table.warnings];
  if (!outcome.provenOptimal)
    warnings.push({ code: 'fleet-not-proven-optimal', details: { seconds: req.timeLimitSeconds } });
  if (!mixVerdict.meets)
    warnings.push({
      code: 'fleet-replay-misses-slo',
      details: { attainment: mixVerdict.sloAttainment, failedRequests: mixVerdict.failedRequests },
    });
  const fleetInstances: FleetInstances[] = chosen.mix.counts.map((c) => {
    const t = typeById.get(c.type) as FleetType;
    return {
      type: c.type,
      provider: t.provider,
      region: t.region,
      gpu: t.gpu,
      count: c.count,
      usdPerHour: c.usdPerHour,
      load: c.load,
    };
  });
  const catalogAsOf = data.catalogs
    .filter((c) => selection.value.providers.includes(c.id))
    .map((c) => `${c.id} ${c.asOf}`)
    .join(', ');
  return ok(
    {
      schemaVersion: 1,
      settings: {
        ...req,
        precision,
        clouds: selection.value.providers,
        regionByProvider: selection.value.regionByProvider,
        catalogAsOf,
        ...(req.pricing === 'reserved'
          ? { reservedPrices: reservedPriceSource(selection.value.catalog, undefined) }
          : {}),
        source: source.kind === 'trace' ? source.workload.source : source.source,
        requestsPerSecond: histogram.value.requestsPerSecond,
        engine: data.engine?.id ?? 'none (kernels only)',
      },
      buckets,
      types: table.types,
      rejected: table.rejected,
      solver: {
        name: solver.name,
        status: outcome.solution.solverStatus,
        provenOptimal: outcome.provenOptimal,
        variables: fleetMixModel(problem).variables.length,
        mipRelativeGap: req.mipRelativeGap,
      },
      fleet: { instances: fleetInstances, shares: chosen.mix.shares, usdPerHour: chosen.mix.usdPerHour },
      utilization: {
        value: u,
        searched: req.maxUtilization === undefined,
        attempts,
        bestSingleTypeAttempts: singleAttempts,
      },
      bestSingleType: single,
      savings: single
        ? {
            usdPerHour: single.usdPerHour - chosen.mix.usdPerHour,
            fraction: (single.usdPerHour - chosen.mix.usdPerHour) / single.usdPerHour,
          }
        : null,
      replay: {
        workload: workload.source,
        requests: workload.arrivalSeconds.length,
        mix: mixVerdict,
        bestSingleType: singleVerdict,
      },
      spot,
      warnings,
    },
    warnings,
  );
}
