import Table from 'cli-table3';
import type { CapacitySettings } from '../../app/capacity-json.js';
import type { CapacityRow } from '../../app/capacity-sweep.js';
import type { Rejection } from '../../app/recommend.js';
import type { SchedulerSettings } from '../../app/serving-replica.js';
import type { Issue } from '../../core/issue.js';
import { formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import { describeIssue } from '../../messages/messages.js';
import { CLI_WORDING } from '../../messages/wording.js';
import { QUERY_TYPES } from '../../sim/query-type.js';
import { formatEnergyUsd } from '../text/render-energy.js';
import { renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { describeTargets, describeWorkloadSize } from './render-simulate.js';

const dash = '—';
const seconds = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatSeconds(v));

/** "engine: vLLM defaults per GPU" or the overrides given. */
export function describeOverrides(s: SchedulerSettings): string {
  const parts = [
    s.maxNumSeqs !== undefined ? `max_num_seqs ${s.maxNumSeqs}` : undefined,
    s.maxNumBatchedTokens !== undefined ? `max_num_batched_tokens ${s.maxNumBatchedTokens}` : undefined,
    s.chunkedPrefill === false ? 'chunked prefill off' : undefined,
    s.prefixCaching === false ? 'prefix caching off' : undefined,
    s.preemption !== undefined ? `preemption ${s.preemption}` : undefined,
  ].filter((p) => p !== undefined);
  return parts.length > 0 ? `engine: vLLM defaults but ${parts.join(', ')}` : 'engine: vLLM defaults per GPU';
}

/** "each probe simulates the first 1,000 of 19,366 requests (--probe-requests), time-scaled to the rate probed". */
export function describeProbe(probeRequests: number, total: number): string {
  const of = probeRequests < total ? `the first ${formatNumber(probeRequests, 0)} of` : 'all';
  return `each probe simulates ${of} ${formatNumber(total, 0)} requests (--probe-requests), time-scaled to the rate probed`;
}

export function renderRejections(rejected: Rejection[]): string {
  if (rejected.length === 0) return '';
  const table = new Table({ head: ['rejected instance', 'reason'], ...COMPACT_TABLE });
  for (const j of rejected) table.push([j.instance, describeIssue(j.reason, CLI_WORDING)]);
  return `\nRejected (${rejected.length}):\n${table.toString()}\n`;
}

/** Where the energy columns come from. */
function energyNote(s: CapacitySettings): string {
  const e = s.energy;
  if (!e) return '';
  const grid =
    e.gridGco2PerKwh === null
      ? 'no grid intensity (--grid-gco2-per-kwh)'
      : `grid ${e.gridGco2PerKwh} g/kWh (${e.gridSource})`;
  return `power, mJ/token (input + output), energy $ and CO2 per M tokens: the fleet at the answer (power model, docs/oasis.md; * estimated), $${e.electricityUsdPerKwh}/kWh, PUE ${e.pue} (${e.pueSource}), ${grid}.\n`;
}

/** MSRR of each query type alone, one column per type (--by-query-type). */
function renderByQueryType(s: CapacitySettings, rows: CapacityRow[]): string {
  if (s.queryTypeThresholdTokens === null || rows.length === 0) return '';
  const types = QUERY_TYPES.filter((t) => rows.some((r) => r.byQueryType?.[t]));
  if (types.length === 0) return '\nNo query type has 2 or more requests in the probe: no MSRR per type.\n';
  const table = new Table({ head: ['instance', ...types.map((t) => `${t} req/s`)], ...COMPACT_TABLE });
  for (const r of rows)
    table.push([
      r.instance,
      ...types.map((t) => {
        const c = r.byQueryType?.[t];
        return c ? formatNumber(c.maxRequestsPerSecond, 2) : dash;
      }),
    ]);
  const sizes = types.map(
    (t) => `${t} ${rows.find((r) => r.byQueryType?.[t])?.byQueryType?.[t]?.probeRequests ?? 0}`,
  );
  return `\nMSRR per query type (τ = ${s.queryTypeThresholdTokens} tokens): each type's own requests as all the traffic (probe requests: ${sizes.join(', ')}):\n${table.toString()}\n`;
}

export function renderCapacityTable(
  s: CapacitySettings,
  rows: CapacityRow[],
  rejected: Rejection[],
  warnings: Issue[],
): string {
  const count =
    s.instancesCount === 1 ? '1 instance of each type' : `${s.instancesCount} instances of each type`;
  let out =
    `${s.model} · ${s.precision} · P95 targets: ${describeTargets(s.sloP95)} · ${count}\n` +
    `Traffic: ${s.workload.source}\n  ${describeWorkloadSize(s.workload)}\n  ${describeProbe(s.probeRequests, s.workload.requests)}\n` +
    `catalog ${s.catalog} (prices as of ${s.catalogAsOf}, ${s.region}, ${s.pricing}) · ${describeOverrides(s.schedulerOverrides)} · ` +
    `router ${s.router} · calibration ${s.calibration ?? 'none'} · GPU memory utilization ${s.gpuMemoryUtilization} · seed ${s.seed}\n`;
  if (rows.length > 0) {
    const table = new Table({
      head: [
        'instance',
        'GPUs',
        'layout',
        'max req/s',
        'bracket',
        '±',
        'TTFT P95',
        'TPOT P95',
        'E2E P95',
        '$/h',
        '$ per req/s·h',
        'power',
        'mJ/token',
        'energy $/M',
        'g CO2/M',
      ],
      ...COMPACT_TABLE,
    });
    for (const r of rows) {
      const upper = r.upperBoundRequestsPerSecond;
      table.push([
        r.instance,
        `${r.gpuCount}× ${r.gpu}`,
        `TP${r.tensorParallel} × ${r.replicasPerInstance}`,
        formatNumber(r.maxRequestsPerSecond, 2),
        `[${formatNumber(r.maxRequestsPerSecond, 2)}, ${upper === null ? 'sat.' : formatNumber(upper, 2)}]`,
        r.relativeUncertainty === null ? dash : formatPercent(r.relativeUncertainty),
        seconds(r.atAnswer?.ttftP95Seconds),
        seconds(r.atAnswer?.tpotP95Seconds),
        seconds(r.atAnswer?.e2eP95Seconds),
        formatUsd(r.fleetUsdPerHour),
        formatUsd(r.usdPerRequestPerSecondHour),
        r.energy ? `${formatNumber(r.energy.averagePowerWatts, 0)} W${r.energy.estimated ? '*' : ''}` : dash,
        r.energy ? formatNumber(r.energy.joulesPerToken * 1000, 1) : dash,
        r.energy ? formatEnergyUsd(r.energy.energyUsdPerMillionTokens) : dash,
        r.energy?.gco2PerMillionTokens != null ? formatNumber(r.energy.gco2PerMillionTokens, 1) : dash,
      ]);
    }
    out +=
      `\nMaximum serviceable rate (OASIS eq. 3: every P95 target met, every request served), cheapest capacity first (${rows.length}):\n` +
      `${table.toString()}\n` +
      'bracket: [highest rate probed that met the targets, lowest that missed]; ± = how far above the answer the true maximum may lie.\n' +
      'P95s are at the answer; $ per req/s·h = fleet $/h ÷ max req/s.\n' +
      energyNote(s) +
      (rows.some((r) => r.throughputBound)
        ? 'sat.: the targets held up to the fleet’s saturated throughput (every replica kept at max_num_seqs), so the answer is throughput-bound.\n'
        : '');
  } else {
    out += `\n${describeIssue({ code: 'no-serviceable-rate', details: { types: rejected.length } }, CLI_WORDING)}\n`;
  }
  out += renderByQueryType(s, rows);
  out += renderRejections(rejected);
  const all = [...warnings, ...rows.flatMap((r) => r.warnings)];
  return out + (all.length > 0 ? `\n${renderWarnings(all)}` : '');
}
