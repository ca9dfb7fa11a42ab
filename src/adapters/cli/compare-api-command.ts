import Table from 'cli-table3';
import { type CompareApiRequest, type CompareApiResult, compareApi } from '../../app/compare-api.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { collect, resolveModel, resolvePredictor } from '../../app/request-inputs.js';
import { DEFAULTS, defaultPrecision } from '../../app/settings.js';
import type { Issue } from '../../core/issue.js';
import { formatNumber, formatUsd } from '../../messages/format.js';
import type { CommandOutput } from '../command-output.js';
import { loadBuiltinApiPrices, loadBuiltinCloudCatalogs } from '../fs/builtin-data.js';
import { renderErrors } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

const tokens = (n: number): string =>
  n >= 1e9
    ? `${formatNumber(n / 1e9, 2)} B`
    : n >= 1e6
      ? `${formatNumber(n / 1e6, 1)} M`
      : formatNumber(n, 0);

/** A number flag that may be zero or negative, so the use case can say why it cannot be (API prices). */
function anyNumber(
  o: OptionReader,
  raw: Record<string, unknown>,
  key: string,
  flag: string,
): number | undefined {
  const text = raw[key];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    o.issues.push({
      code: 'invalid-option',
      path: flag,
      message: `'${String(text)}' is not a number (e.g. ${flag} 0.88)`,
    });
    return undefined;
  }
  return value;
}

/** The curve as CSV: one row per volume, a column per self-hosting price and per API. */
export function curveCsv(result: CompareApiResult): string {
  const pricings = result.selfHost.map((s) => s.option.pricing);
  const apis = result.apis.map((a) => a.id);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = [
    'tokens_per_month',
    ...pricings.map((p) => `self_host_${p}_usd`),
    ...apis.map((a) => quote(`api ${a} usd`)),
  ];
  const rows = result.curve.map((point) => [
    point.tokensPerMonth.toFixed(0),
    ...pricings.map((p) => (point.selfHostUsd[p] ?? 0).toFixed(2)),
    ...apis.map((a) => (point.apiUsd[a] ?? 0).toFixed(2)),
  ]);
  return `${[head, ...rows].map((r) => r.join(',')).join('\n')}\n`;
}

function renderText(result: CompareApiResult): string {
  const w = result.workload;
  const where = result.clouds.map((c) => `${c} (${result.regions[c]})`).join(', ');
  const lines = [
    `${result.model} · ${w.inputTokens} in + ${w.outputTokens} out tokens per request, batch ${w.batchSize} · ${where}`,
    `always-on, ${result.hoursPerMonth} h a month, planned utilisation ${formatNumber(result.maxUtilization * 100, 0)}% (--max-utilization)`,
    '',
    'Self-hosting, the instance type cheapest per token at full load:',
  ];
  for (const s of result.selfHost) {
    const o = s.option;
    lines.push(
      `  ${o.pricing.padEnd(9)} ${o.instance} (${o.provider} ${o.region}, ${o.gpuCount}× ${o.gpu}, ${o.precision}, TP ${o.tensorParallel}) ${formatUsd(o.usdPerHour)}/h, prices as of ${o.asOf}`,
      `            ${formatNumber(o.tokensPerSecond)} tokens/s → ${formatUsd(s.inputUsdPerMillionTokens)}/M input, ${formatUsd(s.outputUsdPerMillionTokens)}/M output (prefill and decode time apportioned), ${formatUsd(s.fullLoadUsdPerMillionTokens)}/M overall`,
      `            one instance: ${tokens(s.replicaTokensPerMonth)} tokens for ${formatUsd(s.replicaUsdPerMonth)} a month`,
    );
  }
  for (const p of result.unavailablePricing)
    lines.push(`  ${p.padEnd(9)} none: no selected cloud offers a ${p} price for an instance that fits`);
  const pricings = result.selfHost.map((s) => s.option.pricing);
  const t = new Table({
    head: [
      'hosted API',
      '$/M in',
      '$/M out',
      '$/M mix',
      ...pricings.map((p) => `${p}: cheaper from`),
      'always from (either)',
      'as of',
    ],
    ...COMPACT_TABLE,
  });
  for (const api of result.apis) {
    const first = pricings.map((p) => {
      const b = api.breakEven[p];
      return b?.firstTokensPerMonth === undefined
        ? 'never'
        : `${tokens(b.firstTokensPerMonth)}/mo (${b.firstInstance})`;
    });
    const always = pricings
      .map((p) => api.breakEven[p]?.alwaysTokensPerMonth)
      .filter((v): v is number => v !== undefined);
    t.push([
      api.id,
      formatUsd(api.inputUsdPerMillionTokens),
      formatUsd(api.outputUsdPerMillionTokens),
      formatUsd(api.blendedUsdPerMillionTokens),
      ...first,
      always.length > 0 ? `${tokens(Math.min(...always))}/mo` : 'never',
      api.asOf ?? 'given',
    ]);
  }
  const counts = Object.entries(result.candidateCount)
    .map(([p, n]) => `${n} ${p}`)
    .join(', ');
  lines.push(
    '',
    `Break-even against hosted APIs, over every instance type that fits (${counts}); monthly input + output tokens at this mix:`,
  );
  lines.push(t.toString());
  if (result.monthly) {
    const m = result.monthly;
    lines.push('', `At ${tokens(m.tokensPerMonth)} tokens a month:`);
    for (const s of m.selfHost)
      lines.push(
        `  self-host ${s.pricing}: ${s.replicas} × ${s.instance} at ${formatNumber(s.utilization * 100, 0)}% load → ${formatUsd(s.usdPerMonth)}/month`,
      );
    for (const a of m.apis) lines.push(`  ${a.id}: ${formatUsd(a.usdPerMonth)}/month`);
  }
  lines.push(
    '',
    '"cheaper from": the smallest volume at which always-on instances of one type (any of the candidates) cost no more than the API; between whole instances the API can win again until "always from". A GPU is paid busy or idle.',
    'The cost-vs-volume curve: --csv (or --json).',
  );
  return `${lines.join('\n')}\n`;
}

/** `infersave compare-api`: self-hosting vs hosted APIs — $/M input and output, break-even volume, curve. */
export function runCompareApi(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const o = new OptionReader(raw);
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const predictor = resolvePredictor(data, o);
  const catalogs = loadBuiltinCloudCatalogs();
  const apiPrices = loadBuiltinApiPrices();
  const precisions = o.precisions('precision');
  const memory = o.memoryUtilization();
  const request: CompareApiRequest = {
    inputTokens: o.required('inputTokens', o.positiveInteger, 'prompt tokens per request, e.g. 1024') ?? 1,
    outputTokens: o.required('outputTokens', o.positiveInteger, 'output tokens per request, e.g. 256') ?? 1,
    batchSize: o.required('batchSize', o.positiveInteger, 'requests per batch, e.g. 64') ?? 1,
    ...(raw.cloud !== undefined ? { clouds: o.list('cloud') } : {}),
    ...(raw.region !== undefined ? { regions: o.list('region') } : {}),
    ...(raw.pricing !== undefined ? { pricing: o.list('pricing') as CompareApiRequest['pricing'] } : {}),
    ...(raw.instances !== undefined ? { instances: o.list('instances') } : {}),
    apiModels: o.list('apiModel'),
  };
  const apiIn = anyNumber(o, raw, 'apiUsdPerMillionInput', '--api-usd-per-million-input');
  const apiOut = anyNumber(o, raw, 'apiUsdPerMillionOutput', '--api-usd-per-million-output');
  if (apiIn !== undefined) request.apiUsdPerMillionInput = apiIn;
  if (apiOut !== undefined) request.apiUsdPerMillionOutput = apiOut;
  const tokensPerMonth = o.positiveNumber('tokensPerMonth');
  const rps = o.positiveNumber('requestsPerSecond');
  const maxUtil = o.fraction('maxUtilization');
  if (tokensPerMonth !== undefined) request.tokensPerMonth = tokensPerMonth;
  if (rps !== undefined) request.requestsPerSecond = rps;
  if (maxUtil !== undefined) request.maxUtilization = maxUtil;
  const issues: Issue[] = [...o.issues, ...collect(model, predictor, catalogs, apiPrices)];
  if (issues.length > 0 || !model.ok || !predictor.ok || !catalogs.ok || !apiPrices.ok) {
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'compare-api') };
  }
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
  if (!result.ok) {
    const exitCode = result.issues.every((i) => i.code === 'no-self-host-option') ? 1 : 2;
    return { exitCode, stdout: '', stderr: renderErrors(result.issues, 'compare-api') };
  }
  const stdout =
    raw.json === true
      ? `${JSON.stringify(result.value, null, 2)}\n`
      : raw.csv === true
        ? curveCsv(result.value)
        : renderText(result.value);
  return { exitCode: 0, stdout, stderr: '' };
}
