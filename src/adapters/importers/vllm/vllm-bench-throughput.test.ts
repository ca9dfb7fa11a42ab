import { describe, expect, it } from 'vitest';
import type { MeasurementImportOptions } from '../measurement-import.js';
import { importVllmBenchThroughput } from './vllm-bench-throughput.js';

/** `vllm bench throughput --dataset-name random --input-len 1024 --output-len 256 --num-prompts 64 --output-json …`. */
const RUN = {
  elapsed_time: 9.874,
  num_requests: 64,
  total_num_tokens: 81920,
  requests_per_second: 6.4817,
  tokens_per_second: 8296.53,
};

const OPTIONS: MeasurementImportOptions = {
  gpu: 'A100-80GB',
  gpuCount: 1,
  model: 'qwen2.5-7b',
  precision: 'bf16',
  tensorParallel: 1,
  inputLen: 1024,
  outputLen: 256,
  maxNumSeqs: 256,
  prefillSeconds: 2.1,
};

describe('importVllmBenchThroughput', () => {
  it('reads a one-batch fixed-length run as a decode step: (9.874 − 2.1) / 255 at batch 64, KV 1152', () => {
    const result = importVllmBenchThroughput(RUN, 'tp.json', OPTIONS);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.samples[0]).toMatchObject({ stage: 'decode', batchSize: 64, contextTokens: 1152 });
    expect(result.value.samples[0]?.seconds).toBeCloseTo((9.874 - 2.1) / 255, 12);
    expect(result.value.software.notes).toContain('no preemption');
  });

  it('refuses requests of varying length (total_num_tokens ≠ requests × (input + output))', () => {
    const result = importVllmBenchThroughput({ ...RUN, total_num_tokens: 80000 }, 'tp.json', OPTIONS);
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({
        code: 'vllm-throughput-lengths-vary',
        details: expect.objectContaining({ expectedTokens: 81920 }),
      }),
    ]);
  });

  it('refuses more requests than one batch holds', () => {
    const result = importVllmBenchThroughput(RUN, 'tp.json', { ...OPTIONS, maxNumSeqs: 32 });
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual([
      'vllm-throughput-not-one-batch',
    ]);
  });

  it('needs --max-num-seqs and the lengths from the caller', () => {
    const { maxNumSeqs: _m, inputLen: _i, ...rest } = OPTIONS;
    const result = importVllmBenchThroughput(RUN, 'tp.json', rest);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['inputLen', 'maxNumSeqs']);
  });
});
