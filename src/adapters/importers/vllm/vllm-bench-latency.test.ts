import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../core/issue.js';
import type { Measurement } from '../../../core/measurement.js';
import type { MeasurementImportOptions } from '../measurement-import.js';
import { importVllmBenchLatency } from './vllm-bench-latency.js';

/** `vllm bench latency --batch-size 8 --input-len 512 --output-len 1 --num-iters 5 --output-json …`. */
const PREFILL_RUN = {
  avg_latency: 0.04302,
  latencies: [0.04215, 0.04288, 0.04301, 0.04337, 0.04369],
  percentiles: { '10': 0.04244, '25': 0.04288, '50': 0.04301, '75': 0.04337, '90': 0.04356, '99': 0.04368 },
};
/** The same batch with `--output-len 128`. */
const FULL_RUN = {
  avg_latency: 1.3521,
  latencies: [1.3498, 1.3507, 1.3519, 1.3533, 1.3548],
  percentiles: { '10': 1.3502, '25': 1.3507, '50': 1.3519, '75': 1.3533, '90': 1.3542, '99': 1.3547 },
};

const SETUP: MeasurementImportOptions = {
  gpu: 'H100-SXM',
  gpuCount: 1,
  model: 'llama-3.1-8b',
  precision: 'bf16',
  tensorParallel: 1,
  batchSize: 8,
  inputLen: 512,
};

function value(result: ReturnType<typeof importVllmBenchLatency>): Measurement {
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}
function issues(result: ReturnType<typeof importVllmBenchLatency>): Issue[] {
  if (result.ok) throw new Error('expected a refusal');
  return result.issues;
}

describe('importVllmBenchLatency', () => {
  it('reads an --output-len 1 run as a prefill sample: the median latency of batch 8 × 512 tokens', () => {
    const m = value(importVllmBenchLatency(PREFILL_RUN, 'lat.json', { ...SETUP, outputLen: 1 }));
    expect(m.samples).toEqual([
      {
        stage: 'prefill',
        batchSize: 8,
        inputTokens: 512,
        contextTokens: 512,
        offloadFraction: 0,
        seconds: 0.04301,
      },
    ]);
    expect(m.hardware).toEqual({ gpu: 'H100-SXM', gpuCount: 1 });
    expect(m.software.engine).toBe('vllm');
    expect(m.software.version).toBe('unknown');
    expect(m.provenance).toEqual({ source: 'vllm bench latency', file: 'lat.json' });
  });

  it('derives the mean decode step of a 128-token run from its prefill: (1.3519 − 0.04301) / 127 at KV 576', () => {
    const m = value(
      importVllmBenchLatency(FULL_RUN, 'lat.json', { ...SETUP, outputLen: 128, prefillSeconds: 0.04301 }),
    );
    expect(m.samples).toHaveLength(1);
    expect(m.samples[0]).toMatchObject({ stage: 'decode', batchSize: 8, inputTokens: 1, contextTokens: 576 });
    expect(m.samples[0]?.seconds).toBeCloseTo((1.3519 - 0.04301) / 127, 12);
  });

  it('refuses a multi-token run without the prefill time: it is no single step', () => {
    expect(issues(importVllmBenchLatency(FULL_RUN, 'lat.json', { ...SETUP, outputLen: 128 }))).toEqual([
      expect.objectContaining({
        code: 'measurement-not-a-step',
        details: expect.objectContaining({ file: 'lat.json' }),
      }),
    ]);
  });

  it('refuses, naming each missing option, rather than guessing the setup or vLLM’s default lengths', () => {
    const found = issues(importVllmBenchLatency(PREFILL_RUN, 'lat.json', {}));
    expect(found.map((issue) => issue.path)).toEqual([
      'gpu',
      'gpuCount',
      'model',
      'precision',
      'tensorParallel',
      'batchSize',
      'inputLen',
      'outputLen',
    ]);
    expect(found.every((issue) => issue.code === 'measurement-option-missing')).toBe(true);
  });

  it('reports a malformed file field by field', () => {
    const found = issues(
      importVllmBenchLatency({ avg_latency: 'fast', latencies: [] }, 'lat.json', { ...SETUP, outputLen: 1 }),
    );
    expect(found.map((issue) => issue.path)).toEqual(['avg_latency', 'latencies', 'percentiles']);
    expect(found[0]).toMatchObject({ code: 'measurement-import-invalid', details: { file: 'lat.json' } });
  });
});
