import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.js';

describe('percentile', () => {
  it('takes the middle sample of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates linearly between ranks', () => {
    const samples = [10, 20, 30, 40, 50];
    expect(percentile(samples, 0)).toBe(10);
    expect(percentile(samples, 100)).toBe(50);
    expect(percentile(samples, 25)).toBe(20);
    expect(percentile(samples, 95)).toBeCloseTo(48, 10);
  });

  it('returns the sample itself for a single sample', () => {
    expect(percentile([7], 95)).toBe(7);
  });

  it('does not reorder its input', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('rejects empty input, non-finite samples and out-of-range percentiles', () => {
    expect(() => median([])).toThrow(/no samples/);
    expect(() => median([1, Number.NaN])).toThrow(/finite/);
    expect(() => percentile([1], 101)).toThrow(/outside/);
  });
});

describe('summarize', () => {
  it('reports count, extremes, median, p95 and mean', () => {
    const samples = Array.from({ length: 21 }, (_, i) => 20 - i);
    expect(summarize(samples)).toEqual({ n: 21, min: 0, median: 10, p95: 19, max: 20, mean: 10 });
  });
});
