import Table from 'cli-table3';
import type { LatencySloTargets } from '../../app/latency-slo.js';
import type { LatencyCandidate, LatencyRecommendResult } from '../../app/recommend-latency.js';
import type { SchedulerSettings } from '../../app/serving-replica.js';
import type { Issue } from '../../core/issue.js';
import { formatNumber, formatSeconds, formatUsd } from '../../messages/format.js';
import { describeIssue } from '../../messages/messages.js';
import type { TraceRowCounts } from '../importers/traces/read-trace.js';
import { describeOverrides, describeProbe, renderRejections } from './render-capacity.js';
import { renderWarnings } from './render-issues.js';
import { describeTargets, describeVerdict, describeWorkloadSize } from './render-simulate.js';
import type { WorkloadDescription } from './serving-inputs.js';
import { COMPACT_TABLE } from './table-style.js';

export interface LatencyRecommendSettings {
  mode: 'latency';
  model: string;
  catalog: string;
  catalogAsOf: string;
  region: string;
  pricing: string;
  precisions: string[];
  /** The rate to serve, and whether it was given or is the trace's own mean rate. */
  requestsPerSecond: number;
  rateFrom: '--rate' | 'trace-mean';
  sloP95: LatencySloTargets;
  /** Budget for the whole fleet. */
  maxPriceUsdPerHour: number | null;
  router: string;
  schedulerOverrides: SchedulerSettings;
  calibration: string | null;
  gpuMemoryUtilization: number;
  seed: number;
  workload: WorkloadDescription;
  trace: { path: string; format: string; rows: TraceRowCounts } | null;
  probeRequests: number;
}

const dash = '—';
const seconds = (v: number | null) => (v === null ? dash : formatSeconds(v));

function settingsLines(s: LatencyRecommendSettings): string {
  const rate = `${formatNumber(s.requestsPerSecond, 2)} req/s${s.rateFrom === 'trace-mean' ? ' (the trace’s mean rate)' : ''}`;
  const budget = s.maxPriceUsdPerHour === null ? 'no budget' : `fleet ≤ ${formatUsd(s.maxPriceUsdPerHour)}/h`;
  return (
    `${s.model} · ${rate} · P95 targets: ${describeTargets(s.sloP95)} · ${budget}\n` +
    `Traffic: ${s.workload.source}\n  ${describeWorkloadSize(s.workload)}\n  ${describeProbe(s.probeRequests, s.workload.requests)}\n` +
    `catalog ${s.catalog} (prices as of ${s.catalogAsOf}, ${s.region}, ${s.pricing}) · precision ${s.precisions.join(',')} · ` +
    `${describeOverrides(s.schedulerOverrides)} · router ${s.router} · calibration ${s.calibration ?? 'none'} · ` +
    `GPU memory utilization ${s.gpuMemoryUtilization} · seed ${s.seed}\n`
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

function row(c: LatencyCandidate, rank: string): string[] {
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
    `${instances(p.instances)}: ${describeVerdict(s.sloP95, p.verdict)}.\n`
  );
}

export function renderLatencyRecommendTable(
  s: LatencyRecommendSettings,
  r: LatencyRecommendResult,
  warnings: Issue[],
  top: number,
): string {
  let out = settingsLines(s);
  if (r.candidates.length > 0) {
    const table = new Table({ head: HEAD, ...COMPACT_TABLE });
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
  else if (r.noPick) out += `\n${describeIssue(r.noPick)}\n`;
  out += renderRejections(r.rejected);
  const all = [...warnings, ...(r.pick?.warnings ?? [])];
  return out + (all.length > 0 ? `\n${renderWarnings(all)}` : '');
}

const issueJson = (i: Issue) => ({ code: i.code, message: describeIssue(i), details: i.details ?? {} });

function candidateJson(c: LatencyCandidate) {
  return {
    ...c,
    maxRequestsPerSecondUpperBound: Number.isFinite(c.maxRequestsPerSecondUpperBound)
      ? c.maxRequestsPerSecondUpperBound
      : null,
    verdict: {
      ...c.verdict,
      worstRatio: Number.isFinite(c.verdict.worstRatio) ? c.verdict.worstRatio : null,
    },
    warnings: c.warnings.map(issueJson),
  };
}

/** `recommend --slo-*-p95 … --json` (schemaVersion 1, settings.mode 'latency'). */
export function latencyRecommendJson(
  s: LatencyRecommendSettings,
  r: LatencyRecommendResult,
  warnings: Issue[],
) {
  return {
    schemaVersion: 1,
    settings: s,
    pick: r.pick ? candidateJson(r.pick) : null,
    candidates: r.candidates.map(candidateJson),
    rejected: r.rejected.map((j) => ({
      instance: j.instance,
      reason: j.reason.code,
      message: describeIssue(j.reason),
      details: j.reason.details ?? {},
    })),
    noPick: r.noPick ? issueJson(r.noPick) : null,
    warnings: warnings.map(issueJson),
  };
}
