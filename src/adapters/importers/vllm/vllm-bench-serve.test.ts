import { describe, expect, it } from 'vitest';
import type { MeasurementImportOptions } from '../measurement-import.js';
import { importVllmBenchServe } from './vllm-bench-serve.js';

/** `vllm bench serve --max-concurrency 1 --num-prompts 3 --save-result --save-detailed` (trimmed fields kept). */
const DETAILED = {
  date: '20250612-101530',
  backend: 'vllm',
  label: null,
  model_id: 'meta-llama/Llama-3.1-8B-Instruct',
  tokenizer_id: 'meta-llama/Llama-3.1-8B-Instruct',
  num_prompts: 3,
  request_rate: 'inf',
  burstiness: 1.0,
  max_concurrency: 1,
  duration: 1.062,
  completed: 2,
  total_input_tokens: 1536,
  total_output_tokens: 8,
  request_throughput: 1.883,
  request_goodput: null,
  output_throughput: 7.53,
  total_token_throughput: 1453.9,
  mean_ttft_ms: 37.5,
  median_ttft_ms: 37.5,
  std_ttft_ms: 2.5,
  p99_ttft_ms: 39.95,
  mean_tpot_ms: 7.0,
  median_tpot_ms: 7.0,
  std_tpot_ms: 0.0,
  p99_tpot_ms: 7.0,
  mean_itl_ms: 7.0,
  median_itl_ms: 7.0,
  std_itl_ms: 0.1,
  p99_itl_ms: 7.2,
  input_lens: [512, 1024, 256],
  output_lens: [4, 4, 0],
  ttfts: [0.035, 0.04, 0.0],
  itls: [[0.0069, 0.0071, 0.007], [0.0072, 0.0068, 0.007], []],
  generated_texts: [' the cat sat', ' on the mat', ''],
  errors: ['', '', 'ClientConnectorError'],
};

/** The same run at `--max-concurrency 16` without `--save-detailed`: per-request lists dropped. */
const SUMMARY = {
  date: '20250612-103000',
  backend: 'vllm',
  model_id: 'meta-llama/Llama-3.1-8B-Instruct',
  num_prompts: 200,
  request_rate: 'inf',
  burstiness: 1.0,
  max_concurrency: 16,
  duration: 20.1,
  completed: 200,
  total_input_tokens: 204800,
  total_output_tokens: 25600,
  request_throughput: 9.95,
  output_throughput: 1273.6,
  total_token_throughput: 11462.7,
  mean_ttft_ms: 95.2,
  median_ttft_ms: 88.1,
  std_ttft_ms: 20.3,
  p99_ttft_ms: 160.4,
  mean_tpot_ms: 11.9,
  median_tpot_ms: 11.7,
  std_tpot_ms: 0.9,
  p99_tpot_ms: 14.2,
  mean_itl_ms: 11.9,
  median_itl_ms: 11.2,
  std_itl_ms: 3.1,
  p99_itl_ms: 25.0,
};

const OPTIONS: MeasurementImportOptions = {
  gpu: 'H100-SXM',
  gpuCount: 1,
  precision: 'bf16',
  tensorParallel: 1,
};

describe('importVllmBenchServe', () => {
  it('at concurrency 1 reads each successful request as a prefill (TTFT) and a decode step (Σ ITL / (out − 1))', () => {
    const result = importVllmBenchServe(DETAILED, 'serve.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const m = result.value;
    expect(m.model.id).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(m.provenance).toEqual({ source: 'vllm bench serve', file: 'serve.json', date: '20250612-101530' });
    expect(m.samples.map((s) => [s.stage, s.batchSize, s.inputTokens, s.contextTokens])).toEqual([
      ['prefill', 1, 512, 512],
      ['decode', 1, 1, 514],
      ['prefill', 1, 1024, 1024],
      ['decode', 1, 1, 1026],
    ]);
    expect(m.samples[0]?.seconds).toBe(0.035);
    expect(m.samples[1]?.seconds).toBeCloseTo(0.021 / 3, 12);
    expect(m.software.notes).toContain('time to first token');
  });

  it('without per-request data reads the medians at the mean lengths, decode only above concurrency 1', () => {
    const result = importVllmBenchServe(SUMMARY, 'serve.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [only, ...rest] = result.value.samples;
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ stage: 'decode', batchSize: 16, inputTokens: 1, contextTokens: 1024 + 64 });
    expect(only?.seconds).toBeCloseTo(0.0117, 12);
  });

  it('refuses an unbounded run unless the caller says the concurrency', () => {
    const unbounded = { ...SUMMARY, max_concurrency: null };
    const refused = importVllmBenchServe(unbounded, 'serve.json', OPTIONS);
    expect(refused.ok ? [] : refused.issues).toEqual([
      expect.objectContaining({ code: 'measurement-option-missing', path: 'concurrency' }),
    ]);
    expect(importVllmBenchServe(unbounded, 'serve.json', { ...OPTIONS, concurrency: 64 }).ok).toBe(true);
  });

  it('refuses per-request lists of different lengths', () => {
    const result = importVllmBenchServe({ ...DETAILED, ttfts: [0.035] }, 'serve.json', OPTIONS);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['measurement-import-invalid']);
  });

  it('refuses a run where no request succeeded', () => {
    const failed = { ...DETAILED, completed: 0, errors: ['timeout', 'timeout', 'timeout'] };
    const result = importVllmBenchServe(failed, 'serve.json', OPTIONS);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['measurement-no-samples']);
  });
});
