import Table from 'cli-table3';
import type { Candidate } from '../../app/candidate.js';
import type { EnergyReport } from '../../app/energy-report.js';
import type { RecommendResult } from '../../app/recommend.js';
import type { RecommendSettings } from '../../app/recommend-json.js';
import { formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import { describeIssue } from '../../messages/messages.js';
import { CLI_WORDING } from '../../messages/wording.js';
import { renderEnergy } from '../text/render-energy.js';
import { renderWarnings } from '../text/render-issues.js';
import { candidateTps, candidateUncertaintyLine } from '../text/render-uncertainty.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { toCsv } from './csv.js';

/** The settings a recommendation was made under, printed with it. */
function gpuLabel(c: Candidate): string {
  const layout = c.gpuCount > 1 ? ` (TP${c.tensorParallel} × ${c.replicas})` : '';
  const host = c.cpuArchitecture === 'arm64' ? ', arm64 host' : '';
  return `${c.gpuCount}× ${c.gpu}${layout}${host}`;
}

const CANDIDATE_HEAD = [
  '#',
  'instance',
  'GPUs',
  'prec',
  '$/h',
  'offload',
  'prefill',
  'decode',
  'TPS [p10–p90]',
  'billed',
  'total $',
  '$/M tok',
  'cost eff.',
];

/** On spot the cost columns are the expected ones (interrupted batches rerun), which the ranking used. */
const SPOT_HEAD = [
  ...CANDIDATE_HEAD.slice(0, 9),
  'exp. TPS',
  'exp. hours',
  'exp. $',
  'exp. $/M',
  'exp. cost eff.',
];

function candidateRow(c: Candidate, rank: string): string[] {
  if (c.spot)
    return [
      ...candidateRow({ ...c, spot: undefined }, rank).slice(0, 9),
      formatNumber(c.spot.expectedTokensPerSecond),
      `${formatNumber(c.spot.expectedRunSeconds / 3600, 2)} h`,
      formatUsd(c.spot.expectedUsd),
      formatUsd(c.spot.expectedUsdPerMillionTokens),
      formatNumber(c.spot.expectedCostEfficiency, 0),
    ];
  return [
    rank,
    c.instance,
    gpuLabel(c),
    c.precision,
    formatUsd(c.priceUsdPerHour),
    formatPercent(c.offloadFraction),
    formatSeconds(c.prefillSeconds),
    formatSeconds(c.decodeSeconds),
    candidateTps(c.tokensPerSecond, c.uncertainty),
    `${formatNumber(c.billedHours, 2)} h`,
    formatUsd(c.totalUsd),
    formatUsd(c.usdPerMillionTokens),
    formatNumber(c.costEfficiency, 0),
  ];
}

/** The pick's expected time and cost when spot capacity is interrupted (checkpoint = one batch). */
function spotLine(e: NonNullable<Candidate['spot']>, p: Candidate): string {
  return (
    `Spot risk: at ${e.interruptionsPerHour} interruptions/instance-hour, restart ${formatSeconds(e.restartSeconds)}, ` +
    `each interrupted batch reruns: expected ${formatSeconds(e.expectedRunSeconds)}, ${formatUsd(e.expectedUsd)} and ${formatNumber(e.expectedTokensPerSecond)} TPS ` +
    `(uninterrupted ${formatSeconds(p.runSeconds)}, ${formatUsd(p.totalUsd)}); ` +
    `${formatNumber(e.expectedInterruptions, 2)} interruptions expected, ${formatPercent(e.uninterruptedProbability)} chance of none.`
  );
}

/**
 * Where the answer's prices come from: one catalog (`catalog aws (prices as of …, us-east-1, …`), or several
 * clouds each in its region (`in aws us-east-1, gcp us-central1 (prices as of aws …, gcp …, …`).
 */
export function pricesLabel(
  s: { catalog: string; catalogAsOf: string; region: string },
  more: string,
): string {
  return s.catalog.includes('+')
    ? `in ${s.region} (prices as of ${s.catalogAsOf}; ${more})`
    : `catalog ${s.catalog} (prices as of ${s.catalogAsOf}, ${s.region}, ${more})`;
}

function settingsLine(s: RecommendSettings): string {
  const budget = s.maxPriceUsdPerHour === null ? 'no budget' : `≤ ${formatUsd(s.maxPriceUsdPerHour)}/h`;
  return (
    `${s.model} · ${s.requests} requests of ${s.inputTokens} in + ${s.outputTokens} out tokens, batch ${s.batchSize} · ` +
    `SLO ≥ ${s.sloTokensPerSecond} TPS (input + output tokens/s${s.margin === 'none' ? '' : ` at the ${s.margin} edge of the error band`}) · ${budget}\n` +
    `${pricesLabel(s, `${s.pricing}, billed ${s.billing}`)} · ` +
    `predictor ${s.predictor} · calibration ${s.calibration} · precision ${s.precisions.join(',')} · ` +
    `GPU memory utilization ${s.gpuMemoryUtilization}\n` +
    (s.reservedPrices ? `reserved prices: ${s.reservedPrices}\n` : '')
  );
}

export function renderRecommendTable(r: RecommendResult, s: RecommendSettings, top: number): string {
  let out = settingsLine(s);
  if (r.candidates.length > 0) {
    const head = r.candidates.some((c) => c.spot) ? SPOT_HEAD : CANDIDATE_HEAD;
    const table = new Table({ head, ...COMPACT_TABLE });
    r.candidates.slice(0, top).forEach((c, i) => {
      table.push(candidateRow(c, i === 0 ? '★ 1' : String(i + 1)));
    });
    out += `\nCandidates meeting the SLO within budget (${r.candidates.length}; top ${Math.min(top, r.candidates.length)} shown, ★ = pick):\n`;
    out += `${table.toString()}\n`;
  }
  if (r.pick) {
    const p = r.pick;
    out += `\nPick: ${p.instance} — ${gpuLabel(p)}, ${p.precision}, KV offload ${formatPercent(p.offloadFraction)}, `;
    out += `${formatNumber(p.tokensPerSecond)} TPS, ${formatUsd(p.totalUsd)} for the task `;
    out += `(${formatSeconds(p.runSeconds)} run, ${formatNumber(p.billedHours, 2)} h billed), ${formatUsd(p.usdPerMillionTokens)}/M tokens.\n`;
    const why =
      s.objective === 'energy'
        ? 'lowest energy per token (--objective energy)'
        : s.objective === 'carbon'
          ? 'lowest emissions per token (--objective carbon)'
          : 'highest cost efficiency (paper eq. 3)';
    const spotWhy =
      p.spot && s.objective !== 'energy' && s.objective !== 'carbon'
        ? ' on spot, expected with interrupted batches rerun'
        : '';
    out += `Why: ${why}${spotWhy} among ${r.candidates.length} instances that meet ${s.sloTokensPerSecond} TPS; `;
    out += `prefill ${p.prefillBound}-bound, decode ${p.decodeBound}-bound.\n`;
    out += candidateUncertaintyLine(p.uncertainty, s.sloTokensPerSecond);
    if (p.spot) out += `${spotLine(p.spot, p)}\n`;
    const energy = (p as { energy?: EnergyReport }).energy;
    if (energy) out += `${renderEnergy(energy, p.gpu).join('\n')}\n`;
  } else if (r.noPick) {
    out += `\n${describeIssue(r.noPick, CLI_WORDING)}\n`;
  }
  const baselines = [r.baselines.maxPerformance, r.baselines.noOffload].filter((b) => b !== undefined);
  if (baselines.length > 0) {
    out += '\nBaselines:\n';
    for (const b of baselines) {
      const c = b.candidate;
      const name = b.policy === 'max-performance' ? 'Max-Performance' : 'No offloading';
      const saving = r.pick
        ? ` → pick saves ${formatUsd(b.savingUsd)} (${formatPercent(b.savingFraction)})`
        : '';
      const figures = c.spot
        ? `${formatNumber(c.spot.expectedTokensPerSecond)} TPS, ${formatUsd(c.spot.expectedUsd)} expected on spot`
        : `${formatNumber(c.tokensPerSecond)} TPS, ${formatUsd(c.totalUsd)}`;
      out += `  ${name}: ${c.instance} (${gpuLabel(c)}) ${figures}${saving}\n`;
    }
  }
  if (r.rejected.length > 0) {
    const table = new Table({ head: ['rejected instance', 'reason'], ...COMPACT_TABLE });
    for (const j of r.rejected) table.push([j.instance, describeIssue(j.reason, CLI_WORDING)]);
    out += `\nRejected (${r.rejected.length}):\n${table.toString()}\n`;
  }
  const warnings = [...r.warnings, ...(r.pick?.warnings ?? [])];
  return out + (warnings.length > 0 ? `\n${renderWarnings(warnings)}` : '');
}

/** The TPS band's slow and fast edges and the TPS at the margin ('' without a band). */
function csvBand(c: Candidate): (number | string)[] {
  const b = c.uncertainty?.available ? c.uncertainty.bands : undefined;
  return b ? [b.tokensPerSecond.low, b.tokensPerSecond.high, b.tokensPerSecondAtMargin] : ['', '', ''];
}

export function renderRecommendCsv(r: RecommendResult): string {
  const header = [
    'status',
    'rank',
    'instance',
    'gpu',
    'gpu_count',
    'tensor_parallel',
    'replicas',
    'precision',
    'region',
    'price_usd_per_hour',
    'offload_fraction',
    'prefill_seconds',
    'decode_seconds',
    'tokens_per_second',
    'tokens_per_second_p10_edge',
    'tokens_per_second_p90_edge',
    'tokens_per_second_at_margin',
    'billed_hours',
    'total_usd',
    'usd_per_million_tokens',
    'cost_efficiency',
    'reason',
    'message',
  ];
  const rows = r.candidates.map((c, i) => [
    i === 0 ? 'pick' : 'candidate',
    i + 1,
    c.instance,
    c.gpu,
    c.gpuCount,
    c.tensorParallel,
    c.replicas,
    c.precision,
    c.region,
    c.priceUsdPerHour,
    c.offloadFraction,
    c.prefillSeconds,
    c.decodeSeconds,
    c.tokensPerSecond,
    ...csvBand(c),
    c.billedHours,
    c.totalUsd,
    c.usdPerMillionTokens,
    c.costEfficiency,
    '',
    '',
  ]);
  for (const j of r.rejected) {
    rows.push([
      'rejected',
      '',
      j.instance,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      j.reason.code,
      describeIssue(j.reason, CLI_WORDING),
    ]);
  }
  return toCsv(header, rows);
}
