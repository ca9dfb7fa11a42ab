import Table from 'cli-table3';
import type { LatencySloTargets, SloVerdict } from '../../app/latency-slo.js';
import { latencyRatios, type Uncertainty } from '../../app/prediction-uncertainty.js';
import type { WorkloadDescription } from '../../app/serving-inputs.js';
import type { SchedulerSettings } from '../../app/serving-replica.js';
import type { SimulateSettings } from '../../app/simulate-json.js';
import type { Issue } from '../../core/issue.js';
import { formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import { QUERY_TYPES } from '../../sim/query-type.js';
import type {
  LatencyStats,
  RejectionReason,
  RequestGroupSummary,
  SimulationSummary,
  SimulationTimeline,
} from '../../sim/simulation-result.js';
import { renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import { toCsv } from './csv.js';

export type { SimulateSettings } from '../../app/simulate-json.js';

const REJECTION_TEXT: Record<RejectionReason, string> = {
  'prompt-exceeds-kv-capacity': 'prompt larger than a replica’s KV cache',
  'sequence-exceeds-kv-capacity': 'prompt + output larger than a replica’s KV cache',
  'prompt-exceeds-token-budget':
    'prompt longer than max_num_batched_tokens without chunked prefill (raise --max-num-batched-tokens)',
};

const dash = '—';
const seconds = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatSeconds(v));
const onOff = (b: boolean) => (b ? 'on' : 'off');

/** "TTFT ≤ 1.00 s, TPOT ≤ 100.0 ms". */
export function describeTargets(t: LatencySloTargets): string {
  return [
    t.ttftSeconds !== undefined ? `TTFT ≤ ${formatSeconds(t.ttftSeconds)}` : undefined,
    t.tpotSeconds !== undefined ? `TPOT ≤ ${formatSeconds(t.tpotSeconds)}` : undefined,
    t.e2eSeconds !== undefined ? `E2E ≤ ${formatSeconds(t.e2eSeconds)}` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
}

/** "TTFT P95 119.5 ms ≤ 1.00 s ✓, …": each target against what was observed. */
export function describeVerdict(t: LatencySloTargets, v: SloVerdict): string {
  const part = (name: string, observed: number | null, limit: number | undefined) => {
    if (limit === undefined) return undefined;
    if (observed === null) return `${name} P95 ${dash} (nothing completed) ✗`;
    return observed <= limit
      ? `${name} P95 ${formatSeconds(observed)} ≤ ${formatSeconds(limit)} ✓`
      : `${name} P95 ${formatSeconds(observed)} > ${formatSeconds(limit)} ✗`;
  };
  const parts = [
    part('TTFT', v.ttftP95Seconds, t.ttftSeconds),
    part('TPOT', v.tpotP95Seconds, t.tpotSeconds),
    part('E2E', v.e2eP95Seconds, t.e2eSeconds),
  ].filter((x) => x !== undefined);
  if (v.failedRequests > 0) parts.push(`${formatNumber(v.failedRequests, 0)} request(s) not served ✗`);
  return parts.join(', ');
}

/** "1,000 requests over 199.8 s (5.00 req/s); prompts mean 550 (max 1,000) tokens, outputs mean 175 (max 300)". */
export function describeWorkloadSize(w: WorkloadDescription): string {
  const rate = w.meanRequestsPerSecond === null ? '' : ` (${formatNumber(w.meanRequestsPerSecond, 2)} req/s)`;
  return (
    `${formatNumber(w.requests, 0)} requests over ${formatSeconds(w.spanSeconds)}${rate}; ` +
    `prompts mean ${formatNumber(w.meanInputTokens, 0)} (max ${formatNumber(w.maxInputTokens, 0)}) tokens, ` +
    `outputs mean ${formatNumber(w.meanOutputTokens, 0)} (max ${formatNumber(w.maxOutputTokens, 0)})`
  );
}

/** "max_num_seqs 256 · max_num_batched_tokens 2,048 · chunked prefill on · …". */
export function describeEngine(scheduler: Required<SchedulerSettings>, router: string): string {
  return (
    `max_num_seqs ${scheduler.maxNumSeqs} · max_num_batched_tokens ${formatNumber(scheduler.maxNumBatchedTokens, 0)} · ` +
    `chunked prefill ${onOff(scheduler.chunkedPrefill)} · prefix caching ${onOff(scheduler.prefixCaching)} · ` +
    `admission ${scheduler.reserveFullPrompt ? 'whole prompt fits' : 'first chunk fits'} · preemption ${scheduler.preemption} · router ${router}`
  );
}

function headerLines(s: SimulateSettings): string {
  const sets = s.instances === 1 ? '' : `, ${s.instances} sets`;
  const where =
    s.instance !== null
      ? `${s.instances}× ${s.instance}: ${s.gpuCount}× ${s.gpu} per instance`
      : `${s.gpuCount}× ${s.gpu} (bare GPUs${sets})`;
  const per = s.instance !== null ? 'instance' : 'set';
  const replicas = (n: number) => (n === 1 ? '1 replica' : `${n} replicas`);
  const price =
    s.priceUsdPerHour !== null
      ? ` · ${formatUsd(s.priceUsdPerHour)}/h per instance (${s.region}) → ${formatUsd(s.priceUsdPerHour * s.instances)}/h`
      : '';
  return [
    `${s.model} on ${where}, ${s.precision}, tensor parallel ${s.tensorParallel}, ` +
      `${replicas(s.replicasPerInstance)} per ${per} → ${replicas(s.replicas)}`,
    `KV cache per replica: ${formatNumber(s.kvBlocksPerReplica, 0)} blocks of ${s.scheduler.blockTokens} tokens = ` +
      `${formatNumber(s.kvTokensPerReplica, 0)} tokens · ${describeEngine(s.scheduler, s.router)}`,
    `Workload: ${s.workload.source}`,
    s.concurrency !== null
      ? `  closed loop at concurrency ${s.concurrency}: ${formatNumber(s.workload.requests, 0)} requests in order, each finished one replaced at once (arrival times ignored)`
      : `  ${describeWorkloadSize(s.workload)}`,
    `seed ${s.seed} · calibration ${s.calibration ?? 'none'} · GPU memory utilization ${s.gpuMemoryUtilization}${price}`,
  ].join('\n');
}

function statsRow(name: string, st: LatencyStats | null): string[] {
  if (!st) return [name, dash, dash, dash, dash, dash, dash];
  return [name, ...[st.mean, st.p50, st.p90, st.p95, st.p99, st.max].map(formatSeconds)];
}

function queryTypeTable(summary: SimulationSummary): string {
  const hasSlo = summary.goodput !== null;
  const head = [
    'type',
    'requests',
    'done',
    'req/s',
    'TTFT P95',
    'TPOT P95',
    'E2E P95',
    'queue P95',
    'preempt.',
  ];
  const table = new Table({ head: hasSlo ? [...head, 'goodput'] : head, ...COMPACT_TABLE });
  for (const type of QUERY_TYPES) {
    const g: RequestGroupSummary = summary.byQueryType[type];
    const row = [
      type,
      formatNumber(g.count, 0),
      formatNumber(g.completed, 0),
      formatNumber(g.throughput.requestsPerSecond, 2),
      seconds(g.ttftSeconds?.p95),
      seconds(g.tpotSeconds?.p95),
      seconds(g.e2eSeconds?.p95),
      seconds(g.queueingSeconds?.p95),
      formatNumber(g.preemptions, 0),
    ];
    if (hasSlo) row.push(g.goodput && g.count > 0 ? formatPercent(g.goodput.fraction) : dash);
    table.push(row);
  }
  return table.toString();
}

/** The P95s' bands: the held-out step-time band scaled onto them (queueing is not re-simulated). */
function latencyBandLine(summary: SimulationSummary, u: Uncertainty): string {
  const r = latencyRatios(u);
  if (!r) return `Uncertainty: no band — ${u.available ? '' : u.reason}.`;
  const span = (st: LatencyStats | null, x: { p10: number; p90: number }) =>
    st ? `${formatSeconds(st.p95 * x.p10)}–${formatSeconds(st.p95 * x.p90)}` : '—';
  return (
    `Uncertainty [p10–p90]: P95 TTFT ${span(summary.ttftSeconds, r.ttft)}, TPOT ${span(summary.tpotSeconds, r.tpot)}, ` +
    `E2E ${span(summary.e2eSeconds, r.e2e)} (held-out step-time band scaled onto the latencies; queueing not re-simulated)`
  );
}

export function renderSimulateTable(
  s: SimulateSettings,
  summary: SimulationSummary,
  verdict: SloVerdict | null,
  warnings: Issue[],
  uncertainty?: Uncertainty,
): string {
  const lines = [headerLines(s), ''];
  lines.push(
    `Served ${formatNumber(summary.completed, 0)} of ${formatNumber(summary.count, 0)} requests ` +
      `(${formatNumber(summary.rejected, 0)} rejected, ${formatNumber(summary.unfinished, 0)} unfinished) in ` +
      `${formatSeconds(summary.makespanSeconds)} of simulated time, ${formatNumber(summary.steps, 0)} engine steps`,
  );
  for (const [reason, count] of Object.entries(summary.rejectedByReason)) {
    if (count > 0)
      lines.push(
        `  rejected at arrival: ${formatNumber(count, 0)} × ${REJECTION_TEXT[reason as RejectionReason]}`,
      );
  }
  const t = summary.throughput;
  lines.push(
    `Throughput: ${formatNumber(t.requestsPerSecond, 2)} req/s · ${formatNumber(t.outputTokensPerSecond)} output tokens/s · ` +
      `${formatNumber(t.totalTokensPerSecond)} tokens/s (input + output)`,
    '',
    'Latency over completed requests:',
  );
  const latency = new Table({
    head: ['metric', 'mean', 'P50', 'P90', 'P95', 'P99', 'max'],
    ...COMPACT_TABLE,
  });
  latency.push(
    statsRow('TTFT', summary.ttftSeconds),
    statsRow('TPOT', summary.tpotSeconds),
    statsRow('E2E', summary.e2eSeconds),
    statsRow('queueing', summary.queueingSeconds),
  );
  lines.push(latency.toString());
  if (uncertainty) lines.push(latencyBandLine(summary, uncertainty));
  lines.push('');
  if (verdict && s.sloP95) {
    lines.push(`SLO (P95): ${describeVerdict(s.sloP95, verdict)} → ${verdict.meets ? 'met' : 'missed'}`);
  }
  if (summary.goodput) {
    lines.push(
      `Goodput: ${formatPercent(summary.goodput.fraction)} of requests meet every limit (${formatNumber(summary.goodput.requestsPerSecond, 2)} req/s)`,
    );
  }
  const pc = summary.prefixCache;
  lines.push(
    `Engine: batch size mean ${formatNumber(summary.batchSize.mean)} (max ${formatNumber(summary.batchSize.max, 0)}) · ` +
      `queue depth per replica mean ${formatNumber(summary.queueDepth.mean)} (max ${formatNumber(summary.queueDepth.max, 0)}) · ` +
      `KV blocks in use mean ${formatPercent(summary.kvBlockUtilisation.mean)} (max ${formatPercent(summary.kvBlockUtilisation.max)})`,
    `Preemptions: ${formatNumber(summary.preemptions, 0)} (recompute ${formatNumber(summary.preemption.recompute, 0)}, ` +
      `swap ${formatNumber(summary.preemption.swap, 0)}) · prefix-cache hit rate ${formatPercent(pc.hitRate)} ` +
      `(${formatNumber(pc.hitTokens, 0)} of ${formatNumber(pc.promptTokens, 0)} prompt tokens)`,
    '',
    `By query type (τ = ${summary.queryTypeThresholdTokens} tokens: S/L = short/long, I/O = input/output):`,
    queryTypeTable(summary),
  );
  if (summary.truncated) {
    lines.push(
      `note: stopped early (${summary.truncated.reason}) at ${formatSeconds(summary.truncated.atSeconds)}`,
    );
  }
  return `${lines.join('\n')}\n${warnings.length > 0 ? `\n${renderWarnings(warnings)}` : ''}`;
}

/** The timeline as CSV: one row per sample. */
export function timelineCsv(t: SimulationTimeline): string {
  const header = [
    'time_s',
    'running',
    'waiting',
    'kv_blocks_used',
    'output_tokens_per_s',
    'prompt_tokens_per_s',
  ];
  const rows: number[][] = [];
  for (let i = 0; i < t.timeSeconds.length; i++) {
    rows.push([
      t.timeSeconds[i] as number,
      t.running[i] as number,
      t.waiting[i] as number,
      t.kvBlocksUsed[i] as number,
      t.outputTokensPerSecond[i] as number,
      t.promptTokensPerSecond[i] as number,
    ]);
  }
  return toCsv(header, rows);
}
