import Table from 'cli-table3';
import { formatNumber, formatUsd } from '../../messages/format.js';
import { COMPACT_TABLE } from '../text/table-style.js';
import type { BenchSummary, Distribution } from './stats.js';

const ms = (seconds: number) => `${formatNumber(seconds * 1000, 1)}`;

/** The human-readable report: counts, latency percentiles (ms), throughput and cost. */
export function renderBench(s: BenchSummary, header: string): string {
  const lines = [header];
  const failed = Object.entries(s.requests.failedBy)
    .map(([label, count]) => `${label}: ${count}`)
    .join(', ');
  lines.push(
    `requests: ${s.requests.total} sent, ${s.requests.ok} ok, ${s.requests.failed} failed${failed ? ` (${failed})` : ''}`,
  );
  for (const [label, example] of Object.entries(s.failureExamples)) {
    lines.push(`  e.g. ${label}: ${example.detail || '(no detail)'}`);
  }
  const table = new Table({ head: ['ms', 'mean', 'P50', 'P90', 'P95', 'P99', 'n'], ...COMPACT_TABLE });
  const row = (name: string, d: Distribution | undefined) => {
    if (d) table.push([name, ms(d.mean), ms(d.p50), ms(d.p90), ms(d.p95), ms(d.p99), String(d.count)]);
  };
  row('TTFT', s.ttft);
  row('TPOT', s.tpot);
  row('inter-token', s.interTokenGap);
  row('E2E', s.e2e);
  if (table.length > 0) lines.push(table.toString());
  const t = s.throughput;
  lines.push(
    `wall time ${formatNumber(s.wallSeconds, 2)} s, ${formatNumber(s.meanConcurrency, 2)} requests in flight on average`,
    `throughput: ${formatNumber(t.requestsPerSecond, 2)} requests/s, ${formatNumber(t.outputTokensPerSecond)} output tokens/s, ${formatNumber(t.totalTokensPerSecond)} total tokens/s`,
    `tokens: ${s.outputTokens} output (${s.tokensFromUsage ? 'usage.completion_tokens' : 'counted stream chunks'}), ${s.inputTokens} input (${s.meanPromptTokensReported === undefined ? 'requested, approximate' : 'usage.prompt_tokens'})`,
  );
  if (s.cost && Number.isFinite(s.cost.usdPerMillionOutputTokens)) {
    lines.push(
      `cost at ${formatUsd(s.cost.pricePerHour)}/h: ${formatUsd(s.cost.usdPerMillionOutputTokens)} per M output tokens, ${formatUsd(s.cost.usdPerMillionTotalTokens)} per M total tokens`,
    );
  }
  return `${lines.join('\n')}\n`;
}
