/** Order statistics for benchmark samples. Pure; the tests are in stats.test.ts. */

export interface Summary {
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('no samples');
  if (samples.some((s) => !Number.isFinite(s))) throw new Error('samples must be finite numbers');
  return [...samples].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0–100), interpolating linearly between the two nearest ranks (the usual
 * "type 7" definition: the median of an even count is the mean of the middle two).
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile ${p} is outside 0–100`);
  const s = sorted(samples);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = s[lo] as number;
  const b = s[hi] as number;
  return a + (b - a) * (rank - lo);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function summarize(samples: readonly number[]): Summary {
  const s = sorted(samples);
  return {
    n: s.length,
    min: s[0] as number,
    median: percentile(s, 50),
    p95: percentile(s, 95),
    max: s[s.length - 1] as number,
    mean: s.reduce((sum, x) => sum + x, 0) / s.length,
  };
}
