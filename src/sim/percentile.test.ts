import { describe, expect, it } from 'vitest';
import { nearestRankPercentile } from './percentile.js';

describe('nearestRankPercentile', () => {
  it('is the value at rank ⌈p/100 · n⌉: P95 of 1..20 is 19, P50 of 1..4 is 2, P0 the minimum', () => {
    const oneToTwenty = Float64Array.from({ length: 20 }, (_, k) => k + 1);
    expect(nearestRankPercentile(oneToTwenty, 95)).toBe(19);
    expect(nearestRankPercentile([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRankPercentile([1, 2, 3, 4], 0)).toBe(1);
    expect(nearestRankPercentile([1, 2, 3, 4], 100)).toBe(4);
    expect(nearestRankPercentile([], 50)).toBeUndefined();
  });
});
