import Table from 'cli-table3';
import type { CostTable, CostTableRow } from '../../app/cost-table-schema.js';
import { formatNumber, formatSeconds } from '../../messages/format.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { toCsv } from './csv.js';

/** Above this many rows the text answer shows the best configurations only (CSV/JSON carry them all). */
const MAX_TEXT_ROWS = 60;

const RATE_LABEL: Record<CostTableRow['rateDefinition'], string> = {
  'open-loop-poisson': 'open-loop Poisson',
  'closed-loop-ramp': 'closed-loop ramp',
};

function hardwareLabel(r: CostTableRow): string {
  return r.hardware.migProfile ? `${r.hardware.gpu} ${r.hardware.migProfile}` : r.hardware.gpu;
}

const usd = (x: number | null) => (x === null ? '—' : `$${formatNumber(x, 3)}`);
const served = (r: CostTableRow) => r.maxServiceableRequestsPerSecond > 0;
const mhz = (x: number | null) => (x === null ? 'default' : String(x));

function rowsTable(rows: readonly CostTableRow[], percentile: number): string {
  const t = new Table({
    ...COMPACT_TABLE,
    head: [
      'hardware',
      'MHz',
      'seqs',
      'variant',
      'type',
      'rate definition',
      'MSRR req/s',
      'conc.',
      `E2E P${percentile}`,
      'power W',
      'mJ/token',
      '$/M tok',
      'energy $/M',
    ],
  });
  for (const r of rows)
    t.push([
      hardwareLabel(r),
      mhz(r.gpuClockMhz),
      r.maxNumSeqs,
      r.variant,
      r.queryType,
      RATE_LABEL[r.rateDefinition],
      formatNumber(r.maxServiceableRequestsPerSecond, 2),
      r.concurrencyAtMax ?? '—',
      r.e2eSecondsAtMax === null ? '—' : formatSeconds(r.e2eSecondsAtMax),
      served(r) ? `${formatNumber(r.averagePowerWatts, 0)}${r.powerEstimated ? '*' : ''}` : '—',
      served(r) ? formatNumber(r.joulesPerToken * 1000, 1) : '—',
      usd(r.usdPerMillionTokens),
      served(r) ? usd(r.energyUsdPerMillionTokens) : '—',
    ]);
  return t.toString();
}

/** The cost table as text: settings, every row (or the best only when large), unservable configurations. */
export function renderCostTable(table: CostTable, best: readonly CostTableRow[]): string {
  const s = table.settings as Record<string, unknown>;
  const slo = [
    table.slo.e2eSeconds !== null ? `E2E ≤ ${formatSeconds(table.slo.e2eSeconds)}` : '',
    table.slo.ttftSeconds !== null ? `TTFT ≤ ${formatSeconds(table.slo.ttftSeconds)}` : '',
    table.slo.tpotSeconds !== null ? `TPOT ≤ ${formatSeconds(table.slo.tpotSeconds)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const list = (v: unknown) =>
    Array.isArray(v) ? v.map((x) => x ?? 'default').join(', ') : String(v ?? '—');
  const lines = [
    `Hardware cost table: ${table.model} (${String(s.precision ?? '')}, engine ${String(s.engine ?? '')}) · SLO P${table.slo.percentile} ${slo} · τ = ${table.queryTypeThresholdTokens} tokens${table.shard ? ` · shard ${table.shard.index}/${table.shard.count}` : ''}`,
    `hardware ${list(s.hardware)} · clocks ${list(s.gpuClocksMhz)} MHz · max seqs ${list(s.maxNumSeqs)} · variants ${list(s.variants)} · types ${list(s.queryTypes)}`,
    `${String(s.probeRequests ?? '')} requests per open-loop probe · closed loops of max(3c, ${String(s.closedLoopRequests ?? '')}) requests · $${formatNumber(Number(s.usdPerGpuHour ?? 0), 3)}/GPU-h (${String(s.priceSource ?? 'no price')}; a MIG slice: its share) · electricity $${String(s.electricityUsdPerKwh ?? '')}/kWh, PUE ${String(s.pue ?? '')}`,
    'MSRR: open-loop Poisson = highest arrival rate meeting the SLO (what provisioning consumes); closed-loop ramp = OASIS phase 1, throughput at the highest concurrency meeting it. * power estimated (a MIG slice or unmeasured GPU).',
    '',
  ];
  if (table.rows.length <= MAX_TEXT_ROWS) lines.push(rowsTable(table.rows, table.slo.percentile), '');
  else
    lines.push(
      `${table.rows.length} rows: --csv or --json for all of them (or --out FILE). The best configuration per hardware and query type:`,
    );
  if (best.length > 0) {
    lines.push(
      `Best configuration per (hardware, query type, rate definition) by ${String(s.best ?? 'cost')}:`,
    );
    lines.push(rowsTable(best, table.slo.percentile), '');
  }
  if (table.unservable.length > 0) {
    const reasons = new Map<string, string[]>();
    for (const u of table.unservable) {
      const k = `${u.hardware}: ${u.reason}`;
      reasons.set(k, [...(reasons.get(k) ?? []), u.queryType]);
    }
    lines.push(`${table.unservable.length} configurations serve nothing:`);
    for (const [k, types] of reasons) lines.push(`  ${k} (${[...new Set(types)].join(', ')})`);
  }
  return `${lines.join('\n')}\n`;
}

/** One CSV line per row, every field. */
export function costTableCsv(table: CostTable): string {
  const p = table.slo.percentile;
  return toCsv(
    [
      'model',
      'gpu',
      'mig_profile',
      'gpu_clock_mhz',
      'max_num_seqs',
      'variant',
      'query_type',
      'rate_definition',
      'msrr_requests_per_second',
      'concurrency_at_max',
      `e2e_p${p}_seconds`,
      'average_power_watts',
      'joules_per_token',
      'joules_per_output_token',
      'usd_per_million_tokens',
      'energy_usd_per_million_tokens',
      'power_estimated',
      'source',
    ],
    table.rows.map((r) => [
      table.model,
      r.hardware.gpu,
      r.hardware.migProfile ?? '',
      r.gpuClockMhz ?? '',
      r.maxNumSeqs,
      r.variant,
      r.queryType,
      r.rateDefinition,
      r.maxServiceableRequestsPerSecond,
      r.concurrencyAtMax ?? '',
      r.e2eSecondsAtMax ?? '',
      r.averagePowerWatts,
      r.joulesPerToken,
      r.joulesPerOutputToken,
      r.usdPerMillionTokens ?? '',
      r.energyUsdPerMillionTokens,
      r.powerEstimated,
      r.source,
    ]),
  );
}
