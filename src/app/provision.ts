import type { EnergyData } from '../catalog/energy-file.js';
import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { MigGpu } from '../core/mig-profile.js';
import { migSliceGpu } from '../core/mig-slice-gpu.js';
import type { ModelConfig } from '../core/model-config.js';
import { formatNumber } from '../messages/format.js';
import type { FleetSchedule } from '../sim/fleet.js';
import { QUERY_TYPES, type QueryType, splitByQueryType } from '../sim/query-type.js';
import { firstRequests } from '../sim/scale-workload.js';
import { simulate } from '../sim/simulate.js';
import type { ReplicaConfig } from '../sim/simulation-input.js';
import type { SimulationResult } from '../sim/simulation-result.js';
import { longestSequenceTokens, type Workload } from '../sim/workload.js';
import { gpuPowerSpec } from './energy-request.js';
import { resolveGpuHourPrice } from './gpu-hour-price.js';
import { lookupById } from './lookup.js';
import type { EfficiencyData } from './predictors.js';
import {
  type ProvisionTimelineRow,
  type StrategyTotals,
  type WindowPower,
  windowMetrics,
} from './provision-metrics.js';
import {
  decideWindow,
  type FleetPlan,
  fleetPlan,
  type ProvisionWindow,
  provisionWindows,
  type TypeCapacity,
  type TypeDecision,
} from './provision-plan.js';
import type { ProvisionRequest } from './provision-request.js';
import { buildServingReplica } from './serving-replica.js';
import { DEFAULTS, defaultPrecision } from './settings.js';
import { sliceCapacity } from './slice-capacity.js';

export interface ProvisionData {
  models: ModelConfig[];
  gpus: GpuSpec[];
  migGpus: MigGpu[];
  efficiency: EfficiencyData;
  /** The serving engine (default vLLM) whose step overheads the capacity probes and the replay include. */
  engine?: EngineProfile;
  catalog?: Catalog;
  /** Power data: energy per window from the power model; without it, at the GPU's TDP (an upper bound). */
  energy?: EnergyData;
}

export const STRATEGIES = ['oasis', 'static-peak', 'one-gpu'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface ProvisionResult {
  schemaVersion: 1;
  settings: Omit<ProvisionRequest, 'gpuWatts'> & {
    precision: string;
    usdPerGpuHour: number;
    priceSource: string;
    /** The W per billed GPU when fixed (given, or the TDP bound); null when the power model sets it per window. */
    gpuWatts: number | null;
    powerSource: string;
    /** True when the power figures rest on the model scaled by the power limit (no data of this GPU's own). */
    powerEstimated: boolean;
    trace: string;
    requests: number;
    windows: number;
  };
  /** MSRR per query type on the whole GPU and each slice (req/s), from the simulator. */
  capacity: Partial<Record<QueryType, TypeCapacity>>;
  timeline: ProvisionTimelineRow[];
  totals: Record<Strategy, StrategyTotals>;
  warnings: Issue[];
}

export type ProvisionProgress = (done: number, total: number, label: string) => void;

/**
 * OASIS phase 2 over a trace: per window, classify queries, measure the rate per type, provision
 * rate / MSRR GPUs per type (a MIG slice below one, ⌈·⌉ whole GPUs above), with a scale-up delay; replay
 * the trace through the simulator with that fleet changing window by window (queries routed by type), and
 * compare SLO attainment, $, kWh and CO2 with static peak provisioning and one whole GPU always on.
 */
export function provision(
  req: ProvisionRequest,
  workload: Workload,
  data: ProvisionData,
  progress?: ProvisionProgress,
): Result<ProvisionResult> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const n = workload.arrivalSeconds.length;
  if (n === 0) issues.push({ code: 'empty-trace', path: 'trace', details: { source: workload.source } });
  const span =
    n > 0 ? (workload.arrivalSeconds[n - 1] as number) - (workload.arrivalSeconds[0] as number) : 0;
  if (n > 0 && req.windowSeconds > span)
    issues.push({
      code: 'window-longer-than-trace',
      path: 'window',
      details: { windowSeconds: req.windowSeconds, traceSeconds: span },
    });
  const model = lookupById(data.models, req.model, 'unknown-model', 'model');
  const gpu = lookupById(data.gpus, req.gpu, 'unknown-gpu-id', 'gpu');
  if (!model.ok) issues.push(...model.issues);
  if (!gpu.ok) issues.push(...gpu.issues);
  const mig = gpu.ok ? data.migGpus.find((g) => g.gpuId === gpu.value.id) : undefined;
  const wanted =
    req.migProfiles ?? (mig?.profiles ?? []).filter((p) => !p.name.includes('+me')).map((p) => p.name);
  if (gpu.ok && wanted.length > 0) {
    for (const name of wanted)
      if (!mig?.profiles.some((p) => p.name === name))
        issues.push(
          mig
            ? {
                code: 'unknown-mig-profile',
                path: 'migProfiles',
                details: { gpu: gpu.value.id, value: name, valid: mig.profiles.map((p) => p.name) },
              }
            : {
                code: 'gpu-without-mig',
                path: 'migProfiles',
                details: { gpu: gpu.value.id, value: name, valid: data.migGpus.map((g) => g.gpuId) },
              },
        );
  }
  const priced = gpu.ok
    ? resolveGpuHourPrice(req.usdPerGpuHour, data.catalog, gpu.value.id, 'usdPerGpuHour')
    : undefined;
  if (priced && !priced.ok) issues.push(...priced.issues);
  const price = priced?.ok ? priced.value : undefined;
  if (!model.ok || !gpu.ok || !price || issues.length > 0) return fail(...issues);

  const precision = req.precision ?? defaultPrecision(model.value);
  const slices = (mig?.profiles ?? [])
    .filter((p) => wanted.includes(p.name))
    .sort((a, b) => a.priceShare - b.priceShare);
  const options: { profile: string | null; share: number; gpu: GpuSpec }[] = [
    { profile: null, share: 1, gpu: gpu.value },
    ...slices.map((p) => ({ profile: p.name, share: p.priceShare, gpu: migSliceGpu(gpu.value, p) })),
  ];
  // Requests of each query type, as a traffic shape for the capacity bisection.
  const byType = splitByQueryType(workload, req.queryTypeThresholdTokens);
  const capacity: Partial<Record<QueryType, TypeCapacity>> = {};
  const configs = new Map<string, ReplicaConfig>();
  const present = QUERY_TYPES.filter((_, q) => (byType[q] as Workload).arrivalSeconds.length > 0);
  const total = present.length * options.length + 3;
  let done = 0;
  for (const type of present) {
    const shape = byType[QUERY_TYPES.indexOf(type)] as Workload;
    const probe = firstRequests(shape, req.probeRequests);
    const longest = longestSequenceTokens(shape);
    const cap: TypeCapacity = { wholeRequestsPerSecond: 0, slices: [] };
    for (const option of options) {
      progress?.(done++, total, `${type} on ${option.profile ?? 'whole GPU'}`);
      if (probe.arrivalSeconds.length < 2) continue;
      const c = sliceCapacity({
        model: model.value,
        gpu: option.gpu,
        precision,
        workload: probe,
        minimumKvTokens: longest,
        targets: req.slo,
        percentile: req.percentile,
        efficiency: data.efficiency,
        ...(data.engine ? { engine: data.engine } : {}),
        seed: req.seed,
      });
      for (const w of c.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
      if (option.profile === null) cap.wholeRequestsPerSecond = c.requestsPerSecond;
      else if (c.requestsPerSecond > 0)
        cap.slices.push({
          profile: option.profile,
          priceShare: option.share,
          requestsPerSecond: c.requestsPerSecond,
        });
      if (c.requestsPerSecond > 0 || option.profile === null) {
        const built = replicaConfig(
          model.value,
          option.gpu,
          precision,
          longest,
          data.efficiency,
          data.engine,
        );
        if (built) configs.set(option.profile ?? 'whole GPU', built);
      }
    }
    if (!(cap.wholeRequestsPerSecond > 0))
      warnings.push({ code: 'type-unservable', details: { type, gpu: gpu.value.id } });
    capacity[type] = cap;
  }
  if (!configs.has('whole GPU'))
    return fail({
      code: 'provision-model-does-not-fit',
      path: 'gpu',
      details: { model: model.value.id, gpu: gpu.value.id },
    });
  const windows = provisionWindows(workload, req.windowSeconds, req.queryTypeThresholdTokens);
  const rates = windows.map((w) => w.counts.map((c) => c / (w.endSeconds - w.startSeconds)));
  const peak = QUERY_TYPES.map((_, q) => Math.max(...rates.map((r) => r[q] as number)));
  // Reactive, as OASIS's Algorithm 1: window k runs what window k − 1's rates called for (the first
  // window what its own did: the initial deployment).
  const oasisDecisions = windows.map((_, k) => decideWindow(rates[Math.max(0, k - 1)] as number[], capacity));
  const peakDecision = decideWindow(peak, capacity);
  const oneGpu: TypeDecision = {
    type: 'SISO',
    profile: null,
    replicas: 1,
    gpuEquivalents: 1,
    gpusRequired: 1,
  };
  const plans: Record<Strategy, FleetPlan> = {
    oasis: fleetPlan(windows, oasisDecisions, req.scaleUpDelaySeconds),
    'static-peak': fleetPlan(
      windows,
      windows.map(() => peakDecision),
      req.scaleUpDelaySeconds,
    ),
    'one-gpu': fleetPlan(
      windows,
      windows.map(() => [oneGpu]),
      0,
    ),
  };
  const power = provisionPower(req, gpu.value, data.energy);
  const timeline: ProvisionTimelineRow[] = [];
  const totals = {} as Record<Strategy, StrategyTotals>;
  for (const strategy of STRATEGIES) {
    progress?.(done++, total, `replaying ${strategy}`);
    const plan = plans[strategy];
    const result = replay(workload, plan, configs, strategy, req, windows);
    const metrics = windowMetrics({
      strategy,
      windows,
      plan,
      result,
      workload,
      req,
      usdPerGpuHour: price.usdPerHour,
      power: power.model,
    });
    timeline.push(...metrics.rows);
    totals[strategy] = metrics.totals;
  }
  progress?.(total, total, 'done');
  const { migProfiles: _m, gpuWatts: _w, ...rest } = req;
  return ok(
    {
      schemaVersion: 1,
      settings: {
        ...rest,
        migProfiles: slices.map((s) => s.name),
        precision,
        usdPerGpuHour: price.usdPerHour,
        priceSource: price.source,
        gpuWatts: power.model.kind === 'fixed' ? power.model.watts : null,
        powerSource: power.source,
        powerEstimated: power.estimated,
        trace: workload.source,
        requests: n,
        windows: windows.length,
      },
      capacity,
      timeline,
      totals,
      warnings,
    },
    warnings,
  );
}

function replicaConfig(
  model: ModelConfig,
  gpu: GpuSpec,
  precision: ProvisionRequest['precision'] & string,
  minimumKvTokens: number,
  efficiency: EfficiencyData,
  engine: EngineProfile | undefined,
): ReplicaConfig | undefined {
  const built = buildServingReplica({
    model,
    hardware: { gpu, gpuCount: 1, hostMemoryBytes: Number.POSITIVE_INFINITY, interconnect: 'none' },
    precision,
    tensorParallel: 1,
    minimumKvTokens,
    scheduler: {},
    efficiency,
    ...(engine ? { engine } : {}),
    gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
    hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
  });
  return built.ok ? built.value.replica : undefined;
}

/**
 * Power per billed GPU: `gpuWatts` when given; else the fitted power model at each window's activity (the
 * replay's busy share and compute-bound share of the billed GPU-hours, data/v1/energy.json); else, without
 * power data, the GPU's TDP — an upper bound, said so.
 */
function provisionPower(
  req: ProvisionRequest,
  gpu: GpuSpec,
  energy: EnergyData | undefined,
): { model: WindowPower; source: string; estimated: boolean } {
  if (req.gpuWatts !== undefined)
    return { model: { kind: 'fixed', watts: req.gpuWatts }, source: '--gpu-watts (given)', estimated: false };
  if (!energy)
    return {
      model: { kind: 'fixed', watts: gpu.tdpWatts },
      source: `${gpu.id} TDP ${gpu.tdpWatts} W: an upper bound (every billed GPU at full power)`,
      estimated: true,
    };
  const spec = gpuPowerSpec(energy, gpu);
  return {
    model: { kind: 'modelled', spec, coefficients: energy.model.coefficients },
    source: `power model per window: the replay's busy and compute-bound shares of the billed GPUs (idle ${formatNumber(spec.idleWatts, 0)} W … limit ${formatNumber(spec.powerLimitWatts, 0)} W; ${spec.estimated ? `${gpu.id} not measured: the fitted model scaled by its power limit, estimated` : `${gpu.id} power measured`})`,
    estimated: spec.estimated,
  };
}

function replay(
  workload: Workload,
  plan: FleetPlan,
  configs: Map<string, ReplicaConfig>,
  strategy: Strategy,
  req: ProvisionRequest,
  windows: readonly ProvisionWindow[],
): SimulationResult {
  const whole = configs.get('whole GPU') as ReplicaConfig;
  const fleet: FleetSchedule = {
    pools: plan.pools.map((p) => ({
      name: p.key,
      replica: configs.get(p.profile ?? 'whole GPU') ?? whole,
      ...(strategy === 'one-gpu' ? {} : { queryTypes: [p.type] }),
    })),
    steps: plan.steps,
  };
  return simulate({
    workload,
    replicas: 1,
    replica: whole,
    fleet,
    router: 'least-outstanding-tokens',
    queryTypeThresholdTokens: req.queryTypeThresholdTokens,
    activityWindows: {
      startSeconds: windows[0]?.startSeconds ?? 0,
      windowSeconds: req.windowSeconds,
      count: Math.max(1, windows.length),
    },
    seed: req.seed,
  });
}
