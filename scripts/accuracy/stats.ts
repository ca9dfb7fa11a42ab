import { absPctError, median, summarizeErrors } from '../efficiency/error-stats.js';

/** One predicted-versus-measured comparison. */
export interface Comparison {
  predicted: number;
  measured: number;
}

export interface AccuracySummary {
  samples: number;
  /** Median |predicted − measured| / measured, percent. */
  medianAbsPctError: number;
  /** 90th percentile of the same. */
  p90AbsPctError: number;
  /** Median predicted / measured (above 1: the predictor is pessimistic). */
  medianRatio: number;
}

/** Median and p90 absolute % error and median ratio; NaN fields for an empty list. */
export function summarize(comparisons: readonly Comparison[]): AccuracySummary {
  for (const c of comparisons) {
    if (!(c.measured > 0) || !Number.isFinite(c.predicted)) {
      throw new Error(`bad comparison: predicted ${c.predicted}, measured ${c.measured}`);
    }
  }
  const errors = summarizeErrors(comparisons.map((c) => absPctError(c.predicted, c.measured)));
  const ratio = median(comparisons.map((c) => c.predicted / c.measured));
  return {
    samples: errors.samples,
    medianAbsPctError: errors.medianAbsPctError,
    p90AbsPctError: errors.p90AbsPctError,
    medianRatio: Number.isNaN(ratio) ? Number.NaN : Math.round(ratio * 1000) / 1000,
  };
}
