import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { gpuLabel, type MigSliceInfo } from '../core/mig-slice-gpu.js';
import { describeIssue } from '../messages/messages.js';
import { QUERY_TYPES, queryTypeIndex } from '../sim/query-type.js';
import { firstRequests } from '../sim/scale-workload.js';
import { generateWorkload } from '../sim/synthetic-workload.js';
import type { Workload } from '../sim/workload.js';
import {
  type CostTableJob,
  type CostTableJobResult,
  type CostTableShared,
  runCostTableJob,
} from './cost-table-job.js';
import type { CostTableRequest } from './cost-table-request.js';
import type { CostTable, CostTableRow } from './cost-table-schema.js';
import { bestConfigurations, type CostTableObjective } from './cost-table-select.js';
import { gpuPowerSpec, resolvePowerContext } from './energy-request.js';
import { resolveGpuHourPrice } from './gpu-hour-price.js';
import { lookupById } from './lookup.js';
import { resolveMigSlice } from './mig-slice.js';
import type { PlannerData } from './planner-data.js';
import { NO_PROGRESS, type Progress, yieldToEventLoop } from './progress.js';
import { DEFAULTS, defaultPrecision } from './settings.js';

type QueryType = CostTableRow['queryType'];

/**
 * Runs the sweep's configurations — inline, or in parallel on worker threads (an adapter's) — calling
 * `onDone` as each finishes; results in any order.
 */
export type CostTableRunner = (
  shared: CostTableShared,
  jobs: CostTableJob[],
  onDone: (result: CostTableJobResult) => void,
) => Promise<CostTableJobResult[]>;

/** One configuration after another on this thread, yielding between them (a progress bar redraws). */
export const inlineCostTableRunner: CostTableRunner = async (shared, jobs, onDone) => {
  const results: CostTableJobResult[] = [];
  for (const job of jobs) {
    await yieldToEventLoop();
    const r = runCostTableJob(shared, job);
    results.push(r);
    onDone(r);
  }
  return results;
};

export interface CostTablePlan {
  shared: CostTableShared;
  /** This shard's configurations. */
  jobs: CostTableJob[];
  /** Configurations in the whole sweep (all shards). */
  totalConfigurations: number;
  table: Omit<CostTable, 'rows' | 'unservable' | 'best'>;
  warnings: Issue[];
}

/** OASIS's representative request of each type: short = smallTokens, long = largeTokens, in and out. */
function syntheticWorkload(type: QueryType, req: CostTableRequest): Workload {
  const q = QUERY_TYPES.indexOf(type);
  const tokens = (long: boolean) => ({
    kind: 'fixed' as const,
    tokens: long ? req.largeTokens : req.smallTokens,
  });
  const w = generateWorkload({
    requests: req.probeRequests,
    requestsPerSecond: 1,
    arrival: { kind: 'poisson' },
    inputLengths: tokens(q >= 2),
    outputLengths: tokens(q % 2 === 1),
    seed: req.seed,
  });
  return { ...w, source: `${type}: ${w.source}` };
}

/** A trace's requests of one type (first probeRequests of them), or undefined when it has fewer than 2. */
function traceWorkload(type: QueryType, trace: Workload, req: CostTableRequest): Workload | undefined {
  const q = QUERY_TYPES.indexOf(type);
  const ids: number[] = [];
  for (let i = 0; i < trace.arrivalSeconds.length && ids.length < req.probeRequests; i++)
    if (
      queryTypeIndex(
        trace.inputTokens[i] as number,
        trace.outputTokens[i] as number,
        req.queryTypeThresholdTokens,
      ) === q
    )
      ids.push(i);
  if (ids.length < 2) return undefined;
  return firstRequests(
    {
      arrivalSeconds: Float64Array.from(ids, (i) => trace.arrivalSeconds[i] as number),
      inputTokens: Uint32Array.from(ids, (i) => trace.inputTokens[i] as number),
      outputTokens: Uint32Array.from(ids, (i) => trace.outputTokens[i] as number),
      source: `${trace.source} (${type} only)`,
    },
    req.probeRequests,
  );
}

/**
 * Everything the sweep needs, checked at once: model, GPU, MIG profiles, clocks (each within the GPU's
 * documented range), engine, prices and power; the list of configurations (hardware × clock × max
 * sequences × variant × query type, in that order) and this shard's share of it (every count-th).
 */
export function planCostTable(
  req: CostTableRequest,
  data: PlannerData,
  trace?: Workload,
): Result<CostTablePlan> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const take = <T>(r: Result<T>): T | undefined => {
    if (r.ok) return r.value;
    issues.push(...r.issues);
    return undefined;
  };
  const models = take(data.models());
  const gpus = take(data.gpus());
  const migGpus = take(data.migGpus());
  const efficiency = take(data.efficiency());
  const energy = data.energy ? take(data.energy()) : undefined;
  if (!data.energy)
    issues.push({ code: 'energy-data-invalid', message: 'this planner carries no energy data' });
  const model = models ? take(lookupById(models, req.model, 'unknown-model', 'model')) : undefined;
  const gpu = gpus ? take(lookupById(gpus, req.gpu, 'unknown-gpu-id', 'gpu')) : undefined;
  let engine: EngineProfile | undefined;
  if (req.engine !== 'none' && data.engines) {
    const engines = take(data.engines());
    engine = engines?.find((e) => e.id === req.engine);
    if (engines && !engine)
      issues.push({
        code: 'unknown-engine',
        path: 'engine',
        details: { value: req.engine, known: [...engines.map((e) => e.id), 'none'] },
      });
  }
  const hardware: GpuSpec[] = [];
  if (gpu && migGpus) {
    if (req.wholeGpu) hardware.push(gpu);
    const family = migGpus.find((g) => g.gpuId === gpu.id);
    const names =
      req.migProfiles ?? (family?.profiles ?? []).filter((p) => !p.name.includes('+me')).map((p) => p.name);
    for (const name of names) {
      const slice = take(resolveMigSlice(migGpus, gpu, name));
      if (slice) hardware.push(slice);
    }
  }
  const range = gpu && energy ? gpuPowerSpec(energy, gpu).smClock : undefined;
  const clocks: (number | undefined)[] =
    req.gpuClocksMhz ??
    (range
      ? [...new Set([range.minMhz, Math.round((range.minMhz + range.maxMhz) / 2), range.maxMhz])]
      : [undefined]);
  const catalog = data.catalog(DEFAULTS.catalog);
  const price = gpu
    ? resolveGpuHourPrice(req.usdPerGpuHour, catalog.ok ? catalog.value : undefined, gpu.id, 'usdPerGpuHour')
    : undefined;
  if (price && !price.ok) warnings.push(...price.issues);
  const usdPerGpuHour = price?.ok ? price.value.usdPerHour : null;
  // Power context of each (hardware, clock); a bad clock is reported once, for the whole GPU.
  const contexts = new Map<string, { gpu: GpuSpec; context: CostTableJob['power'] }>();
  if (energy)
    for (const [h, hw] of hardware.entries())
      for (const clock of clocks) {
        const resolved = resolvePowerContext(
          energy,
          hw,
          {},
          {
            electricityUsdPerKwh: req.electricityUsdPerKwh ?? DEFAULTS.electricityUsdPerKwh,
            ...(req.pue !== undefined ? { pue: req.pue } : {}),
            ...(req.gridGco2PerKwh !== undefined ? { gridGco2PerKwh: req.gridGco2PerKwh } : {}),
            ...(clock !== undefined ? { gpuClockMhz: clock } : {}),
          },
        );
        if (resolved.ok) contexts.set(`${h}|${clock}`, resolved.value);
        else if (h === 0) issues.push(...resolved.issues.map((i) => ({ ...i, path: 'gpuClocksMhz' })));
      }
  const workloads: Partial<Record<QueryType, Workload>> = {};
  for (const type of req.queryTypes) {
    const w = trace ? traceWorkload(type, trace, req) : syntheticWorkload(type, req);
    if (w) workloads[type] = w;
    else warnings.push({ code: 'cost-table-type-absent', path: 'trace', details: { type } });
  }
  const types = req.queryTypes.filter((t) => workloads[t] !== undefined);
  if (trace && types.length === 0) issues.push({ code: 'cost-table-no-types', path: 'trace', details: {} });
  if (req.variants.includes('prefix-caching') && !trace?.prefix)
    warnings.push({ code: 'cost-table-no-shared-prefixes', details: {} });
  if (!model || !gpu || !efficiency || !energy || issues.length > 0) return fail(...issues);

  const precision = req.precision ?? defaultPrecision(model);
  const all: CostTableJob[] = [];
  for (const [h, hw] of hardware.entries()) {
    const mig = (hw as { mig?: MigSliceInfo }).mig;
    for (const clock of clocks) {
      const ctx = contexts.get(`${h}|${clock}`);
      if (!ctx) continue;
      for (const maxNumSeqs of req.maxNumSeqs)
        for (const variant of req.variants)
          for (const queryType of types)
            all.push({
              index: all.length,
              hardware: {
                kind: mig ? 'mig' : 'gpu',
                gpu: gpu.id,
                migProfile: mig?.profile ?? null,
                instance: null,
                gpuCount: 1,
              },
              hardwareLabel: gpuLabel(hw),
              gpu: ctx.gpu,
              gpuClockMhz: clock ?? null,
              maxNumSeqs,
              variant,
              queryType,
              power: ctx.context,
              usdPerHour: usdPerGpuHour === null ? null : usdPerGpuHour * (mig?.priceShare ?? 1),
            });
    }
  }
  // Prefix caching with no shared prefix simulates exactly as standard: run it once, copy the rows.
  const noPrefix = !trace?.prefix;
  const groupKey = (j: CostTableJob) => `${j.hardwareLabel}|${j.gpuClockMhz}|${j.maxNumSeqs}|${j.queryType}`;
  const standard = new Map(all.filter((j) => j.variant === 'standard').map((j) => [groupKey(j), j.index]));
  if (noPrefix)
    for (const j of all) {
      const twin = j.variant === 'prefix-caching' ? standard.get(groupKey(j)) : undefined;
      if (twin !== undefined) j.sameAs = twin;
    }
  // A shard takes whole groups (every variant of one hardware, clock, max sequences and type), every
  // count-th group in sweep order: deterministic, and twins stay together.
  const groups = new Map<string, number>();
  for (const j of all) if (!groups.has(groupKey(j))) groups.set(groupKey(j), groups.size);
  const shard = req.shard;
  const jobs = shard
    ? all.filter((j) => (groups.get(groupKey(j)) as number) % shard.count === shard.index)
    : all;
  const firstContext = contexts.values().next().value?.context;
  return ok(
    {
      shared: {
        model,
        precision,
        efficiency,
        ...(engine ? { engine } : {}),
        targets: req.slo,
        percentile: req.percentile,
        rateDefinitions: req.rateDefinitions,
        workloads,
        closedLoopRequests: req.closedLoopRequests,
        relativeTolerance: req.relativeTolerance,
        seed: req.seed,
      },
      jobs,
      totalConfigurations: all.length,
      table: {
        schemaVersion: 1,
        kind: 'infersave-cost-table',
        model: model.id,
        queryTypeThresholdTokens: req.queryTypeThresholdTokens,
        slo: {
          percentile: req.percentile,
          e2eSeconds: req.slo.e2eSeconds ?? null,
          ttftSeconds: req.slo.ttftSeconds ?? null,
          tpotSeconds: req.slo.tpotSeconds ?? null,
        },
        shard: shard ?? null,
        settings: {
          gpu: gpu.id,
          hardware: hardware.map(gpuLabel),
          gpuClocksMhz: clocks.map((c) => c ?? null),
          maxNumSeqs: req.maxNumSeqs,
          variants: req.variants,
          queryTypes: types,
          precision,
          engine: engine?.id ?? 'none',
          workloads: Object.fromEntries(types.map((t) => [t, workloads[t]?.source])),
          probeRequests: req.probeRequests,
          closedLoopRequests: req.closedLoopRequests,
          relativeTolerance: req.relativeTolerance,
          usdPerGpuHour,
          priceSource: price?.ok ? price.value.source : null,
          electricityUsdPerKwh: firstContext?.prices.electricityUsdPerKwh ?? null,
          pue: firstContext?.prices.pue ?? null,
          pueSource: firstContext?.prices.pueSource ?? null,
          best: req.best,
          seed: req.seed,
          configurations: all.length,
          configurationsInShard: jobs.length,
        },
      },
      warnings,
    },
    warnings,
  );
}

export interface CostTableOutcome {
  table: CostTable;
  /** The best configuration per (hardware, query type, rate definition) by the request's objective. */
  best: CostTableRow[];
  warnings: Issue[];
  simulations: number;
}

/** Runs a plan's configurations through `runner` and assembles the table (rows in sweep order). */
export async function buildCostTable(
  plan: CostTablePlan,
  runner: CostTableRunner = inlineCostTableRunner,
  progress: Progress = NO_PROGRESS,
): Promise<CostTableOutcome> {
  const toRun = plan.jobs.filter((j) => j.sameAs === undefined);
  progress.start(toRun.length, 'cost-table');
  const byIndex = new Map(plan.jobs.map((j) => [j.index, j]));
  const label = (j: CostTableJob | undefined) =>
    j
      ? `${j.hardwareLabel} ${j.gpuClockMhz ?? 'default'} MHz ${j.maxNumSeqs} seqs ${j.variant} ${j.queryType}`
      : '';
  const ran = await runner(plan.shared, toRun, (r) => {
    progress.working(label(byIndex.get(r.index)));
    progress.done();
  });
  progress.stop();
  const byRun = new Map(ran.map((r) => [r.index, r]));
  const results = [...ran];
  for (const j of plan.jobs) {
    const twin = j.sameAs === undefined ? undefined : byRun.get(j.sameAs);
    if (twin)
      results.push({
        ...twin,
        index: j.index,
        rows: twin.rows.map((r) => ({ ...r, variant: j.variant })),
        simulations: 0,
      });
  }
  results.sort((a, b) => a.index - b.index);
  const warnings = [...plan.warnings];
  for (const r of results)
    for (const w of r.warnings)
      if (!warnings.some((x) => x.code === w.code && JSON.stringify(x.details) === JSON.stringify(w.details)))
        warnings.push(w);
  const unservable: CostTable['unservable'] = [];
  for (const r of results) {
    const job = byIndex.get(r.index);
    if (!r.unservable || !job) continue;
    unservable.push({
      hardware: job.hardwareLabel,
      gpuClockMhz: job.gpuClockMhz,
      maxNumSeqs: job.maxNumSeqs,
      variant: job.variant,
      queryType: job.queryType,
      reason: describeIssue(r.unservable),
    });
  }
  const rows = results.flatMap((r) => r.rows);
  const best = bestConfigurations(
    rows,
    (plan.table.settings.best as CostTableObjective | undefined) ?? 'cost',
  );
  const table: CostTable = { ...plan.table, rows, unservable, best };
  return {
    table,
    best,
    warnings,
    simulations: results.reduce((s, r) => s + r.simulations, 0),
  };
}
