import Table from 'cli-table3';
import type { ProvisionResult } from '../../app/provision.js';
import { formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import { QUERY_TYPES } from '../../sim/query-type.js';
import { renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { toCsv } from './csv.js';

const STRATEGY_LABEL: Record<string, string> = {
  oasis: 'OASIS (per window, by query type)',
  'static-peak': 'static peak',
  'one-gpu': 'one whole GPU always on',
};

/** 1:05:00 or 5:00 from the trace's first request. */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
const kg = (x: number | null) => (x === null ? '—' : formatNumber(x, 3));

/** The provisioning answer as text: settings, capacity table, totals per strategy, OASIS's timeline. */
export function renderProvision(
  r: ProvisionResult,
  defaults: Record<string, unknown>,
  strategies: readonly string[],
): string {
  const s = r.settings;
  const slo = Object.entries(s.slo)
    .map(([k, v]) => `${k.replace('Seconds', '')} P${s.percentile} ≤ ${formatSeconds(v as number)}`)
    .join(', ');
  const lines = [
    `${s.model} (${s.precision}) on ${s.gpu} · ${s.requests.toLocaleString('en-US')} requests from ${s.trace} · ${s.windows} windows of ${formatSeconds(s.windowSeconds)} · SLO ${slo}`,
    `scale-up delay ${formatSeconds(s.scaleUpDelaySeconds)} · τ = ${s.queryTypeThresholdTokens} tokens · MIG profiles ${s.migProfiles?.join(', ') || 'none'} · ${s.probeRequests} requests per capacity probe · seed ${s.seed}`,
    `$${formatNumber(s.usdPerGpuHour, 3)}/GPU-h (${s.priceSource}) · ${s.gpuWatts === null ? 'W per GPU from the ' : `${s.gpuWatts} W per GPU (`}${s.powerSource}${s.gpuWatts === null ? '' : ')'} · PUE ${s.pue} · grid ${s.gridGco2PerKwh !== undefined ? `${s.gridGco2PerKwh} gCO2/kWh` : 'not given (no emissions)'}`,
    `defaults: ${Object.entries(defaults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  ];
  const types = QUERY_TYPES.filter((q) => r.capacity[q]);
  const profiles = [...new Set(types.flatMap((q) => r.capacity[q]?.slices.map((x) => x.profile) ?? []))];
  const cap = new Table({ head: ['type', 'whole GPU', ...profiles], ...COMPACT_TABLE });
  for (const q of types) {
    const c = r.capacity[q];
    cap.push([
      q,
      formatNumber(c?.wholeRequestsPerSecond ?? 0, 2),
      ...profiles.map((p) => {
        const x = c?.slices.find((y) => y.profile === p);
        return x ? formatNumber(x.requestsPerSecond, 2) : '—';
      }),
    ]);
  }
  lines.push(
    'MSRR per query type (req/s of one replica within the SLO; — = does not fit or serves none):',
    cap.toString(),
    '',
  );
  const totals = new Table({
    head: ['strategy', 'SLO attainment', 'windows OK', 'GPU-h', '$', 'kWh', 'kg CO2'],
    ...COMPACT_TABLE,
  });
  for (const k of strategies) {
    const t = r.totals[k as keyof typeof r.totals];
    totals.push([
      STRATEGY_LABEL[k] ?? k,
      pct(t.sloAttainment),
      `${t.windowsMeetingSlo}/${s.windows}`,
      formatNumber(t.gpuHours, 2),
      formatUsd(t.usd),
      formatNumber(t.kwh, 2),
      kg(t.kgCo2),
    ]);
  }
  lines.push('Over the whole trace:', totals.toString(), '');
  const o = r.totals.oasis;
  const peak = r.totals['static-peak'];
  if (peak.usd > 0)
    lines.push(
      `OASIS vs static peak: ${formatUsd(peak.usd - o.usd)} (${formatPercent((peak.usd - o.usd) / peak.usd)}) and ${formatNumber(peak.kwh - o.kwh, 2)} kWh less; SLO attainment ${pct(o.sloAttainment)} vs ${pct(peak.sloAttainment)}.`,
      '',
    );
  const timeline = new Table({
    head: [
      'window',
      'start',
      'req',
      'SISO/SILO/LISO/LILO',
      'OASIS fleet',
      'GPU eq.',
      '$',
      'W/GPU',
      'SLO att.',
      `E2E P${s.percentile}`,
    ],
    ...COMPACT_TABLE,
  });
  const first = r.timeline[0]?.startSeconds ?? 0;
  for (const row of r.timeline.filter((x) => x.strategy === 'oasis')) {
    timeline.push([
      String(row.window),
      clock(row.startSeconds - first),
      String(row.requests),
      QUERY_TYPES.map((q) => row.requestsByType[q]).join('/'),
      row.fleet,
      formatNumber(row.gpuEquivalents, 2),
      formatUsd(row.usd),
      formatNumber(row.wattsPerGpu, 0),
      pct(row.sloAttainment),
      row.e2ePercentileSeconds === null ? '—' : formatSeconds(row.e2ePercentileSeconds),
    ]);
  }
  lines.push('OASIS timeline (every strategy: --csv or --json):', timeline.toString(), '');
  return `${lines.join('\n')}${renderWarnings(r.warnings)}`;
}

const CSV_HEAD = [
  'strategy',
  'window',
  'start_s',
  'end_s',
  'requests',
  ...QUERY_TYPES.map((q) => `requests_${q}`),
  'fleet',
  'gpu_equivalents',
  'usd',
  'watts_per_gpu',
  'kwh',
  'kg_co2',
  'slo_attainment',
  'e2e_percentile_s',
];

/** Every strategy's timeline, one row per (strategy, window). */
export function timelineCsv(r: ProvisionResult): string {
  const rows = r.timeline.map((x) => [
    x.strategy,
    String(x.window),
    x.startSeconds.toFixed(3),
    x.endSeconds.toFixed(3),
    String(x.requests),
    ...QUERY_TYPES.map((q) => String(x.requestsByType[q])),
    x.fleet,
    x.gpuEquivalents.toFixed(4),
    x.usd.toFixed(6),
    x.wattsPerGpu.toFixed(2),
    x.kwh.toFixed(6),
    x.kgCo2 === null ? '' : x.kgCo2.toFixed(6),
    x.sloAttainment === null ? '' : x.sloAttainment.toFixed(6),
    x.e2ePercentileSeconds === null ? '' : x.e2ePercentileSeconds.toFixed(4),
  ]);
  return toCsv(CSV_HEAD, rows);
}
