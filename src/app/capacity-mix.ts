import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import { spotExpectation } from '../core/spot-interruption.js';
import {
  type CapacityMixCost,
  type CapacityMixProblem,
  capacityMixCost,
  cheapestCapacityMix,
  fullyReservedBaseline,
} from '../optimize/capacity-mix.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS } from '../sim/query-type.js';
import { firstRequests } from '../sim/scale-workload.js';
import { longestSequenceTokens, type Workload } from '../sim/workload.js';
import { capacityMixPrices } from './capacity-mix-prices.js';
import { replayMix } from './capacity-mix-replay.js';
import type { CapacityMixRequest } from './capacity-mix-request.js';
import type { CapacityMixResult, CapacityMixTotals, CapacityMixWindowRow } from './capacity-mix-result.js';
import { selectClouds } from './cloud-selection.js';
import { diurnalWindows } from './diurnal-profile.js';
import { judgeLatencySlo } from './latency-slo.js';
import { lookupById } from './lookup.js';
import type { EfficiencyData } from './predictors.js';
import { provisionWindows } from './provision-plan.js';
import { simulateAtRate } from './serving-capacity.js';
import { defaultPrecision } from './settings.js';
import { sliceCapacity, sliceServing } from './slice-capacity.js';

/** What the capacity-mix use case reads: models, GPUs, the time model and engine, the cloud catalogs. */
export interface CapacityMixData {
  models: ModelConfig[];
  /** The model given as a config.json (`loadCapacityMixData` resolves it), planned instead of a catalog one. */
  model?: ModelConfig;
  gpus: GpuSpec[];
  efficiency: EfficiencyData;
  engine?: EngineProfile;
  /** Every catalog whose role is `cloud`. */
  catalogs: Catalog[];
}

/** Windows a plan may have: a leap year of one-minute windows is 527 040. */
const MAX_WINDOWS = 600_000;

/** Window × baseline evaluations the exhaustive search may take (a year of 5-minute windows × 470 replicas). */
const MAX_SEARCH_STEPS = 5e7;

/** Shares of one replica's capacity at which the queue depth is simulated, around the target's rate. */
const QUEUE_CURVE_SHARES = [0.5, 0.8, 1, 1.2, 1.5] as const;

/** A 30-day month, for the per-month figures. */
const MONTH_HOURS = 30 * 24;

/**
 * Reserved baseline, on-demand burst and spot batch capacity over a trace or a diurnal profile: one
 * replica's capacity at the SLO from the simulator (provision's bisection on the trace's sizes), replicas
 * per window = ⌈interactive rate ÷ capacity⌉, the cheapest reserved baseline by exhaustive (exact) search
 * (optimize/capacity-mix.ts), against all on-demand and all reserved; the queue depth per replica at the
 * SLO's maximum rate as the autoscaler's target; and, for a trace, a replay of the plan.
 */
export function capacityMix(
  req: CapacityMixRequest,
  workload: Workload,
  data: CapacityMixData,
  progress?: (done: number, total: number, label: string) => void,
): Result<CapacityMixResult> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const n = workload.arrivalSeconds.length;
  if (n < 2)
    issues.push({
      code: 'empty-trace',
      path: 'trace',
      message: `${workload.source} has ${n} request(s): the request sizes (and, without a profile, the demand) need at least 2`,
    });
  const span =
    n > 0 ? (workload.arrivalSeconds[n - 1] as number) - (workload.arrivalSeconds[0] as number) : 0;
  if (!req.profile && n >= 2 && req.windowSeconds > span)
    issues.push({
      code: 'window-longer-than-trace',
      path: 'window',
      details: { windowSeconds: req.windowSeconds, traceSeconds: span },
    });
  if (req.profile && req.profile.days * 86_400 < req.windowSeconds)
    issues.push({
      code: 'invalid-option',
      path: 'profileDays',
      message: 'the profile is shorter than one {{window}}: give more days or a shorter window',
    });
  const horizon = req.profile ? req.profile.days * 86_400 : span;
  if (horizon / req.windowSeconds > MAX_WINDOWS)
    issues.push({
      code: 'capacity-mix-too-large',
      path: 'window',
      message: `${req.profile ? 'the profile' : 'the trace'} spans ${Math.ceil(horizon / 86_400)} days: more than ${MAX_WINDOWS.toLocaleString('en-US')} windows of ${req.windowSeconds} s — use a longer {{window}}`,
    });
  const model: Result<ModelConfig> = data.model
    ? ok(data.model)
    : req.model === undefined
      ? fail({
          code: 'missing-option',
          path: 'model',
          message: "name a catalog model ({{@models}}) or give the model's config.json as {{modelConfig}}",
        })
      : lookupById(data.models, req.model, 'unknown-model', 'model');
  const gpu = lookupById(data.gpus, req.gpu, 'unknown-gpu-id', 'gpu');
  if (!model.ok) issues.push(...model.issues);
  if (!gpu.ok) issues.push(...gpu.issues);
  const selection = selectClouds(data.catalogs, [req.cloud], req.region ? [req.region] : undefined);
  if (!selection.ok) issues.push(...selection.issues);
  const catalog = selection.ok ? data.catalogs.find((c) => c.id === req.cloud) : undefined;
  const region = selection.ok ? selection.value.regionByProvider[req.cloud] : undefined;
  const priced = catalog && region ? capacityMixPrices(req, catalog, region) : undefined;
  if (priced && !priced.ok) issues.push(...priced.issues);
  if (!model.ok || !gpu.ok || !priced?.ok || issues.length > 0) return fail(...issues);
  const { prices, risk } = priced.value;

  const precision = req.precision ?? defaultPrecision(model.value);
  const longest = longestSequenceTokens(workload);
  const serving = sliceServing({
    model: model.value,
    gpu: gpu.value,
    precision,
    minimumKvTokens: longest,
    efficiency: data.efficiency,
    ...(data.engine ? { engine: data.engine } : {}),
  });
  if (!serving.ok)
    return fail({
      code: 'provision-model-does-not-fit',
      path: 'gpu',
      details: { model: model.value.id, gpu: gpu.value.id },
    });
  progress?.(0, 4, `capacity of one ${gpu.value.id} at the SLO`);
  const replica = serving.value.replica;
  const probe = firstRequests(workload, req.probeRequests);
  const capacity = sliceCapacity({
    model: model.value,
    gpu: gpu.value,
    precision,
    workload: probe,
    minimumKvTokens: longest,
    targets: req.slo,
    percentile: req.percentile,
    efficiency: data.efficiency,
    ...(data.engine ? { engine: data.engine } : {}),
    seed: req.seed,
  });
  warnings.push(...capacity.warnings);
  const perReplica = capacity.requestsPerSecond;
  if (!(perReplica > 0))
    return fail({
      code: 'capacity-mix-unservable',
      path: 'slo',
      message: `one ${gpu.value.id} replica of ${model.value.id} meets the latency targets at no request rate (simulated on the trace's sizes): loosen the targets or choose a larger {{gpu}}`,
    });

  // Demand per window: the trace's own arrivals, or the profile's Poisson counts.
  const demand = req.profile
    ? diurnalWindows(req.profile, req.windowSeconds, req.seed)
    : provisionWindows(workload, req.windowSeconds, DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS).map((w) => ({
        startSeconds: w.startSeconds,
        endSeconds: w.endSeconds,
        requests: w.counts.reduce((a, b) => a + b, 0),
      }));
  const interactive = 1 - req.batchFraction;
  const needed = demand.map((w) => {
    const rate = (w.requests * interactive) / (w.endSeconds - w.startSeconds);
    return { rate, replicas: rate > 0 ? Math.ceil(rate / perReplica - 1e-9) : 0 };
  });
  const horizonSeconds = demand.reduce((a, w) => a + (w.endSeconds - w.startSeconds), 0);
  const totalRequests = demand.reduce((a, w) => a + w.requests, 0);

  // Batch work: the deferrable share, at a saturated replica's throughput, checkpointed per batch on spot.
  const saturated = capacity.saturatedRequestsPerSecond;
  const batchRequests = totalRequests * req.batchFraction;
  const batchReplicaSeconds = batchRequests > 0 && saturated > 0 ? batchRequests / saturated : 0;
  let batch: CapacityMixResult['batch'] = null;
  let batchUsdPerReplicaSecond = prices.onDemandUsdPerGpuHour / 3600;
  if (batchRequests > 0 && risk && prices.spotUsdPerGpuHour !== null) {
    const unitSeconds = replica.maxNumSeqs / saturated;
    const stretch = spotExpectation(unitSeconds, 1, risk).expectedSeconds / unitSeconds;
    const spotPerHour = stretch * prices.spotUsdPerGpuHour;
    const runsOn = spotPerHour < prices.onDemandUsdPerGpuHour ? 'spot' : 'on-demand';
    const effective = Math.min(spotPerHour, prices.onDemandUsdPerGpuHour);
    batchUsdPerReplicaSecond = effective / 3600;
    batch = {
      requests: batchRequests,
      replicaHours: batchReplicaSeconds / 3600,
      runsOn,
      spotExpectedStretch: stretch,
      effectiveUsdPerReplicaHour: effective,
    };
  }
  const problem: CapacityMixProblem = {
    windows: demand.map((w, k) => ({
      seconds: w.endSeconds - w.startSeconds,
      replicas: (needed[k] as { replicas: number }).replicas,
    })),
    reservedUsdPerReplicaHour: prices.reservedUsdPerGpuHour,
    onDemandUsdPerReplicaHour: prices.onDemandUsdPerGpuHour,
    scaleUpSeconds: req.scaleUpDelaySeconds,
    batchReplicaSeconds,
    batchUsdPerReplicaSecond,
  };
  const peakNeed = problem.windows.reduce((m, w) => Math.max(m, w.replicas), 0);
  const searchSteps =
    problem.windows.length * (peakNeed + Math.ceil(batchReplicaSeconds / Math.max(1, horizonSeconds)) + 1);
  if (searchSteps > MAX_SEARCH_STEPS)
    return fail({
      code: 'capacity-mix-too-large',
      path: 'window',
      message: `${problem.windows.length} windows × up to ${peakNeed} replicas is more than this search takes (${MAX_SEARCH_STEPS.toExponential(0)} window-baselines): use a longer {{window}} or fewer days`,
    });
  progress?.(1, 4, 'reserved baseline search');
  const solved = cheapestCapacityMix(problem);
  const mix = solved.best;
  // All on-demand: no baseline, batch on on-demand too; all reserved: the smallest baseline with no burst
  // whose idle time holds the batch work.
  const allOnDemand = capacityMixCost(
    { ...problem, batchUsdPerReplicaSecond: prices.onDemandUsdPerGpuHour / 3600 },
    0,
  );
  const allReserved = capacityMixCost(problem, fullyReservedBaseline(problem));
  const horizonHours = horizonSeconds / 3600;
  const totals = (c: CapacityMixCost): CapacityMixTotals => ({
    reservedReplicas: c.reservedReplicas,
    reservedUsd: c.reservedUsd,
    onDemandReplicaHours: c.onDemandReplicaHours,
    onDemandUsd: c.onDemandUsd,
    batchOnReservedReplicaHours: c.batchOnReservedReplicaSeconds / 3600,
    batchElsewhereReplicaHours: c.batchElsewhereReplicaSeconds / 3600,
    batchUsd: c.batchUsd,
    totalUsd: c.totalUsd,
    usdPerMonth: horizonHours > 0 ? (c.totalUsd * MONTH_HOURS) / horizonHours : 0,
  });
  const saving = (other: CapacityMixCost) => ({
    usd: other.totalUsd - mix.totalUsd,
    fraction: other.totalUsd > 0 ? (other.totalUsd - mix.totalUsd) / other.totalUsd : 0,
  });

  const rows: CapacityMixWindowRow[] = demand.map((w, k) => {
    const need = needed[k] as { rate: number; replicas: number };
    const onDemand = mix.onDemandReplicas[k] as number;
    return {
      window: k,
      startSeconds: w.startSeconds,
      endSeconds: w.endSeconds,
      requests: w.requests,
      interactiveRequestsPerSecond: need.rate,
      replicasNeeded: need.replicas,
      reserved: mix.reservedReplicas,
      onDemand,
    };
  });
  const peak = peakNeed;
  const answer = capacity.answerSummary;
  progress?.(2, 4, 'queue depth against the request rate');
  const queueCurve = QUEUE_CURVE_SHARES.map((share) => {
    const rate = share * perReplica;
    const summary = simulateAtRate(
      {
        serving: serving.value,
        instances: 1,
        workload: probe,
        targets: req.slo,
        percentile: req.percentile,
        router: 'least-outstanding-tokens',
        seed: req.seed,
      },
      rate,
    ).summary;
    return {
      requestsPerSecond: rate,
      shareOfCapacity: share,
      queueDepthPerReplica: summary.meanWaiting,
      meetsSlo: judgeLatencySlo(summary, req.slo, req.percentile).meets,
    };
  });
  const autoscaling: CapacityMixResult['autoscaling'] = answer
    ? {
        metric: 'vllm:num_requests_waiting',
        queueDepthPerReplica: answer.meanWaiting,
        maxQueueDepthPerReplica: answer.queueDepth.max,
        runningPerReplica: answer.meanRunning,
        atRequestsPerSecond: perReplica,
        minReplicas: Math.max(1, mix.reservedReplicas),
        maxReplicas: Math.max(1, peak),
        queueCurve,
        separatesSlo: queueCurve.every((p) => p.meetsSlo === p.queueDepthPerReplica <= answer.meanWaiting),
      }
    : null;
  progress?.(3, 4, 'replaying the trace through the mix');
  const replay = req.profile ? null : replayMix(workload, req, replica, mix, rows);

  progress?.(4, 4, 'done');
  return ok(
    {
      schemaVersion: 1,
      settings: {
        ...req,
        model: model.value.id,
        precision,
        trace: workload.source,
        traceRequests: n,
        demand: req.profile ? 'profile' : 'trace',
        windows: demand.length,
        horizonHours,
        engine: data.engine?.id ?? 'none (GPU kernel time only)',
        engineLimits: {
          maxNumSeqs: replica.maxNumSeqs,
          maxNumBatchedTokens: replica.maxNumBatchedTokens,
          maxModelLen: longest,
        },
      },
      prices,
      capacity: {
        requestsPerSecondPerReplica: perReplica,
        relativeUncertainty: capacity.relativeUncertainty,
        saturatedRequestsPerSecondPerReplica: saturated,
        simulations: capacity.simulations,
      },
      batch,
      plans: { mix: totals(mix), 'all-on-demand': totals(allOnDemand), 'all-reserved': totals(allReserved) },
      savings: { vsAllOnDemand: saving(allOnDemand), vsAllReserved: saving(allReserved) },
      solver: {
        method: 'exhaustive search over the reserved baseline (every other choice is forced by it)',
        exact: true,
        candidates: solved.candidates,
      },
      autoscaling,
      replay,
      windows: rows,
      warnings,
    },
    warnings,
  );
}
