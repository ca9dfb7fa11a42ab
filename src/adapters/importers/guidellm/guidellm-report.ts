import { z } from 'zod';
import { fail, type Issue, type Result } from '../../../core/issue.js';
import type { Measurement, MeasurementSample, ServingRun } from '../../../core/measurement.js';
import {
  formatIssues,
  type MeasurementImportOptions,
  requireSetup,
  validated,
} from '../measurement-import.js';

/** GuideLLM's `DistributionSummary`: the fields read here (it also has mode, std_dev, percentiles, …). */
const distribution = z.looseObject({
  mean: z.number(),
  median: z.number(),
  count: z.number().int().nonnegative(),
});
/** GuideLLM's `StatusDistributionSummary`: one distribution per request status. */
const byStatus = z.looseObject({ successful: distribution });

/**
 * GuideLLM's `SchedulingStrategy` (src/guidellm/scheduler/strategies.py): `type_` is `synchronous`,
 * `concurrent` (with `streams`, each a closed loop), `throughput`, `constant` or `poisson` (open loops
 * at a rate). Reports of v0.4+ keep it at `config.strategy` (benchmark/schemas/base.py `BenchmarkConfig`),
 * those of v0.2–v0.3 at `args.strategy`.
 */
const strategy = z.looseObject({ type_: z.string(), streams: z.number().int().positive().optional() });
const withStrategy = z.looseObject({ strategy: strategy.optional() }).optional();

/**
 * A GuideLLM benchmark report (`guidellm benchmark … --output-path report.json`), following
 * vllm-project/guidellm src/guidellm/benchmark/schemas/generative/metrics.py (`GenerativeMetrics`, 2025;
 * the same metric names as benchmark/benchmark.py in v0.2–v0.3): `benchmarks[]`, each with `metrics`
 * holding `StatusDistributionSummary`s — `request_concurrency` (requests in flight, time-weighted),
 * `prompt_token_count`, `output_token_count`, `time_to_first_token_ms` and `inter_token_latency_ms`
 * (milliseconds; per request (last − first token time) / (output tokens − 1)).
 */
export const guidellmReportSchema = z.looseObject({
  benchmarks: z
    .array(
      z.looseObject({
        start_time: z.number().optional(),
        config: withStrategy,
        args: withStrategy,
        metrics: z.looseObject({
          request_concurrency: byStatus,
          prompt_token_count: byStatus,
          output_token_count: byStatus,
          time_to_first_token_ms: byStatus,
          inter_token_latency_ms: byStatus,
        }),
      }),
    )
    .min(1),
});

const FORMAT = 'guidellm';
/** A synchronous benchmark's mean concurrency is just under 1; above this, requests overlapped. */
const ONE_AT_A_TIME = 1.05;

type Benchmark = z.infer<typeof guidellmReportSchema>['benchmarks'][number];

/** The fixed number of requests in flight the benchmark held (a closed loop), or undefined for a rate. */
function closedLoopConcurrency(benchmark: Benchmark): number | undefined {
  const s = benchmark.config?.strategy ?? benchmark.args?.strategy;
  if (s?.type_ === 'synchronous') return 1;
  if (s?.type_ === 'concurrent') return s.streams;
  return undefined;
}

/**
 * The benchmark end to end, when it held a fixed concurrency (`calibrate` fits it through the simulator,
 * as it does `vllm bench serve` runs): median TTFT and median inter-token latency (GuideLLM's per-request
 * (last − first token time) / (output tokens − 1), vLLM's TPOT) at the mean lengths of its successful
 * requests. Rate strategies are open loops and give none.
 */
function servingRunOf(benchmark: Benchmark): ServingRun | undefined {
  const concurrency = closedLoopConcurrency(benchmark);
  const m = benchmark.metrics;
  const inputTokens = m.prompt_token_count.successful.mean;
  const outputTokens = m.output_token_count.successful.mean;
  const ttftMs = m.time_to_first_token_ms.successful.median;
  const itlMs = m.inter_token_latency_ms.successful.median;
  const requests = m.time_to_first_token_ms.successful.count;
  if (concurrency === undefined || requests === 0) return undefined;
  if (!(ttftMs > 0 && itlMs > 0 && inputTokens >= 1 && outputTokens >= 2)) return undefined;
  return {
    concurrency,
    inputTokens,
    outputTokens,
    ttftSeconds: ttftMs / 1000,
    tpotSeconds: itlMs / 1000,
    requests,
  };
}

/**
 * Samples from each benchmark of the report (one per strategy or rate), from its successful requests:
 * a decode sample of the median inter-token latency at batch size = the mean concurrency (at least 1)
 * and the mean KV length `prompt + output / 2`; and, where requests ran one at a time (mean concurrency
 * ≤ 1.05, the synchronous strategy), a prefill sample of the median time to first token at the mean
 * prompt length. The same caveats as `vllm bench serve` apply (see the notes in the result).
 */
export function importGuidellmReport(
  raw: unknown,
  file: string,
  options: MeasurementImportOptions,
): Result<Measurement> {
  const parsed = guidellmReportSchema.safeParse(raw);
  const setup = requireSetup(options, file, FORMAT);
  if (!parsed.success || !setup.ok) {
    return fail(
      ...(parsed.success ? [] : formatIssues(parsed.error, file, FORMAT)),
      ...(setup.ok ? [] : setup.issues),
    );
  }
  const samples: MeasurementSample[] = [];
  const servingRuns = parsed.data.benchmarks.flatMap((b) => servingRunOf(b) ?? []);
  for (const { metrics } of parsed.data.benchmarks) {
    const concurrency = metrics.request_concurrency.successful.mean;
    const prompt = metrics.prompt_token_count.successful.mean;
    const output = metrics.output_token_count.successful.mean;
    const ttftMs = metrics.time_to_first_token_ms.successful.median;
    const itlMs = metrics.inter_token_latency_ms.successful.median;
    if (metrics.time_to_first_token_ms.successful.count === 0 || prompt < 1) continue;
    const base = { offloadFraction: 0 };
    if (concurrency <= ONE_AT_A_TIME && ttftMs > 0) {
      samples.push({
        stage: 'prefill',
        batchSize: 1,
        inputTokens: prompt,
        contextTokens: prompt,
        seconds: ttftMs / 1000,
        ...base,
      });
    }
    if (output >= 2 && itlMs > 0) {
      samples.push({
        stage: 'decode',
        batchSize: Math.max(1, concurrency),
        inputTokens: 1,
        contextTokens: prompt + output / 2,
        seconds: itlMs / 1000,
        ...base,
      });
    }
  }
  if (samples.length === 0) {
    const issue: Issue = {
      code: 'measurement-no-samples',
      path: file,
      details: { file, format: FORMAT, benchmarks: parsed.data.benchmarks.length },
    };
    return fail(issue);
  }
  const start = parsed.data.benchmarks[0]?.start_time;
  const provenance: Measurement['provenance'] = { source: 'guidellm benchmark', file };
  if (start !== undefined) provenance.date = new Date(start * 1000).toISOString();
  if (options.command !== undefined) provenance.command = options.command;
  return validated(
    {
      schemaVersion: 1,
      ...setup.value,
      software: {
        engine: options.engine ?? 'unknown',
        version: options.engineVersion ?? 'unknown',
        notes:
          'serving-derived (GuideLLM, client side): decode = median inter-token latency at the mean ' +
          'concurrency, which may include other requests’ prefills in the same steps; prefill (one ' +
          'request at a time only) = median time to first token, which adds HTTP and queueing overhead; ' +
          'synchronous and concurrent benchmarks are also kept whole as serving runs (rate benchmarks are ' +
          'open loops and are not)',
      },
      samples,
      ...(servingRuns.length > 0 ? { servingRuns } : {}),
      provenance,
    },
    file,
  );
}
