import { describe, expect, it } from 'vitest';
import { fitLine } from './least-squares.js';

describe('fitLine', () => {
  it('recovers y = 2x + 1 exactly', () => {
    expect(fitLine([1, 2, 3, 4], [3, 5, 7, 9], false)).toEqual({ slope: 2, intercept: 1 });
  });

  it('fits through the origin: slope = Σxy / Σx²', () => {
    const fit = fitLine([1, 2], [2, 5], true);
    expect(fit?.slope).toBeCloseTo(12 / 5, 12);
    expect(fit?.intercept).toBe(0);
  });

  it('refuses a line through points with no spread in x', () => {
    expect(fitLine([2, 2], [1, 3], false)).toBeUndefined();
    expect(fitLine([], [], true)).toBeUndefined();
  });
});
