import type { RequestFailure, RequestResult } from './client.js';
import type { LoadRun } from './load-generator.js';

export interface Distribution {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  count: number;
}

/** Percentile by linear interpolation between closest ranks (numpy's default). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export function distribution(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return {
    mean,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    count: sorted.length,
  };
}

export interface BenchSummary {
  requests: { total: number; ok: number; failed: number; failedBy: Record<string, number> };
  /** One example per failure label. */
  failureExamples: Record<string, RequestFailure>;
  /** Seconds. */
  ttft?: Distribution;
  tpot?: Distribution;
  e2e?: Distribution;
  interTokenGap?: Distribution;
  wallSeconds: number;
  meanConcurrency: number;
  outputTokens: number;
  /** Prompt tokens: usage.prompt_tokens summed where reported, else the requested count. */
  inputTokens: number;
  meanPromptTokensReported?: number;
  tokensFromUsage: boolean;
  throughput: { requestsPerSecond: number; outputTokensPerSecond: number; totalTokensPerSecond: number };
  cost?: { pricePerHour: number; usdPerMillionOutputTokens: number; usdPerMillionTotalTokens: number };
}

/** Aggregates a run; throughput counts successful requests' tokens over the whole wall time. */
export function summarize(run: LoadRun, requestedInputTokens: number, pricePerHour?: number): BenchSummary {
  const ok = run.results.filter((r): r is Extract<RequestResult, { ok: true }> => r.ok);
  const failedBy: Record<string, number> = {};
  const failureExamples: Record<string, RequestFailure> = {};
  for (const r of run.results) {
    if (r.ok) continue;
    failedBy[r.failure.label] = (failedBy[r.failure.label] ?? 0) + 1;
    failureExamples[r.failure.label] ??= r.failure;
  }
  const outputTokens = ok.reduce((s, r) => s + r.tokens, 0);
  const reported = ok.flatMap((r) => (r.promptTokens === undefined ? [] : [r.promptTokens]));
  const inputTokens = ok.reduce((s, r) => s + (r.promptTokens ?? requestedInputTokens), 0);
  const outTps = outputTokens / run.wallSeconds;
  const totalTps = (outputTokens + inputTokens) / run.wallSeconds;
  const perMillion = (tps: number) => (tps > 0 ? (pricePerHour ?? 0) / 3600 / (tps / 1e6) : Number.NaN);
  const dist = (values: number[]) => distribution(values);
  const summary: BenchSummary = {
    requests: { total: run.results.length, ok: ok.length, failed: run.results.length - ok.length, failedBy },
    failureExamples,
    wallSeconds: run.wallSeconds,
    meanConcurrency: run.meanConcurrency,
    outputTokens,
    inputTokens,
    tokensFromUsage: ok.length > 0 && ok.every((r) => r.tokensFromUsage),
    throughput: {
      requestsPerSecond: ok.length / run.wallSeconds,
      outputTokensPerSecond: outTps,
      totalTokensPerSecond: totalTps,
    },
  };
  const ttft = dist(ok.map((r) => r.ttft));
  const tpot = dist(ok.flatMap((r) => (r.tpot === undefined ? [] : [r.tpot])));
  const e2e = dist(ok.map((r) => r.e2e));
  const gaps = dist(ok.flatMap((r) => r.gaps));
  if (ttft) summary.ttft = ttft;
  if (tpot) summary.tpot = tpot;
  if (e2e) summary.e2e = e2e;
  if (gaps) summary.interTokenGap = gaps;
  if (reported.length > 0) {
    summary.meanPromptTokensReported = reported.reduce((s, v) => s + v, 0) / reported.length;
  }
  if (pricePerHour !== undefined) {
    summary.cost = {
      pricePerHour,
      usdPerMillionOutputTokens: perMillion(outTps),
      usdPerMillionTotalTokens: perMillion(totalTps),
    };
  }
  return summary;
}
