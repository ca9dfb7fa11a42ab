import { fail, type Issue } from '../core/issue.js';
import { cloudCatalogs } from './cloud-catalogs.js';
import { type CompareApiRequest, type CompareApiResult, compareApi } from './compare-api.js';
import { didYouMean } from './did-you-mean.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { collect, resolveModel, resolvePredictor } from './request-inputs.js';
import type { PricingOption } from './self-host-option.js';
import { DEFAULTS, defaultPrecision } from './settings.js';

/** `compare-api`'s answer, or its problems: exit code 1 when no instance can self-host, 2 for bad input. */
export type CompareApiOutcome =
  | { ok: true; value: CompareApiResult }
  | { ok: false; exitCode: 1 | 2; issues: Issue[] };

/** A number that may be zero or negative, so `compareApi` can say why it cannot be (API prices). */
function anyNumber(o: OptionReader, raw: Record<string, unknown>, key: string): number | undefined {
  const text = raw[key];
  if (text === undefined) return undefined;
  const value = typeof text === 'number' ? text : Number(text);
  if (typeof text === 'boolean' || !Number.isFinite(value) || String(text).trim() === '') {
    o.issues.push({
      code: 'invalid-option',
      path: key,
      message: `'${String(text)}' is not a number (e.g. {{${key}}} 0.88)`,
    });
    return undefined;
  }
  return value;
}

/** Most points of the cost-vs-volume curve one answer holds. */
const MAX_CURVE_POINTS = 1000;

const PRICINGS: readonly PricingOption[] = ['on-demand', 'reserved', 'spot'];

/** `pricing`: a list of on-demand, reserved and spot; each other entry is an issue (and left out). */
function pricingList(o: OptionReader): PricingOption[] | undefined {
  const given = o.list('pricing');
  for (const p of given.filter((p) => !(PRICINGS as readonly string[]).includes(p))) {
    const suggestion = didYouMean(p, [...PRICINGS]);
    o.issues.push({
      code: 'invalid-option',
      path: 'pricing',
      message: `'${p}' is not a pricing: on-demand, reserved or spot${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    });
  }
  const valid = given.filter((p): p is PricingOption => (PRICINGS as readonly string[]).includes(p));
  return valid.length > 0 ? valid : undefined;
}

/**
 * `infersave compare-api` and `POST /v1/compare-api` from their raw options (flags or JSON fields): reads
 * and checks every field, reporting all problems at once, then runs `compareApi` over the data's cloud
 * catalogs and hosted API prices.
 */
export function evaluateCompareApi(raw: Record<string, unknown>, data: PlannerData): CompareApiOutcome {
  const o = new OptionReader(raw);
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const predictor = resolvePredictor(data, o);
  const catalogs = cloudCatalogs(data);
  const apiPrices = data.apiPrices
    ? data.apiPrices()
    : fail({ code: 'invalid-option', path: 'apiModel', message: 'no hosted API prices in this data' });
  const precisions = o.precisions('precision');
  const memory = o.memoryUtilization();
  const request: CompareApiRequest = {
    inputTokens: o.required('inputTokens', o.positiveInteger, 'prompt tokens per request, e.g. 1024') ?? 1,
    outputTokens: o.required('outputTokens', o.positiveInteger, 'output tokens per request, e.g. 256') ?? 1,
    batchSize: o.required('batchSize', o.positiveInteger, 'requests per batch, e.g. 64') ?? 1,
    ...(raw.cloud !== undefined ? { clouds: o.list('cloud') } : {}),
    ...(raw.region !== undefined ? { regions: o.list('region') } : {}),
    ...(raw.pricing !== undefined ? { pricing: pricingList(o) } : {}),
    ...(raw.instances !== undefined ? { instances: o.list('instances') } : {}),
    apiModels: o.list('apiModel'),
  };
  const apiIn = anyNumber(o, raw, 'apiUsdPerMillionInput');
  const apiOut = anyNumber(o, raw, 'apiUsdPerMillionOutput');
  if (apiIn !== undefined) request.apiUsdPerMillionInput = apiIn;
  if (apiOut !== undefined) request.apiUsdPerMillionOutput = apiOut;
  const tokensPerMonth = o.positiveNumber('tokensPerMonth');
  const rps = o.positiveNumber('requestsPerSecond');
  const maxUtil = o.fraction('maxUtilization');
  if (tokensPerMonth !== undefined) request.tokensPerMonth = tokensPerMonth;
  if (rps !== undefined) request.requestsPerSecond = rps;
  if (maxUtil !== undefined) request.maxUtilization = maxUtil;
  const curvePoints = o.positiveInteger('curvePoints');
  if (curvePoints !== undefined && (curvePoints < 2 || curvePoints > MAX_CURVE_POINTS))
    o.issues.push({
      code: 'invalid-option',
      path: 'curvePoints',
      message: `${curvePoints} points: give 2 to ${MAX_CURVE_POINTS.toLocaleString('en-US')}`,
    });
  else if (curvePoints !== undefined) request.curvePoints = curvePoints;
  const issues: Issue[] = [...o.issues, ...collect(model, predictor, catalogs, apiPrices)];
  if (!model.ok || !predictor.ok || !catalogs.ok || !apiPrices.ok) return { ok: false, exitCode: 2, issues };
  // With a bad field read, the use case still checks the rest (clouds, regions, API models, prices), so
  // every problem is reported at once.
  const result = compareApi(request, {
    model: model.value,
    catalogs: catalogs.value,
    apiPrices: apiPrices.value,
    predictor: predictor.value.predictor,
    ...(predictor.value.calibration ? { calibration: predictor.value.calibration } : {}),
    precisions: precisions ?? [defaultPrecision(model.value)],
    gpuMemoryUtilization: memory.gpuUtil ?? DEFAULTS.gpuMemoryUtilization,
    hostMemoryUtilization: memory.hostUtil ?? DEFAULTS.hostMemoryUtilization,
  });
  if (issues.length > 0) {
    const own = result.ok ? [] : result.issues.filter((i) => i.code !== 'no-self-host-option');
    return { ok: false, exitCode: 2, issues: [...issues, ...own] };
  }
  if (!result.ok) {
    const exitCode = result.issues.every((i) => i.code === 'no-self-host-option') ? 1 : 2;
    return { ok: false, exitCode, issues: result.issues };
  }
  return { ok: true, value: result.value };
}
