import { describe, expect, it } from 'vitest';
import { llama31_8b, opt27b } from './fixtures/models.js';
import { tensorParallelOptions } from './tensor-parallel.js';

describe('tensorParallelOptions', () => {
  it('offers powers of two up to the GPU count', () => {
    expect(tensorParallelOptions(llama31_8b, 8)).toEqual([1, 2, 4, 8]);
    expect(tensorParallelOptions(llama31_8b, 1)).toEqual([1]);
  });

  it('skips degrees that do not divide the GPU count or the heads', () => {
    expect(tensorParallelOptions(opt27b, 6)).toEqual([1, 2]);
    expect(tensorParallelOptions({ ...opt27b, numAttentionHeads: 20, numKeyValueHeads: 20 }, 8)).toEqual([
      1, 2, 4,
    ]);
  });
});
