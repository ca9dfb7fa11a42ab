import type { Catalog, InstanceType } from '../core/instance-type.js';
import { type Issue, ok, type Result } from '../core/issue.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS, QUERY_TYPES, splitByQueryType } from '../sim/query-type.js';
import { firstRequests } from '../sim/scale-workload.js';
import { longestSequenceTokens } from '../sim/workload.js';
import { bareGpuHardware } from './capacity-bare-gpu.js';
import type { CapacitySettings } from './capacity-json.js';
import { type CapacityRow, capacitySweep } from './capacity-sweep.js';
import { catalogOfInstance } from './cloud-catalogs.js';
import { powerContextFor, readEnergyRequest } from './energy-inputs.js';
import type { PowerContext } from './energy-report.js';
import { instanceMatcher, readCpuArchitectures, withCpuArchitectures } from './instance-filter.js';
import { hasLatencyTargets } from './latency-slo.js';
import { lookupById } from './lookup.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import type { Rejection } from './recommend.js';
import { checkRegion, collect, resolveModel } from './request-inputs.js';
import {
  describeWorkload,
  latencyFlagsGiven,
  loadWorkload,
  readEngine,
  readLatencyTargets,
  readWorkloadSpec,
  resolveStepTimerData,
  scaleWorkload,
  workloadSeed,
} from './serving-inputs.js';
import {
  checkpointPrecisionIssues,
  chosenKvCacheDtype,
  DEFAULTS,
  defaultPrecision,
  workloadContextIssues,
} from './settings.js';

/** The prices behind capacity's energy figures (one catalog: one provider and region). */
function energySettings(powerByGpu: ReadonlyMap<string, PowerContext>) {
  const p = powerByGpu.values().next().value?.prices;
  return p
    ? {
        electricityUsdPerKwh: p.electricityUsdPerKwh,
        pue: p.pue,
        pueSource: p.pueSource,
        gridGco2PerKwh: p.gridGco2PerKwh ?? null,
        gridSource: p.gridSource,
      }
    : null;
}

export const DEFAULT_PROBE_REQUESTS = 1000;

/** --instances patterns or one --instance: the catalog's instance types to try. */
export function selectInstances(o: OptionReader, catalog: Catalog): Result<InstanceType[]> {
  const one = o.text('instance');
  const patterns = o.list('instances');
  const issues: Issue[] = [];
  if (one !== undefined && patterns.length > 0) {
    issues.push({
      code: 'invalid-option',
      path: 'instance',
      message: 'give {{instance}} or {{instances}}, not both',
    });
  }
  if (one !== undefined) {
    const found = lookupById(catalog.instances, one, 'unknown-instance', 'instance');
    return found.ok && issues.length === 0
      ? ok([found.value])
      : { ok: false, issues: [...issues, ...collect(found)] };
  }
  const matcher = instanceMatcher(patterns);
  const chosen = withCpuArchitectures(catalog, readCpuArchitectures(o)).instances.filter((i) =>
    matcher(i.id),
  );
  if (chosen.length === 0) {
    issues.push({
      code: 'no-instances-match',
      path: 'instances',
      details: { patterns: patterns.join(',') },
    });
  }
  return issues.length > 0 ? { ok: false, issues } : ok(chosen);
}

/** What `capacity` concluded: bad input (exit 2), or each type's rate (none serviceable: exit 1). */
export type CapacityOutcome =
  | { ok: false; exitCode: 2; issues: Issue[] }
  | {
      ok: true;
      settings: CapacitySettings;
      rows: CapacityRow[];
      rejected: Rejection[];
      /** Trace warnings (skipped rows, sorting). */
      warnings: Issue[];
    };

/** The maximum serviceable rate of each instance type under P95 targets, from capacity's raw options. */
export async function evaluateCapacity(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CapacityOutcome> {
  const o = new OptionReader(raw);
  const spec = readWorkloadSpec(o, { defaultSyntheticRate: 1 });
  if (spec?.kind === 'trace' && spec.requestsPerSecond !== undefined) {
    o.issues.push({
      code: 'invalid-option',
      path: 'rate',
      message:
        'capacity finds the rate itself: leave {{rate}} out (the trace is time-scaled to each rate probed)',
    });
  }
  const { scheduler, router } = readEngine(o, raw);
  const targets = readLatencyTargets(o);
  if (!hasLatencyTargets(targets) && !latencyFlagsGiven(raw)) {
    o.issues.push({
      code: 'missing-option',
      path: 'sloE2eP95',
      message: 'give at least one P95 target: {{sloTtftP95}}, {{sloTpotP95}} or {{sloE2eP95}} (e.g. 20s)',
    });
  }
  const instancesCount = o.positiveInteger('instancesCount') ?? 1;
  const energyRequest = readEnergyRequest(o, raw);
  if (energyRequest.gpuClockMhz !== undefined)
    o.issues.push({
      code: 'invalid-option',
      path: 'gpuClockMhz',
      message:
        'capacity runs every GPU at its default clock: leave {{gpuClockMhz}} out (cost-table sweeps clocks)',
    });
  const byQueryType = o.flag('byQueryType');
  const threshold = o.positiveInteger('queryTypeThreshold') ?? DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS;
  const probeRequests = o.positiveInteger('probeRequests') ?? DEFAULT_PROBE_REQUESTS;
  const precisions = o.precisions('precision');
  const kvCacheDtype = o.kvCacheDtype();
  if (precisions && precisions.length > 1)
    o.issues.push({ code: 'invalid-option', path: 'precision', message: 'capacity takes one precision' });
  const pricing = o.oneOf('pricing', ['on-demand', 'reserved'] as const) ?? DEFAULTS.pricing;
  const { gpuUtil, hostUtil } = o.memoryUtilization();
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const catalog = data.catalog(
    o.text('catalog') ?? catalogOfInstance(data, o.text('instance'), DEFAULTS.catalog),
  );
  const timeModel = resolveStepTimerData(data, o);
  const region = o.text('region') ?? (catalog.ok ? catalog.value.defaultRegion : '');
  const badRegion = catalog.ok ? checkRegion(catalog.value, region) : undefined;
  const bare = catalog.ok ? bareGpuHardware(o, data, catalog.value, region) : undefined;
  const instances = bare
    ? bare.ok
      ? ok([bare.value.instance])
      : bare
    : catalog.ok
      ? selectInstances(o, catalog.value)
      : undefined;
  const loaded = spec ? await loadWorkload(spec, data.readTrace) : undefined;
  const results = [model, catalog, timeModel, ...(instances ? [instances] : []), ...(loaded ? [loaded] : [])];
  const issues = [
    ...o.issues,
    ...(badRegion ? [badRegion] : []),
    ...collect(...results),
    ...(model.ok ? checkpointPrecisionIssues(model.value, precisions) : []),
    ...workloadContextIssues(model, loaded, spec?.kind === 'trace'),
  ];
  const probe = loaded?.ok ? firstRequests(loaded.value.workload, probeRequests) : undefined;
  if (probe && issues.length === 0) {
    const scalable = scaleWorkload(probe, 1, 'probeRequests');
    if (!scalable.ok) issues.push(...scalable.issues);
  }
  if (
    !model.ok ||
    !catalog.ok ||
    !timeModel.ok ||
    !instances?.ok ||
    !loaded?.ok ||
    !probe ||
    issues.length > 0
  ) {
    return { ok: false, exitCode: 2, issues };
  }
  const precision = precisions?.[0] ?? defaultPrecision(model.value);
  const seed = spec ? workloadSeed(spec) : 1;
  const gpus = new Map(catalog.value.gpus.map((g) => [g.id, g]));
  if (bare?.ok) gpus.set(bare.value.instance.gpuId, bare.value.gpu);
  const powerByGpu = new Map<string, PowerContext>();
  for (const instance of instances.value) {
    const gpu = gpus.get(instance.gpuId);
    if (!gpu || powerByGpu.has(gpu.id) || !data.energy) continue;
    const where = bare ? {} : { provider: instance.provider, region };
    const resolved = powerContextFor(data, gpu, where, energyRequest);
    if (resolved.ok) powerByGpu.set(gpu.id, resolved.value.context);
  }
  const typeShapes = byQueryType
    ? Object.fromEntries(
        splitByQueryType(loaded.value.workload, threshold)
          .map((w, q) => [QUERY_TYPES[q], firstRequests(w, probeRequests)] as const)
          .filter(([, w]) => w.arrivalSeconds.length >= 2),
      )
    : undefined;
  const sweep = await capacitySweep(
    {
      model: model.value,
      instances: instances.value,
      gpus,
      powerByGpu,
      ...(typeShapes ? { byQueryType: typeShapes } : {}),
      region,
      pricing,
      precision,
      instancesCount,
      ...chosenKvCacheDtype(model.value, kvCacheDtype),
      workload: probe,
      minimumKvTokens: longestSequenceTokens(probe),
      targets,
      router,
      scheduler,
      efficiency: timeModel.value.efficiency,
      ...(timeModel.value.calibration ? { calibration: timeModel.value.calibration } : {}),
      ...(timeModel.value.engine ? { engine: timeModel.value.engine } : {}),
      gpuMemoryUtilization: gpuUtil,
      hostMemoryUtilization: hostUtil,
      seed,
    },
    progress,
  );
  const settings: CapacitySettings = {
    model: model.value.id,
    precision,
    catalog: catalog.value.id,
    catalogAsOf: catalog.value.asOf,
    region,
    pricing,
    instancesCount,
    sloP95: targets,
    router,
    schedulerOverrides: scheduler,
    calibration: timeModel.value.calibration?.id ?? null,
    gpuMemoryUtilization: gpuUtil,
    seed,
    workload: describeWorkload(loaded.value.workload),
    trace: loaded.value.trace ?? null,
    probeRequests: probe.arrivalSeconds.length,
    queryTypeThresholdTokens: byQueryType ? threshold : null,
    energy: energySettings(powerByGpu),
  };
  return {
    ok: true,
    settings,
    rows: sweep.rows,
    rejected: sweep.rejected,
    warnings: loaded.value.warnings,
  };
}
