import { describe, expect, it } from 'vitest';
import { decodeAttentionWork, gemmWork, prefillAttentionWork } from '../../src/core/operator-work.js';
import { decodeSamples, gemmSamples, prefillSamples, sizeBucketLabels } from './samples.js';
import type { AttentionRow, GemmRow } from './tables.js';

function gemm(m: number, n: number, k: number): GemmRow {
  return { device: 'GPU', dtype: 'bfloat16', m, n, k, seconds: 1e-5 };
}

function attention(overrides: Partial<AttentionRow>): AttentionRow {
  return {
    device: 'GPU',
    kernelSource: 'fa',
    batch: 4,
    isl: 1,
    numHeads: 32,
    numKeyValueHeads: 8,
    headDim: 128,
    attnDtype: 'bfloat16',
    kvCacheDtype: 'bfloat16',
    step: 1023,
    windowSize: 0,
    seconds: 2e-5,
    ...overrides,
  };
}

describe('gemmSamples', () => {
  it('keeps LLM shapes with the product work model and drops narrow or huge ones', () => {
    const samples = gemmSamples([
      gemm(8, 4096, 4096),
      gemm(8, 128, 4096),
      gemm(8, 4096, 64),
      gemm(32768, 4096, 4096),
    ]);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      ...gemmWork(8, 4096, 4096, 2),
      measuredSeconds: 1e-5,
      sizeBucket: 'm 1–16',
    });
  });
});

describe('prefillSamples', () => {
  it('uses isl tokens per sequence and drops one-token prompts and MLA head dims', () => {
    const rows = [
      attention({ isl: 2048, step: 0 }),
      attention({ isl: 1, step: 0 }),
      attention({ isl: 2048, step: 0, headDim: 192 }),
      attention({ isl: 2048, step: 0, windowSize: 4096 }),
    ];
    const samples = prefillSamples(rows);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject(prefillAttentionWork(4, 2048, 32, 8, 128, 2));
    expect(samples[0]?.sizeBucket).toBe('prompt 257–2048');
  });
});

describe('decodeSamples', () => {
  it('attends to isl + step cached tokens', () => {
    const [sample] = decodeSamples([attention({ isl: 1, step: 1023 })]);
    expect(sample).toMatchObject(decodeAttentionWork(4, 1024, 32, 8, 128, 2, 2));
    expect(sample?.shapeKey).toBe('decode:b4:s1024:h32/8x128');
    expect(sample?.sizeBucket).toBe('batch ≤ 128, context 257–4096');
  });

  it('drops steps holding more KV than a GPU caches', () => {
    expect(decodeSamples([attention({ batch: 2048, step: 131071 })])).toHaveLength(0);
  });
});

describe('sizeBucketLabels', () => {
  it('lists every label a sample can carry, in order', () => {
    expect(sizeBucketLabels('gemm')).toEqual(['m 1–16', 'm 17–128', 'm 129–1024', 'm > 1024']);
    expect(sizeBucketLabels('prefillAttention')).toEqual([
      'prompt 16–256',
      'prompt 257–2048',
      'prompt > 2048',
    ]);
    expect(sizeBucketLabels('decodeAttention')).toHaveLength(6);
  });
});
