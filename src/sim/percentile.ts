/**
 * Nearest-rank percentile of ascending-sorted values: the smallest value with at least p % of the values
 * at or below it, i.e. sorted[⌈p/100 · n⌉ − 1] (p = 0 gives the minimum). Always one of the values, never
 * an interpolation. Undefined for an empty list.
 */
export function nearestRankPercentile(sorted: ArrayLike<number>, p: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sorted[rank - 1];
}
