import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Issue } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import { usdPerMillionTokens } from '../core/serving-economics.js';
import { concurrencyRamp } from '../optimize/concurrency-ramp.js';
import type { SimulationSummary } from '../sim/simulation-result.js';
import { longestSequenceTokens, type Workload } from '../sim/workload.js';
import type { CostTableRequest } from './cost-table-request.js';
import type { CostTableRow } from './cost-table-schema.js';
import { type PowerContext, simulationEnergy } from './energy-report.js';
import { judgeLatencySlo, type LatencySloTargets } from './latency-slo.js';
import type { EfficiencyData } from './predictors.js';
import { type CapacityRequest, closedLoopRun, servingCapacity } from './serving-capacity.js';
import { buildServingReplica, type SchedulerSettings } from './serving-replica.js';
import { DEFAULTS } from './settings.js';

type QueryType = CostTableRow['queryType'];
type Variant = CostTableRow['variant'];

/** What every configuration of one sweep shares (sent once to each worker). */
export interface CostTableShared {
  model: ModelConfig;
  precision: Precision;
  efficiency: EfficiencyData;
  engine?: EngineProfile;
  targets: LatencySloTargets;
  percentile: 95 | 99;
  rateDefinitions: CostTableRequest['rateDefinitions'];
  /** The traffic shape of each query type swept (Poisson arrivals at 1 req/s, time-scaled per probe). */
  workloads: Partial<Record<QueryType, Workload>>;
  closedLoopRequests: number;
  relativeTolerance: number;
  seed: number;
}

/** One configuration of the sweep: plain data, so it can cross to a worker thread. */
export interface CostTableJob {
  /** Position in the whole sweep. */
  index: number;
  /**
   * Set when another configuration of the sweep simulates exactly the same thing (prefix caching over
   * prompts that share no prefix runs as standard): that one's index; its rows are copied, relabelled.
   */
  sameAs?: number;
  hardware: CostTableRow['hardware'];
  /** `A100-80GB` or `A100-80GB 3g.40gb`. */
  hardwareLabel: string;
  /** The GPU or slice, its peaks scaled to the clock. */
  gpu: GpuSpec;
  gpuClockMhz: number | null;
  maxNumSeqs: number;
  variant: Variant;
  queryType: QueryType;
  power: PowerContext;
  /** This hardware's $/h (a slice: its share of the GPU's); null without a price. */
  usdPerHour: number | null;
}

export interface CostTableJobResult {
  index: number;
  rows: CostTableRow[];
  /** Why the configuration serves nothing at all (the model does not fit, …). */
  unservable?: Issue;
  warnings: Issue[];
  simulations: number;
}

/**
 * The engine settings of each OASIS variant (vLLM flags): `standard` turns chunked prefill and prefix
 * caching off, the others turn exactly one on.
 */
export function variantScheduler(variant: Variant, maxNumSeqs: number): SchedulerSettings {
  return {
    maxNumSeqs,
    chunkedPrefill: variant === 'chunked-prefill',
    prefixCaching: variant === 'prefix-caching',
  };
}

function meanTokensPerRequest(w: Workload): number {
  let total = 0;
  for (let i = 0; i < w.inputTokens.length; i++)
    total += (w.inputTokens[i] as number) + (w.outputTokens[i] as number);
  return w.inputTokens.length > 0 ? total / w.inputTokens.length : 0;
}

/**
 * One configuration's rows: the open-loop maximum serviceable Poisson rate (the capacity bisection) and
 * OASIS's closed-loop concurrency ramp, each with the power, J/token and $/M tokens of the simulation at
 * that operating point. Pure and deterministic: the same job gives the same rows on any thread.
 */
export function runCostTableJob(shared: CostTableShared, job: CostTableJob): CostTableJobResult {
  const workload = shared.workloads[job.queryType] as Workload;
  const built = buildServingReplica({
    model: shared.model,
    hardware: { gpu: job.gpu, gpuCount: 1, hostMemoryBytes: Number.POSITIVE_INFINITY, interconnect: 'none' },
    precision: shared.precision,
    tensorParallel: 1,
    minimumKvTokens: longestSequenceTokens(workload),
    scheduler: variantScheduler(job.variant, job.maxNumSeqs),
    efficiency: shared.efficiency,
    ...(shared.engine ? { engine: shared.engine } : {}),
    gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
    hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
  });
  if (!built.ok)
    return { index: job.index, rows: [], unservable: built.issues[0] as Issue, warnings: [], simulations: 0 };
  const req: CapacityRequest = {
    serving: built.value,
    instances: 1,
    workload,
    targets: shared.targets,
    percentile: shared.percentile,
    router: 'least-outstanding-tokens',
    seed: shared.seed,
    relativeTolerance: shared.relativeTolerance,
    startAt: 'saturated',
  };
  const tokensPerRequest = meanTokensPerRequest(workload);
  const row = (
    rateDefinition: CostTableRow['rateDefinition'],
    rate: number,
    concurrency: number | null,
    summary: SimulationSummary | undefined,
  ): CostTableRow => {
    const energy = summary
      ? simulationEnergy(job.power, { ...summary, replicas: 1 }, 1, 1)
      : simulationEnergy(
          job.power,
          {
            replicas: 1,
            makespanSeconds: 1,
            busy: { stepSeconds: 0, promptStepSeconds: 0 },
            throughput: { totalTokensPerSecond: 0, outputTokensPerSecond: 0 },
          },
          1,
          1,
        );
    const served = rate > 0 && summary !== undefined;
    const e2e = summary?.e2eSeconds?.[shared.percentile === 99 ? 'p99' : 'p95'];
    return {
      hardware: job.hardware,
      gpuClockMhz: job.gpuClockMhz,
      maxNumSeqs: job.maxNumSeqs,
      variant: job.variant,
      queryType: job.queryType,
      rateDefinition,
      maxServiceableRequestsPerSecond: rate,
      concurrencyAtMax: concurrency,
      averagePowerWatts: served ? energy.averagePowerWatts : 0,
      joulesPerToken: served ? energy.joulesPerToken : 0,
      joulesPerOutputToken: served ? energy.joulesPerOutputToken : 0,
      usdPerMillionTokens:
        served && job.usdPerHour !== null
          ? usdPerMillionTokens(job.usdPerHour, rate * tokensPerRequest)
          : null,
      energyUsdPerMillionTokens: served ? energy.energyUsdPerMillionTokens : 0,
      e2eSecondsAtMax: served && e2e !== undefined ? e2e : null,
      powerEstimated: job.power.power.estimated,
      source: 'predicted',
    };
  };
  const rows: CostTableRow[] = [];
  let simulations = 0;
  if (shared.rateDefinitions.includes('open-loop-poisson')) {
    const capacity = servingCapacity(req);
    simulations += capacity.simulations;
    rows.push(row('open-loop-poisson', capacity.requestsPerSecond, null, capacity.answerSummary));
  }
  if (shared.rateDefinitions.includes('closed-loop-ramp')) {
    const summaries = new Map<number, SimulationSummary>();
    const ramp = concurrencyRamp(
      (c) => {
        const run = closedLoopRun(req, c, Math.max(3 * c, shared.closedLoopRequests));
        summaries.set(c, run.summary);
        return {
          concurrency: c,
          requestsPerSecond: run.steadyRequestsPerSecond,
          meetsSlo: judgeLatencySlo(run.summary, shared.targets, shared.percentile).meets,
        };
      },
      // Past the engine's batch limit requests only queue: throughput stays, latency grows.
      { startConcurrency: job.maxNumSeqs, maxConcurrency: 2 * job.maxNumSeqs, relativeTolerance: 0.05 },
    );
    simulations += ramp.probes.length;
    const best = ramp.best;
    rows.push(
      row(
        'closed-loop-ramp',
        best?.requestsPerSecond ?? 0,
        best?.concurrency ?? null,
        best ? summaries.get(best.concurrency) : undefined,
      ),
    );
  }
  return { index: job.index, rows, warnings: built.value.warnings, simulations };
}
