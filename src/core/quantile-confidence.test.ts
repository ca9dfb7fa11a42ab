import { describe, expect, it } from 'vitest';
import { quantileConfidenceInterval } from './quantile-confidence.js';

describe('quantileConfidenceInterval', () => {
  it('brackets the p95 of 1..1000 between ranks 937 and 965', () => {
    // 1000 · 0.95 ∓ 1.96 · √(1000 · 0.95 · 0.05) = 950 ∓ 13.5 → ranks 936 and 964 (+1)
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(quantileConfidenceInterval(sorted, 0.95)).toEqual({ low: 936, high: 965 });
  });

  it('covers the whole sample when it is tiny, and is undefined when empty', () => {
    expect(quantileConfidenceInterval([5, 7], 0.95)).toEqual({ low: 5, high: 7 });
    expect(quantileConfidenceInterval([], 0.5)).toBeUndefined();
  });
});
