import { describe, expect, it } from 'vitest';
import type { MeasurementImportOptions } from '../measurement-import.js';
import { importGuidellmReport } from './guidellm-report.js';

/** A GuideLLM `DistributionSummary` with the fields the report writes (percentiles trimmed). */
function dist(mean: number, median: number, count: number) {
  return {
    mean,
    median,
    mode: median,
    variance: 0,
    std_dev: 0,
    min: median,
    max: median,
    count,
    total_sum: mean * count,
    percentiles: {
      p001: median,
      p01: median,
      p05: median,
      p10: median,
      p25: median,
      p75: median,
      p90: median,
      p95: median,
      p99: median,
      p999: median,
    },
  };
}
const status = (mean: number, median: number, count: number) => ({
  successful: dist(mean, median, count),
  incomplete: dist(0, 0, 0),
  errored: dist(0, 0, 0),
  total: dist(mean, median, count),
});

function benchmark(concurrency: number, ttftMs: number, itlMs: number, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    type_: 'generative_benchmark',
    id_: `bench-${concurrency}`,
    run_id: 'run-1',
    start_time: 1749722400,
    end_time: 1749722460,
    metrics: {
      requests_per_second: status(4, 4, 60),
      request_concurrency: status(concurrency, concurrency, 60),
      request_latency: status(1.2, 1.2, 60),
      prompt_token_count: status(256, 256, 60),
      output_token_count: status(128, 128, 60),
      time_to_first_token_ms: status(ttftMs + 1, ttftMs, 60),
      time_per_output_token_ms: status(itlMs, itlMs, 60),
      inter_token_latency_ms: status(itlMs + 0.1, itlMs, 60),
      output_tokens_per_second: status(500, 500, 60),
      tokens_per_second: status(1500, 1500, 60),
    },
    requests: { successful: [], incomplete: [], errored: [] },
  };
}

/** `guidellm benchmark --rate-type sweep … --output-path report.json`: synchronous, then concurrent. */
const REPORT = { benchmarks: [benchmark(0.98, 22, 6.5), benchmark(12.4, 140, 9.8)] };
const OPTIONS: MeasurementImportOptions = {
  gpu: 'L40S',
  gpuCount: 1,
  model: 'qwen2.5-7b',
  precision: 'bf16',
  tensorParallel: 1,
  engine: 'vllm',
};

describe('importGuidellmReport', () => {
  it('reads prefill from the synchronous benchmark only, and decode from every benchmark at its mean concurrency', () => {
    const result = importGuidellmReport(REPORT, 'report.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const samples = result.value.samples;
    expect(
      samples.map((s) => [s.stage, s.batchSize, s.inputTokens, s.contextTokens, s.offloadFraction]),
    ).toEqual([
      ['prefill', 1, 256, 256, 0],
      ['decode', 1, 1, 320, 0],
      ['decode', 12.4, 1, 320, 0],
    ]);
    const seconds = samples.map((s) => s.seconds);
    for (const [i, expected] of [0.022, 0.0065, 0.0098].entries())
      expect(seconds[i]).toBeCloseTo(expected, 12);
    expect(result.value.software.engine).toBe('vllm');
    expect(result.value.provenance.date).toBe('2025-06-12T10:00:00.000Z');
  });

  it('names the benchmark and metric that is missing', () => {
    const broken = {
      benchmarks: [benchmark(1, 20, 6), { metrics: { request_concurrency: status(1, 1, 1) } }],
    };
    const result = importGuidellmReport(broken, 'report.json', OPTIONS);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toContain('benchmarks[1].metrics.inter_token_latency_ms');
  });

  it('asks for the model, since the report names only what the server called it', () => {
    const { model: _model, ...rest } = OPTIONS;
    const result = importGuidellmReport(REPORT, 'report.json', rest);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['model']);
  });

  it('keeps synchronous and concurrent benchmarks whole as serving runs at their stream count (config.strategy, v0.4+)', () => {
    const report = {
      benchmarks: [
        benchmark(0.98, 22, 6.5, { config: { strategy: { type_: 'synchronous' } } }),
        benchmark(12.4, 140, 9.8, { config: { strategy: { type_: 'concurrent', streams: 16 } } }),
      ],
    };
    const result = importGuidellmReport(report, 'report.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.servingRuns).toEqual([
      {
        concurrency: 1,
        inputTokens: 256,
        outputTokens: 128,
        ttftSeconds: 22 / 1000,
        tpotSeconds: 6.5 / 1000,
        requests: 60,
      },
      {
        concurrency: 16,
        inputTokens: 256,
        outputTokens: 128,
        ttftSeconds: 140 / 1000,
        tpotSeconds: 9.8 / 1000,
        requests: 60,
      },
    ]);
  });

  it('reads the strategy of v0.2–v0.3 reports from args.strategy', () => {
    const report = {
      benchmarks: [benchmark(7.9, 90, 8, { args: { strategy: { type_: 'concurrent', streams: 8 } } })],
    };
    const result = importGuidellmReport(report, 'report.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.servingRuns?.map((r) => r.concurrency)).toEqual([8]);
  });

  it('keeps no serving run for rate benchmarks (constant, poisson, throughput: open loops) or an unknown strategy', () => {
    const report = {
      benchmarks: [
        benchmark(3.1, 60, 7, { config: { strategy: { type_: 'constant', rate: 2 } } }),
        benchmark(3.3, 61, 7, { config: { strategy: { type_: 'poisson', rate: 2 } } }),
        benchmark(40, 900, 12, { config: { strategy: { type_: 'throughput' } } }),
        benchmark(5, 70, 7),
      ],
    };
    const result = importGuidellmReport(report, 'report.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.servingRuns).toBeUndefined();
    expect(result.value.samples.length).toBeGreaterThan(0);
  });
});
