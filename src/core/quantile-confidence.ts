/**
 * A distribution-free 95 % confidence interval for the q-quantile of the population a sample came from:
 * the order statistics at ranks nq ∓ 1.96·√(nq(1−q)) (normal approximation to the binomial count of
 * samples below the quantile). `sorted` is ascending. Returns the sample's bounds when n is small.
 */
export function quantileConfidenceInterval(
  sorted: ArrayLike<number>,
  q: number,
): { low: number; high: number } | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const spread = 1.96 * Math.sqrt(n * q * (1 - q));
  const lowRank = Math.max(1, Math.floor(n * q - spread));
  const highRank = Math.min(n, Math.ceil(n * q + spread) + 1);
  return { low: sorted[lowRank - 1] as number, high: sorted[highRank - 1] as number };
}
