import type { BillingRule } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { chooseCatalog } from './catalog-choice.js';
import { readEnergyRequest } from './energy-inputs.js';
import type { EnergyRequest } from './energy-request.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { memoisedUncertainty, readMargin, resolveUncertaintyModel } from './prediction-uncertainty.js';
import type { RecommendRequest } from './recommend.js';
import { OBJECTIVES } from './recommend-energy.js';
import type { RecommendSettings } from './recommend-json.js';
import { collect, resolveModel, resolvePredictor } from './request-inputs.js';
import { readReservedDiscount, reservedPriceSource, withReservedDiscount } from './reserved-terms.js';
import { checkpointPrecisionIssues, chosenKvCacheDtype, DEFAULTS, defaultPrecision } from './settings.js';
import { readSpotRisk } from './spot-inputs.js';

export function billingLabel(b: BillingRule): string {
  return b.kind === 'hourly' ? 'hourly (whole hours)' : `per second (${b.minimumSeconds} s minimum)`;
}

/** Flags of the latency-SLO mode (recommend-latency-command.ts), meaningless with --slo-tps. */
const LATENCY_ONLY: [string, string][] = [
  ['trace', 'trace'],
  ['traceFormat', 'traceFormat'],
  ['onBadRow', 'onBadRow'],
  ['first', 'first'],
  ['rate', 'rate'],
  ['duration', 'duration'],
  ['arrival', 'arrival'],
  ['cv', 'cv'],
  ['seed', 'seed'],
  ['maxNumSeqs', 'maxNumSeqs'],
  ['maxNumBatchedTokens', 'maxNumBatchedTokens'],
  ['preemption', 'preemption'],
  ['router', 'router'],
  ['probeRequests', 'probeRequests'],
  ['queryTypeThreshold', 'queryTypeThreshold'],
];

function latencyOnlyIssues(raw: Record<string, unknown>): Issue[] {
  const flags = LATENCY_ONLY.filter(([key]) => raw[key] !== undefined).map(([, flag]) => flag);
  if (raw.chunkedPrefill === false) flags.push('noChunkedPrefill');
  if (raw.prefixCaching === false) flags.push('noPrefixCaching');
  if (raw.schedulerReserveFullIsl === false) flags.push('noSchedulerReserveFullIsl');
  return flags.map((flag) => ({
    code: 'invalid-option',
    path: flag,
    message:
      'applies under latency SLOs: add {{sloTtftP95}}, {{sloTpotP95}} or {{sloE2eP95}} (instead of {{sloTps}})',
  }));
}

/** Turns raw flags into a recommendation request, reporting every problem at once. */
export function buildRecommendRequest(
  raw: Record<string, unknown>,
  data: PlannerData,
): Result<{ request: RecommendRequest; settings: RecommendSettings; energy: EnergyRequest }> {
  const o = new OptionReader(raw);
  o.issues.push(...latencyOnlyIssues(raw));
  const energy = readEnergyRequest(o, raw);
  const objective = o.oneOf('objective', OBJECTIVES) ?? 'cost';
  const inputTokens = o.required('inputTokens', o.positiveInteger, 'prompt length in tokens, e.g. 128');
  const outputTokens = o.required(
    'outputTokens',
    o.positiveInteger,
    'tokens generated per request, e.g. 512',
  );
  const batchSize = o.required('batchSize', o.positiveInteger, 'requests run together, e.g. 32');
  const requests = o.positiveInteger('requests');
  const slo = o.required('sloTps', o.positiveNumber, 'minimum tokens per second (input + output), e.g. 400');
  const maxPrice = o.positiveNumber('maxPrice');
  const precisions = o.precisions('precision');
  const kvCacheDtype = o.kvCacheDtype();
  const top = o.positiveInteger('top') ?? DEFAULTS.top;
  const margin = readMargin(o);
  const { gpuUtil, hostUtil } = o.memoryUtilization();
  const billingChoice = o.oneOf('billing', ['hourly', 'per-second'] as const);
  const pricing = o.oneOf('pricing', ['on-demand', 'reserved', 'spot'] as const) ?? DEFAULTS.pricing;
  const spot = readSpotRisk(o, pricing);
  const reservedDiscount = readReservedDiscount(o, pricing);
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const choice = chooseCatalog(o, data, pricing);
  const { catalog, regionByProvider, region, instancePatterns: patterns } = choice;
  const predictor = resolvePredictor(data, o);
  const issues = [
    ...o.issues,
    ...collect(model, catalog, predictor),
    ...(model.ok ? checkpointPrecisionIssues(model.value, precisions) : []),
    ...choice.issues,
  ];
  if (!model.ok || !catalog.ok || !predictor.ok || issues.length > 0) return fail(...issues);
  const cat =
    reservedDiscount !== undefined ? withReservedDiscount(catalog.value, reservedDiscount) : catalog.value;
  const billing: BillingRule =
    billingChoice === 'hourly'
      ? { kind: 'hourly' }
      : billingChoice === 'per-second'
        ? { kind: 'per-second', minimumSeconds: 60 }
        : cat.billing;
  const instanceBilling = regionByProvider !== undefined && billingChoice === undefined;
  const chosenPrecisions = precisions ?? [defaultPrecision(model.value)];
  const task = {
    requests: requests ?? (batchSize as number),
    batchSize: batchSize as number,
    inputTokens: inputTokens as number,
    outputTokens: outputTokens as number,
  };
  const request: RecommendRequest = {
    model: model.value,
    catalog: cat,
    task,
    sloTokensPerSecond: slo as number,
    region,
    ...(regionByProvider ? { regionByProvider } : {}),
    ...(choice.warnings.length > 0 ? { searchWarnings: choice.warnings } : {}),
    ...(instanceBilling ? { instanceBilling } : {}),
    precisions: chosenPrecisions,
    ...chosenKvCacheDtype(model.value, kvCacheDtype),
    instancePatterns: patterns,
    predictor: predictor.value.predictor,
    billing,
    pricing,
    ...(spot ? { spot } : {}),
    gpuMemoryUtilization: gpuUtil,
    hostMemoryUtilization: hostUtil,
    top,
  };
  if (maxPrice !== undefined) request.maxPriceUsdPerHour = maxPrice;
  if (predictor.value.calibration) request.calibration = predictor.value.calibration;
  const uncertainty = resolveUncertaintyModel(data, o, predictor.value.predictor.id, margin);
  request.uncertainty = memoisedUncertainty(uncertainty);
  // Picks must deploy: precisions vLLM's pinned support table does not run on a GPU are rejected.
  const engines = data.engines?.();
  const support = engines?.ok ? engines.value.find((e) => e.id === 'vllm')?.quantization : undefined;
  if (support) request.quantization = { engine: 'vllm', support };
  const settings: RecommendSettings = {
    model: model.value.id,
    catalog: cat.id,
    catalogAsOf: choice.asOf ?? cat.asOf,
    region,
    pricing,
    ...(spot
      ? { spotInterruptionsPerHour: spot.interruptionsPerHour, spotRestartSeconds: spot.restartSeconds }
      : {}),
    ...(pricing === 'reserved' ? { reservedPrices: reservedPriceSource(cat, reservedDiscount) } : {}),
    billing: instanceBilling
      ? `by provider: ${[...new Set(cat.instances.map((i) => billingLabel(i.billing)))].join('; ')}`
      : billingLabel(billing),
    predictor: predictor.value.predictor.id,
    calibration: predictor.value.calibration?.id ?? 'none',
    precisions: chosenPrecisions,
    gpuMemoryUtilization: gpuUtil,
    hostMemoryUtilization: hostUtil,
    ...task,
    sloTokensPerSecond: slo as number,
    margin,
    maxPriceUsdPerHour: maxPrice ?? null,
    objective,
  };
  return ok({ request, settings, energy });
}
