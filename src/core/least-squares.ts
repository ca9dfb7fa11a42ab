/**
 * Ordinary least squares for y ≈ slope·x + intercept, or y ≈ slope·x when `throughOrigin` (the only
 * shape one point per group can determine). Returns undefined when x has no spread to fit a line to.
 */
export function fitLine(
  xs: readonly number[],
  ys: readonly number[],
  throughOrigin: boolean,
): { slope: number; intercept: number } | undefined {
  const n = xs.length;
  if (n === 0 || n !== ys.length) return undefined;
  if (throughOrigin) {
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (xs[i] as number) * (ys[i] as number);
      sxx += (xs[i] as number) ** 2;
    }
    return sxx > 0 ? { slope: sxy / sxx, intercept: 0 } : undefined;
  }
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - meanX) * ((ys[i] as number) - meanY);
    sxx += ((xs[i] as number) - meanX) ** 2;
  }
  if (sxx <= 0 || n < 2) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}
