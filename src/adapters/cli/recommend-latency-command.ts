import { instanceMatcher } from '../../app/instance-filter.js';
import type { LatencySloTargets } from '../../app/latency-slo.js';
import type { LatencyRecommendRequest } from '../../app/recommend-latency.js';
import { vllmDefaultScheduler } from '../../app/serving-replica.js';
import { DEFAULTS, defaultPrecision } from '../../app/settings.js';
import type { Issue } from '../../core/issue.js';
import { firstRequests, meanRequestsPerSecond } from '../../sim/scale-workload.js';
import { type DeployPlan, planFromLatencyCandidate } from '../emit/plan.js';
import { DEFAULT_PROBE_REQUESTS } from './capacity-command.js';
import { applyEmit, readEmit } from './emit-option.js';
import { recommendForLatencyByGroup } from './latency-sweep.js';
import { OptionReader } from './option-values.js';
import type { CommandOutput, PlannerData } from './planner-data.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { renderErrors } from './render-issues.js';
import {
  type LatencyRecommendSettings,
  latencyRecommendJson,
  renderLatencyRecommendTable,
} from './render-recommend-latency.js';
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
import { checkRegion, collect, resolveModel } from './shared-inputs.js';

/** Flags of the throughput mode that mean nothing under latency SLOs. */
const THROUGHPUT_ONLY: [string, string, string][] = [
  ['sloTps', '--slo-tps', 'choose a throughput SLO (--slo-tps) or latency SLOs (--slo-*-p95), not both'],
  [
    'batchSize',
    '--batch-size',
    'applies to --slo-tps; under latency SLOs the engine batches continuously (see --max-num-seqs)',
  ],
  ['csv', '--csv', 'applies to --slo-tps; under latency SLOs use the table or --json'],
  ['billing', '--billing', 'applies to --slo-tps; under latency SLOs fleets are priced per hour'],
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
      path: '--predictor',
      message: 'latency SLOs are judged by simulation with the roofline step timer: leave --predictor out',
    });
  }
  return issues;
}

/** `infersave recommend --slo-ttft-p95 … | --slo-tpot-p95 … | --slo-e2e-p95 …`: type and count of instances. */
export async function runRecommendLatency(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const o = new OptionReader(raw);
  o.issues.push(...throughputOnlyIssues(raw));
  const spec = readWorkloadSpec(o);
  const targets = readLatencyTargets(o);
  const { scheduler, router } = readEngine(o, raw);
  const probeRequests = o.positiveInteger('probeRequests', '--probe-requests') ?? DEFAULT_PROBE_REQUESTS;
  const precisions = o.precisions('precision', '--precision');
  const maxPrice = o.positiveNumber('maxPrice', '--max-price');
  const top = o.positiveInteger('top', '--top') ?? DEFAULTS.top;
  const emit = readEmit(o);
  const pricing = o.oneOf('pricing', '--pricing', ['on-demand', 'reserved'] as const) ?? DEFAULTS.pricing;
  const { gpuUtil, hostUtil } = o.memoryUtilization();
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'));
  const catalog = data.catalog(o.text('catalog') ?? DEFAULTS.catalog);
  const timeModel = resolveStepTimerData(data, o);
  const patterns = o.list('instances');
  const placeIssues: Issue[] = [];
  const region = o.text('region') ?? (catalog.ok ? catalog.value.defaultRegion : '');
  if (catalog.ok) {
    const badRegion = checkRegion(catalog.value, region);
    if (badRegion) placeIssues.push(badRegion);
    const matcher = instanceMatcher(patterns);
    if (!catalog.value.instances.some((i) => matcher(i.id))) {
      placeIssues.push({
        code: 'no-instances-match',
        path: '--instances',
        details: { patterns: patterns.join(',') },
      });
    }
  }
  const loaded = spec ? await loadWorkload(spec) : undefined;
  const issues = [
    ...o.issues,
    ...placeIssues,
    ...collect(model, catalog, timeModel, ...(loaded ? [loaded] : [])),
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
      path: '--rate',
      message: `the trace has no mean rate to serve (${full.arrivalSeconds.length} request(s), no time between first and last): give --rate`,
    });
  }
  const probe = full ? firstRequests(full, probeRequests) : undefined;
  if (probe && issues.length === 0) {
    const scalable = scaleWorkload(probe, 1, '--probe-requests');
    if (!scalable.ok) issues.push(...scalable.issues);
  }
  if (!model.ok || !catalog.ok || !timeModel.ok || !loaded?.ok || !full || !probe || issues.length > 0) {
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'recommend') };
  }
  const chosenPrecisions = precisions ?? [defaultPrecision(model.value.torchDtype)];
  const seed = spec ? workloadSeed(spec) : 1;
  const request: LatencyRecommendRequest = {
    model: model.value,
    catalog: catalog.value,
    region,
    pricing,
    precisions: chosenPrecisions,
    instancePatterns: patterns,
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
  };
  const result = await recommendForLatencyByGroup(request, progress);
  const settings: LatencyRecommendSettings = {
    mode: 'latency',
    model: model.value.id,
    catalog: catalog.value.id,
    catalogAsOf: catalog.value.asOf,
    region,
    pricing,
    precisions: chosenPrecisions,
    requestsPerSecond: rate,
    rateFrom: spec?.kind === 'trace' && spec.requestsPerSecond === undefined ? 'trace-mean' : '--rate',
    sloP95: targets,
    maxPriceUsdPerHour: maxPrice ?? null,
    router,
    schedulerOverrides: scheduler,
    calibration: timeModel.value.calibration?.id ?? null,
    gpuMemoryUtilization: gpuUtil,
    seed,
    workload: describeWorkload(full),
    trace: loaded.value.trace ?? null,
    probeRequests: probe.arrivalSeconds.length,
  };
  const exitCode = result.pick ? 0 : 1;
  const warnings = loaded.value.warnings;
  let plan: DeployPlan | undefined;
  const gpu = catalog.value.gpus.find((g) => g.id === result.pick?.gpu);
  if (result.pick && gpu) {
    // The scheduler the simulation ran: vLLM's defaults for the GPU, then the flags given.
    const defaults = vllmDefaultScheduler(gpu);
    plan = planFromLatencyCandidate(result.pick, {
      model: model.value.id,
      region,
      pricing,
      gpuMemoryUtilization: gpuUtil,
      longestRequestTokens: longestRequestTokens(full.inputTokens, full.outputTokens),
      maxNumSeqs: scheduler.maxNumSeqs ?? defaults.maxNumSeqs,
      maxNumBatchedTokens: scheduler.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens,
      requestsPerSecond: rate,
      slo: describeTargets(targets),
    });
  }
  if (o.flag('json')) {
    const json = latencyRecommendJson(settings, result, warnings);
    return applyEmit({ exitCode, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' }, emit, plan);
  }
  const stdout = renderLatencyRecommendTable(settings, result, warnings, top);
  return applyEmit({ exitCode, stdout, stderr: '' }, emit, plan);
}

function longestRequestTokens(input: ArrayLike<number>, output: ArrayLike<number>): number {
  let longest = 0;
  for (let i = 0; i < input.length; i++) {
    longest = Math.max(longest, (input[i] as number) + (output[i] as number));
  }
  return longest;
}

function describeTargets(t: LatencySloTargets): string {
  const parts = [
    t.ttftSeconds !== undefined ? `TTFT ≤ ${t.ttftSeconds}s` : undefined,
    t.tpotSeconds !== undefined ? `TPOT ≤ ${t.tpotSeconds}s` : undefined,
    t.e2eSeconds !== undefined ? `E2E ≤ ${t.e2eSeconds}s` : undefined,
  ].filter((p) => p !== undefined);
  return parts.join(', ');
}
