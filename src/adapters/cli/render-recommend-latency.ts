import Table from 'cli-table3';
import type { LatencyCandidate, LatencyRecommendResult } from '../../app/recommend-latency.js';
import type { LatencyRecommendSettings } from '../../app/recommend-latency-json.js';
import type { Issue } from '../../core/issue.js';
import { formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import { describeIssue } from '../../messages/messages.js';
import { CLI_WORDING } from '../../messages/wording.js';
import { renderWarnings } from '../text/render-issues.js';
import { simulatedMarginLine } from '../text/render-uncertainty.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { describeOverrides, describeProbe, renderRejections } from './render-capacity.js';
import { pricesLabel } from './render-recommend.js';
import { describeTargets, describeVerdict, describeWorkloadSize } from './render-simulate.js';

const dash = '—';
const seconds = (v: number | null) => (v === null ? dash : formatSeconds(v));

function settingsLines(s: LatencyRecommendSettings): string {
  const rate = `${formatNumber(s.requestsPerSecond, 2)} req/s${s.rateFrom === 'trace-mean' ? ' (the trace’s mean rate)' : ''}`;
  const budget = s.maxPriceUsdPerHour === null ? 'no budget' : `fleet ≤ ${formatUsd(s.maxPriceUsdPerHour)}/h`;
  return (
    `${s.model} · ${rate} · P95 targets: ${describeTargets(s.sloP95)}${s.margin === 'none' ? '' : ` with step times at the ${s.margin} edge of their error band`} · ${budget}\n` +
    `Traffic: ${s.workload.source}\n  ${describeWorkloadSize(s.workload)}\n  ${describeProbe(s.probeRequests, s.workload.requests)}\n` +
    `${pricesLabel(s, s.pricing)} · precision ${s.precisions.join(',')} · ` +
    `${describeOverrides(s.schedulerOverrides)} · router ${s.router} · calibration ${s.calibration ?? 'none'} · ` +
    `GPU memory utilization ${s.gpuMemoryUtilization} · seed ${s.seed}\n` +
    (s.reservedPrices ? `reserved prices: ${s.reservedPrices}\n` : '')
  );
}

const HEAD = [
  '#',
  'instance',
  'GPUs',
  'TP',
  'replicas/inst',
  'instances',
  'fleet $/h',
  'max req/s/inst',
  'TTFT P95',
  'TPOT P95',
  'E2E P95',
  '$/M tok',
];

/** On spot: the share of time the SLO is at risk (some instance out), beside the price it buys. */
const SPOT_HEAD = [...HEAD, 'SLO at risk'];

function row(c: LatencyCandidate, rank: string): string[] {
  if (c.spot) return [...row({ ...c, spot: undefined }, rank), formatPercent(c.spot.sloAtRiskFraction)];
  return [
    rank,
    c.instance,
    `${c.gpuCount}× ${c.gpu}`,
    String(c.tensorParallel),
    String(c.replicasPerInstance),
    String(c.instances),
    formatUsd(c.fleetUsdPerHour),
    formatNumber(c.maxRequestsPerSecondPerInstance, 2),
    seconds(c.verdict.ttftP95Seconds),
    seconds(c.verdict.tpotP95Seconds),
    seconds(c.verdict.e2eP95Seconds),
    formatUsd(c.usdPerMillionTokens),
  ];
}

const instances = (n: number) => (n === 1 ? '1 instance' : `${n} instances`);

function pickLines(s: LatencyRecommendSettings, r: LatencyRecommendResult, p: LatencyCandidate): string {
  const upper = Number.isFinite(p.maxRequestsPerSecondUpperBound)
    ? `–${formatNumber(p.maxRequestsPerSecondUpperBound, 2)}`
    : ' (its saturated throughput)';
  const replicas = p.replicasPerInstance === 1 ? '1 replica' : `${p.replicasPerInstance} replicas`;
  const layout = `${p.gpuCount}× ${p.gpu}, tensor parallel ${p.tensorParallel}, ${replicas} per instance`;
  return (
    `\nPick: ${p.instances}× ${p.instance} — ${layout}, ${p.precision}, ${formatUsd(p.fleetUsdPerHour)}/h for the fleet, ` +
    `${formatUsd(p.usdPerMillionTokens)}/M tokens.\n` +
    `Why: least fleet cost per hour among ${r.candidates.length} instance type(s) that meet every P95 target at ` +
    `${formatNumber(s.requestsPerSecond, 2)} req/s; one instance serves up to ${formatNumber(p.maxRequestsPerSecondPerInstance, 2)}` +
    `${upper} req/s, so ${p.instances === 1 ? '1 instance covers' : `${p.instances} instances cover`} the rate; simulated at ${formatNumber(s.requestsPerSecond, 2)} req/s on ` +
    `${instances(p.instances)}: ${describeVerdict(s.sloP95, p.verdict)}.\n` +
    simulatedMarginLine(p.uncertainty) +
    byTypeLine(s, p) +
    (p.spot ? spotLine(p.spot) : '')
  );
}

/** The pick's SLO risk on spot: how often an instance is out, and with one spare instance. */
function spotLine(e: NonNullable<LatencyCandidate['spot']>): string {
  const spare = e.withOneSpare;
  return (
    `Spot risk: at ${e.interruptionsPerHour} interruptions/instance-hour and ${formatSeconds(e.replacementSeconds)} to replace one ` +
    `(yours), an instance is out ${formatPercent(e.instanceDownFraction)} of the time; the fleet is the fewest that met the targets, ` +
    `so the SLO is at risk ${formatPercent(e.sloAtRiskFraction)} of the time (some instance out). ` +
    `One spare (${spare.instances} instances, ${formatUsd(spare.fleetUsdPerHour)}/h): at risk ${formatPercent(spare.sloAtRiskFraction)} (two or more out; outages assumed independent).\n`
  );
}

/** "By query type (τ = 500): SISO 120 requests, E2E P95 3.20 s ✓; SILO …" — each type judged alone. */
function byTypeLine(s: LatencyRecommendSettings, p: LatencyCandidate): string {
  const parts = Object.entries(p.byQueryType).map(([t, v]) => {
    const worst = v.e2eP95Seconds ?? v.ttftP95Seconds ?? v.tpotP95Seconds;
    return `${t} ${formatNumber(v.requests, 0)} req, ${worst === null ? 'none completed' : `P95 ${formatSeconds(worst)}`} ${v.meets ? '✓' : '✗ misses alone'}`;
  });
  return parts.length > 0
    ? `By query type at the pick (τ = ${s.queryTypeThresholdTokens} tokens, each type's requests judged alone): ${parts.join('; ')}.\n`
    : '';
}

export function renderLatencyRecommendTable(
  s: LatencyRecommendSettings,
  r: LatencyRecommendResult,
  warnings: Issue[],
  top: number,
): string {
  let out = settingsLines(s);
  if (r.candidates.length > 0) {
    const table = new Table({ head: r.candidates.some((c) => c.spot) ? SPOT_HEAD : HEAD, ...COMPACT_TABLE });
    r.candidates.slice(0, top).forEach((c, i) => {
      table.push(row(c, i === 0 ? '★ 1' : String(i + 1)));
    });
    const shown = Math.min(top, r.candidates.length);
    out +=
      `\nInstance types meeting the P95 targets at ${formatNumber(s.requestsPerSecond, 2)} req/s ` +
      `(${r.candidates.length}; top ${shown} shown, ★ = pick; P95s simulated on the whole fleet at that rate):\n` +
      `${table.toString()}\n`;
  }
  if (r.pick) out += pickLines(s, r, r.pick);
  else if (r.noPick) out += `\n${describeIssue(r.noPick, CLI_WORDING)}\n`;
  out += renderRejections(r.rejected);
  const all = [...warnings, ...(r.pick?.warnings ?? [])];
  return out + (all.length > 0 ? `\n${renderWarnings(all)}` : '');
}
