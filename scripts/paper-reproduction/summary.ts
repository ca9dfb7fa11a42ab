import type { Candidate } from '../../src/app/candidate.js';
import type { Reproduction } from './reproduce.js';

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function brief(c: Candidate | undefined) {
  if (!c) return null;
  return {
    instance: c.instance,
    offloadFraction: round(c.offloadFraction, 3),
    tokensPerSecond: round(c.tokensPerSecond),
    billedHours: round(c.billedHours, 3),
    totalUsd: round(c.totalUsd, 3),
  };
}

/** The reproduction's results, rounded, as the golden file pins them. */
export function summarise(r: Reproduction) {
  return {
    calibration: r.calibration.predictors.roofline?.map((e) => ({
      instance: e.instance,
      stage: e.stage,
      alpha: round(e.alpha, 4),
    })),
    paperPredictorUnfittable: r.paperFit.failures.map((f) => f.details?.instance),
    points: r.points.map((p) => ({
      workload: p.workload,
      instance: p.instance,
      measured: p.measuredTokensPerSecond,
      offloadFraction: round(p.offloadFraction, 3),
      paperEquations: round(p.paperEquationsTokensPerSecond),
      roofline: round(p.rooflineTokensPerSecond),
      calibrated: round(p.calibratedTokensPerSecond),
      ...(p.calibratedAtPaperOffloadTokensPerSecond !== undefined
        ? { calibratedAtPaperOffload: round(p.calibratedAtPaperOffloadTokensPerSecond) }
        : {}),
      ...(p.measuredOffloadPercent !== undefined ? { paperOffloadPercent: p.measuredOffloadPercent } : {}),
      flexgenPolicyOffloadFraction: round(p.flexgenPolicyOffloadFraction, 3),
      flexgenAtPolicy: round(p.flexgenAtPolicyTokensPerSecond),
      ...(p.flexgenAtPaperOffloadTokensPerSecond !== undefined
        ? { flexgenAtPaperOffload: round(p.flexgenAtPaperOffloadTokensPerSecond) }
        : {}),
      flexgenAllOnGpu: round(p.flexgenAllOnGpuTokensPerSecond),
    })),
    scenarios: r.scenarios.map((s) => ({
      workload: s.workload,
      sloTokensPerSecond: s.sloTokensPerSecond,
      paper: s.paper,
      first: brief(s.ours.first),
      second: brief(s.ours.second),
      maxPerformance: brief(s.ours.maxPerformance),
      noOffload: brief(s.ours.noOffload),
      uncalibratedFirst: s.uncalibratedFirst ?? null,
      flexgenFirst: brief(s.flexgenFirst),
    })),
  };
}

export type ReproductionSummary = ReturnType<typeof summarise>;

/** Median and p90 of absolute percentage errors. */
export function absPctErrors(pairs: { predicted: number; measured: number }[]) {
  const errs = pairs
    .map((p) => (100 * Math.abs(p.predicted - p.measured)) / p.measured)
    .sort((a, b) => a - b);
  const at = (q: number) => errs[Math.min(errs.length - 1, Math.floor(q * (errs.length - 1) + 0.5))] ?? 0;
  return { median: round(at(0.5)), p90: round(at(0.9)), n: errs.length };
}
