import { describe, expect, it } from 'vitest';
import { computeBoundShare } from './batch-activity.js';
import type { StageTime } from './time-predictor.js';

const stage = (seconds: number, bound: StageTime['bound']): StageTime => ({
  seconds,
  bound,
  gpuSeconds: seconds,
  pcieSeconds: 0,
  interconnectSeconds: 0,
});

describe('computeBoundShare', () => {
  it('is the compute-bound stages’ share of the batch time: 4 s compute + 1 s hbm → 0.8', () => {
    expect(computeBoundShare({ prefill: stage(4, 'compute'), decode: stage(1, 'hbm') })).toBeCloseTo(0.8, 12);
  });

  it('is 0 for an empty batch and 1 when both stages are compute-bound', () => {
    expect(computeBoundShare({ prefill: stage(0, 'compute'), decode: stage(0, 'hbm') })).toBe(0);
    expect(computeBoundShare({ prefill: stage(1, 'compute'), decode: stage(3, 'compute') })).toBe(1);
  });
});
