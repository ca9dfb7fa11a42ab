import { constrainedLeastSquares, type LinearConstraint } from '../core/constrained-least-squares.js';
import type { MeasurementSample } from '../core/measurement.js';
import type { Ctcf, CurveFeatures, StageCurve } from '../core/time-predictor.js';
import { curveResidual, HUBER_K, median, robustCurveFit } from './fit-step-curve.js';

/** The predictor's time for a sample, linear in the CTCF: base + alpha·x + beta·z. */
export interface LinearPoint {
  base: number;
  x: number;
  z: number;
  measured: number;
  sample: MeasurementSample;
  /** The stage's PCIe seconds uncalibrated (what a curve does not cover), and the curve's features. */
  pcie: number;
  features: CurveFeatures;
  /** The step at 100 % of the hardware's peak (peak-roofline.ts), PCIe included. */
  peakSeconds: number;
  evaluate(ctcf: Ctcf, curve?: StageCurve): number;
}

/** The CTCF shapes: alpha and beta, or alpha alone. */
export type CtcfOnlyShape = 'alpha-beta' | 'alpha';
/** Every candidate: the CTCF shapes and the direct step-time curves (DistServe's shapes). */
export type CtcfShape = CtcfOnlyShape | StageCurve['kind'];

/** Constraints of a group's fits, per shape. */
export interface GroupConstraints {
  ctcf: (shape: CtcfOnlyShape) => LinearConstraint[];
  curve: (kind: StageCurve['kind']) => LinearConstraint[];
}

/** The smallest alpha a fit may return: the schema needs alpha > 0. */
export const MIN_ALPHA = 1e-3;

/**
 * The CTCF constraints that keep a calibrated time positive and plausible over the whole range of
 * steps: alpha ≥ 0.001, and at the smallest step the stage can run (`smallest`, one sequence of one
 * token, whose per-layer time t₀ is the smallest uncalibrated time there is) the calibrated step is at
 * least its time at 100 % of peak (and its layers at least a nanosecond each). CTCF is increasing in t,
 * so α·t + β > 0 for every t ≥ t₀ follows; a negative β is fine where that holds.
 */
export function ctcfConstraints(smallest: LinearPoint): GroupConstraints['ctcf'] {
  return (shape) => {
    const floor = Math.max(smallest.peakSeconds - smallest.pcie - smallest.base, 1e-9 * smallest.z);
    if (shape === 'alpha')
      return [
        { coefficients: [1], min: MIN_ALPHA },
        { coefficients: [smallest.x], min: floor },
      ];
    return [
      { coefficients: [1, 0], min: MIN_ALPHA },
      { coefficients: [smallest.x, smallest.z], min: floor },
    ];
  };
}

/** Weighted least squares of (y − base)/m on x/m (and z/m): relative residuals, so every step counts. */
function weightedSolve(
  points: readonly LinearPoint[],
  weights: readonly number[],
  shape: CtcfOnlyShape,
  constraints: readonly LinearConstraint[],
): Ctcf | undefined {
  const rows = points.map((p) =>
    shape === 'alpha' ? [p.x / p.measured] : [p.x / p.measured, p.z / p.measured],
  );
  const ys = points.map((p) => (p.measured - p.base) / p.measured);
  const solved = constrainedLeastSquares(rows, ys, weights, constraints);
  if (!solved?.every(Number.isFinite)) return undefined;
  return { alpha: solved[0] as number, betaSeconds: shape === 'alpha' ? 0 : (solved[1] as number) };
}

export const relativeResidual = (p: LinearPoint, c: Ctcf) =>
  (p.measured - (p.base + c.alpha * p.x + c.betaSeconds * p.z)) / p.measured;

/**
 * Huber M-estimate by iteratively reweighted least squares on relative residuals: weight 1 within
 * k·s (k = 1.345, s = 1.4826·MAD of the residuals), k·s/|r| beyond, until the parameters settle. Each
 * weighted solve honours `constraints` exactly.
 */
export function robustFit(
  points: readonly LinearPoint[],
  shape: CtcfOnlyShape,
  constraints: readonly LinearConstraint[] = [],
): { ctcf: Ctcf; scale: number } | undefined {
  const needed = shape === 'alpha' ? 1 : 2;
  if (points.length < needed) return undefined;
  let weights = points.map(() => 1);
  let ctcf = weightedSolve(points, weights, shape, constraints);
  let scale = 0;
  for (let iteration = 0; iteration < 50 && ctcf; iteration++) {
    const current: Ctcf = ctcf;
    const residuals = points.map((p) => relativeResidual(p, current));
    const center = median(residuals);
    scale = 1.4826 * median(residuals.map((r) => Math.abs(r - center)));
    if (!(scale > 1e-12)) break;
    const limit = HUBER_K * scale;
    weights = residuals.map((r) => (Math.abs(r) <= limit ? 1 : limit / Math.abs(r)));
    const next = weightedSolve(points, weights, shape, constraints);
    if (!next) break;
    const settled =
      Math.abs(next.alpha - current.alpha) <= 1e-10 * Math.abs(current.alpha) &&
      Math.abs(next.betaSeconds - current.betaSeconds) <= 1e-15;
    ctcf = next;
    if (settled) break;
  }
  return ctcf ? { ctcf, scale } : undefined;
}

export const meanAbsPct = (values: readonly number[]) =>
  values.length === 0 ? 0 : (100 * values.reduce((a, b) => a + Math.abs(b), 0)) / values.length;

export const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Deterministic k-fold CV: sample i is in fold i mod k; mean absolute % error on held-out samples, each
 * fold fitted under the same constraints as the final fit.
 */
export function crossValidate(
  points: readonly LinearPoint[],
  shape: CtcfShape,
  folds: number,
  constraints: GroupConstraints,
): number | null {
  const k = Math.min(folds, points.length);
  if (k < 2) return null;
  const errors: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = points.filter((_, i) => i % k !== fold);
    const test = points.filter((_, i) => i % k === fold);
    if (shape === 'alpha' || shape === 'alpha-beta') {
      const fit = robustFit(train, shape, constraints.ctcf(shape));
      if (!fit) return null;
      for (const p of test) errors.push(relativeResidual(p, fit.ctcf));
    } else {
      const fit = robustCurveFit(train, shape, constraints.curve(shape));
      if (!fit) return null;
      for (const p of test) errors.push(curveResidual(p, fit.curve));
    }
  }
  return round(meanAbsPct(errors), 3);
}
