/** Absolute percentage error summaries, as reported in data/v1/efficiency.json. */

export interface ErrorSummary {
  samples: number;
  /** Median of |predicted − measured| / measured, in percent. */
  medianAbsPctError: number;
  /** 90th percentile of the same. */
  p90AbsPctError: number;
}

export function absPctError(predictedSeconds: number, measuredSeconds: number): number {
  return (Math.abs(predictedSeconds - measuredSeconds) / measuredSeconds) * 100;
}

/** Linear-interpolated quantile (type 7) of an ascending array; NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lowerIndex = Math.floor(position);
  const upperIndex = Math.min(lowerIndex + 1, sorted.length - 1);
  const lower = sorted[lowerIndex] ?? Number.NaN;
  const upper = sorted[upperIndex] ?? Number.NaN;
  return lower + (upper - lower) * (position - lowerIndex);
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Percent errors rounded to 0.1 so the committed file does not churn on float noise. */
export function roundPct(value: number): number {
  return Math.round(value * 10) / 10;
}

export function summarizeErrors(pctErrors: readonly number[]): ErrorSummary {
  const sorted = [...pctErrors].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    medianAbsPctError: roundPct(quantileSorted(sorted, 0.5)),
    p90AbsPctError: roundPct(quantileSorted(sorted, 0.9)),
  };
}
