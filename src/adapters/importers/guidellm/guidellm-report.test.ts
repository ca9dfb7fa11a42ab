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

function benchmark(concurrency: number, ttftMs: number, itlMs: number) {
  return {
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
});
