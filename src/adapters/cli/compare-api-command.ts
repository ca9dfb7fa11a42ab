import Table from 'cli-table3';
import type { CompareApiResult } from '../../app/compare-api.js';
import { evaluateCompareApi } from '../../app/evaluate-compare-api.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import type { PlannerData } from '../../app/planner-data.js';
import { formatNumber, formatUsd } from '../../messages/format.js';
import type { CommandOutput } from '../command-output.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

const tokens = (n: number): string =>
  n >= 1e9
    ? `${formatNumber(n / 1e9, 2)} B`
    : n >= 1e6
      ? `${formatNumber(n / 1e6, 1)} M`
      : formatNumber(n, 0);

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
      `  ${o.pricing.padEnd(9)} ${o.instance} (${o.provider} ${o.region}, ${o.gpuCount}× ${o.gpu}, ${o.precision}, TP ${o.tensorParallel}) ${formatUsd(o.usdPerHour)}/h, prices as of ${o.asOf}${o.reservedTerm ? ` (reserved: ${o.reservedTerm})` : ''}`,
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
  const notes = result.warnings.length > 0 ? `\n${renderWarnings(result.warnings)}` : '';
  return `${lines.join('\n')}\n${notes}`;
}

/** `infersave compare-api`: self-hosting vs hosted APIs — $/M input and output, break-even volume, curve. */
export function runCompareApi(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const outcome = evaluateCompareApi(raw, data);
  if (!outcome.ok)
    return { exitCode: outcome.exitCode, stdout: '', stderr: renderErrors(outcome.issues, 'compare-api') };
  const stdout =
    raw.json === true
      ? `${JSON.stringify(withWordedWarnings(outcome.value), null, 2)}\n`
      : raw.csv === true
        ? curveCsv(outcome.value)
        : renderText(outcome.value);
  return { exitCode: 0, stdout, stderr: '' };
}
