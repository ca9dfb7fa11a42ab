import type { GpuSpec } from '../core/gpu-spec.js';
import type { Issue } from '../core/issue.js';
import type { CheckpointQuantization } from '../core/quantization-support.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS } from '../sim/query-type.js';
import { firstRequests, meanRequestsPerSecond } from '../sim/scale-workload.js';
import type { Workload } from '../sim/workload.js';
import { chooseCatalog } from './catalog-choice.js';
import { DEFAULT_PROBE_REQUESTS } from './evaluate-capacity.js';
import { recommendForLatencyByGroup } from './latency-sweep.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { memoisedUncertainty, readMargin, resolveUncertaintyModel } from './prediction-uncertainty.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import type { LatencyRecommendRequest, LatencyRecommendResult } from './recommend-latency.js';
import type { LatencyRecommendSettings } from './recommend-latency-json.js';
import { collect, resolveModel } from './request-inputs.js';
import { readReservedDiscount, reservedPriceSource, withReservedDiscount } from './reserved-terms.js';
import {
  describeWorkload,
  loadWorkload,
  readEngine,
  readLatencyTargets,
  readWorkloadSpec,
  resolveStepTimerData,
  scaleWorkload,
  workloadSeed,
} from './serving-inputs.js';
import type { SchedulerSettings } from './serving-replica.js';
import {
  checkpointPrecisionIssues,
  chosenKvCacheDtype,
  DEFAULTS,
  defaultPrecision,
  workloadContextIssues,
} from './settings.js';
import { readSpotRisk } from './spot-inputs.js';

/** Flags of the throughput mode that mean nothing under latency SLOs. */
const THROUGHPUT_ONLY: [string, string, string][] = [
  [
    'sloTps',
    'sloTps',
    'choose a throughput SLO ({{sloTps}}) or latency SLOs ({{sloTtftP95}}, {{sloTpotP95}} or {{sloE2eP95}}), not both',
  ],
  [
    'batchSize',
    'batchSize',
    'applies to {{sloTps}}; under latency SLOs the engine batches continuously (see {{maxNumSeqs}})',
  ],
  ['csv', 'csv', 'applies to {{sloTps}}; under latency SLOs use the table or {{json}}'],
  ['billing', 'billing', 'applies to {{sloTps}}; under latency SLOs fleets are priced per hour'],
];

function throughputOnlyIssues(raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  for (const [key, flag, message] of THROUGHPUT_ONLY) {
    if (raw[key] === undefined) continue;
    issues.push({ code: 'invalid-option', path: flag, message });
  }
  if (raw.predictor !== undefined && raw.predictor !== 'roofline') {
    issues.push({
      code: 'invalid-option',
      path: 'predictor',
      message: 'latency SLOs are judged by simulation with the roofline step timer: leave {{predictor}} out',
    });
  }
  return issues;
}

/** What recommend under latency SLOs concluded: bad input (exit 2), or the ranked fleets (no pick: exit 1). */
export type RecommendLatencyOutcome =
  | { ok: false; exitCode: 2; issues: Issue[] }
  | {
      ok: true;
      settings: LatencyRecommendSettings;
      result: LatencyRecommendResult;
      /** Clouds `--region` left out of the search, then trace warnings (skipped rows, sorting). */
      warnings: Issue[];
      /** The whole workload (before the probe's first requests), the engine overrides and the catalog's GPUs. */
      workload: Workload;
      scheduler: SchedulerSettings;
      gpus: readonly GpuSpec[];
      emit: { gpuMemoryUtilization: number; checkpoint?: CheckpointQuantization };
    };

/** Type and count of instances under P95 latency SLOs, from recommend's raw options. */
export async function evaluateRecommendLatency(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<RecommendLatencyOutcome> {
  const o = new OptionReader(raw);
  o.issues.push(...throughputOnlyIssues(raw));
  const spec = readWorkloadSpec(o);
  const targets = readLatencyTargets(o);
  const margin = readMargin(o);
  const { scheduler, router } = readEngine(o, raw);
  const probeRequests = o.positiveInteger('probeRequests') ?? DEFAULT_PROBE_REQUESTS;
  const threshold = o.positiveInteger('queryTypeThreshold') ?? DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS;
  const precisions = o.precisions('precision');
  const kvCacheDtype = o.kvCacheDtype();
  const maxPrice = o.positiveNumber('maxPrice');
  o.positiveInteger('top');
  const pricing = o.oneOf('pricing', ['on-demand', 'reserved', 'spot'] as const) ?? DEFAULTS.pricing;
  // Spot only when asked, and then with its risk stated: the interruption rate and replacement time.
  const spot = readSpotRisk(o, pricing, 'serving');
  const reservedDiscount = readReservedDiscount(o, pricing);
  const { gpuUtil, hostUtil } = o.memoryUtilization();
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const choice = chooseCatalog(o, data, pricing);
  const { catalog, region, regionByProvider, instancePatterns: patterns } = choice;
  const timeModel = resolveStepTimerData(data, o);
  const loaded = spec ? await loadWorkload(spec, data.readTrace) : undefined;
  const issues = [
    ...o.issues,
    ...choice.issues,
    ...collect(model, catalog, timeModel, ...(loaded ? [loaded] : [])),
    ...(model.ok ? checkpointPrecisionIssues(model.value, precisions) : []),
    ...workloadContextIssues(model, loaded, spec?.kind === 'trace'),
  ];
  // The rate to serve: --rate, or the trace's own mean rate.
  const full = loaded?.ok ? loaded.value.workload : undefined;
  const rate =
    spec?.kind === 'synthetic'
      ? spec.options.requestsPerSecond
      : (spec?.requestsPerSecond ?? (full ? meanRequestsPerSecond(full) : Number.NaN));
  if (full && !(rate > 0)) {
    issues.push({
      code: 'missing-option',
      path: 'rate',
      message: `the trace has no mean rate to serve (${full.arrivalSeconds.length} request(s), no time between first and last): give {{rate}}`,
    });
  }
  const probe = full ? firstRequests(full, probeRequests) : undefined;
  if (probe && issues.length === 0) {
    const scalable = scaleWorkload(probe, 1, 'probeRequests');
    if (!scalable.ok) issues.push(...scalable.issues);
  }
  if (!model.ok || !catalog.ok || !timeModel.ok || !loaded?.ok || !full || !probe || issues.length > 0) {
    return { ok: false, exitCode: 2, issues };
  }
  const chosenPrecisions = precisions ?? [defaultPrecision(model.value)];
  const seed = spec ? workloadSeed(spec) : 1;
  const cat =
    reservedDiscount !== undefined ? withReservedDiscount(catalog.value, reservedDiscount) : catalog.value;
  const request: LatencyRecommendRequest = {
    queryTypeThresholdTokens: threshold,
    model: model.value,
    catalog: cat,
    region,
    ...(regionByProvider ? { regionByProvider } : {}),
    pricing,
    ...(spot ? { spot } : {}),
    precisions: chosenPrecisions,
    instancePatterns: patterns,
    ...chosenKvCacheDtype(model.value, kvCacheDtype),
    workload: probe,
    requestsPerSecond: rate,
    targets,
    router,
    scheduler,
    efficiency: timeModel.value.efficiency,
    gpuMemoryUtilization: gpuUtil,
    hostMemoryUtilization: hostUtil,
    seed,
    ...(maxPrice !== undefined ? { maxPriceUsdPerHour: maxPrice } : {}),
    ...(timeModel.value.calibration ? { calibration: timeModel.value.calibration } : {}),
    ...(timeModel.value.engine ? { engine: timeModel.value.engine } : {}),
  };
  // Picks must deploy: precisions vLLM's pinned support table does not run on a GPU are not simulated there.
  const engines = data.engines?.();
  const support = engines?.ok ? engines.value.find((e) => e.id === 'vllm')?.quantization : undefined;
  if (support) request.quantization = { engine: 'vllm', support };
  const uncertainty = resolveUncertaintyModel(data, o, 'roofline', margin);
  request.uncertainty = memoisedUncertainty(uncertainty);
  const result = await recommendForLatencyByGroup(request, progress);
  const settings: LatencyRecommendSettings = {
    mode: 'latency',
    model: model.value.id,
    catalog: catalog.value.id,
    catalogAsOf: choice.asOf ?? catalog.value.asOf,
    region,
    pricing,
    ...(spot
      ? { spotInterruptionsPerHour: spot.interruptionsPerHour, spotReplacementSeconds: spot.restartSeconds }
      : {}),
    ...(pricing === 'reserved' ? { reservedPrices: reservedPriceSource(cat, reservedDiscount) } : {}),
    precisions: chosenPrecisions,
    requestsPerSecond: rate,
    rateFrom: spec?.kind === 'trace' && spec.requestsPerSecond === undefined ? 'trace-mean' : '--rate',
    sloP95: targets,
    margin,
    maxPriceUsdPerHour: maxPrice ?? null,
    router,
    schedulerOverrides: scheduler,
    calibration: timeModel.value.calibration?.id ?? null,
    gpuMemoryUtilization: gpuUtil,
    seed,
    workload: describeWorkload(full),
    trace: loaded.value.trace ?? null,
    probeRequests: probe.arrivalSeconds.length,
    queryTypeThresholdTokens: threshold,
  };
  return {
    ok: true,
    settings,
    result,
    warnings: [...choice.warnings, ...loaded.value.warnings],
    workload: full,
    scheduler,
    gpus: catalog.value.gpus,
    emit: {
      gpuMemoryUtilization: gpuUtil,
      ...(model.value.quantization ? { checkpoint: model.value.quantization } : {}),
    },
  };
}
