import { constrainedLeastSquares, type LinearConstraint } from '../core/constrained-least-squares.js';
import { type CurveFeatures, curveSeconds, type StageCurve } from '../core/time-predictor.js';

/** A measured step as a curve sees it: its time, the stage's PCIe seconds (not in the curve), features. */
export interface CurvePoint {
  measured: number;
  pcie: number;
  features: CurveFeatures;
}

export const HUBER_K = 1.345;

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A curve's regressors for a point: (1, Σtokens, Σtokens²) or (1, Σcontext, sequences). */
export function curveRow(f: CurveFeatures, kind: StageCurve['kind']): [number, number, number] {
  return kind === 'distserve-prefill' ? [1, f.tokens, f.tokenSquares] : [1, f.contextTokens, f.sequences];
}

/** Relative residual of the measured step against the curve plus the stage's uncalibrated PCIe time. */
export const curveResidual = (p: CurvePoint, curve: StageCurve) =>
  (p.measured - (curveSeconds(curve, p.features) + p.pcie)) / p.measured;

/**
 * Weighted least squares of the curve on relative residuals (rows divided by the measured time), under
 * `constraints` on (a, b, c); undefined when the regressors are (nearly) collinear, e.g. a decode curve
 * on samples of one batch size.
 */
function weightedCurveSolve(
  points: readonly CurvePoint[],
  weights: readonly number[],
  kind: StageCurve['kind'],
  constraints: readonly LinearConstraint[],
): StageCurve | undefined {
  const rows = points.map((p) => curveRow(p.features, kind).map((v) => v / p.measured));
  const ys = points.map((p) => (p.measured - p.pcie) / p.measured);
  const solved = constrainedLeastSquares(rows, ys, weights, constraints);
  if (!solved?.every(Number.isFinite)) return undefined;
  const [a, b, c] = solved as [number, number, number];
  return { kind, a, b, c };
}

/**
 * The constraints every fitted curve obeys, so that it stays positive and plausible wherever it is
 * applied: no cheaper with more tokens, context or sequences (b ≥ 0, c ≥ 0), and at the smallest step
 * the stage can run (`smallest`: one sequence of one token) at least `floorSeconds` (the step's time on
 * the hardware at 100 % of peak, or a nanosecond when none is known). Increasing in every feature, the
 * curve is then at least that floor at every larger step.
 */
export function curveConstraints(
  kind: StageCurve['kind'],
  smallest: CurveFeatures,
  floorSeconds: number,
): LinearConstraint[] {
  return [
    { coefficients: [0, 1, 0], min: 0 },
    { coefficients: [0, 0, 1], min: 0 },
    { coefficients: curveRow(smallest, kind), min: Math.max(floorSeconds, 1e-9) },
  ];
}

/** Huber IRLS as fit-ctcf's `robustFit`, for a step-time curve fitted on the measured steps themselves. */
export function robustCurveFit(
  points: readonly CurvePoint[],
  kind: StageCurve['kind'],
  constraints: readonly LinearConstraint[] = [],
): { curve: StageCurve; scale: number } | undefined {
  if (points.length < 3) return undefined;
  let weights = points.map(() => 1);
  let curve = weightedCurveSolve(points, weights, kind, constraints);
  let scale = 0;
  for (let iteration = 0; iteration < 50 && curve; iteration++) {
    const current: StageCurve = curve;
    const residuals = points.map((p) => curveResidual(p, current));
    const center = median(residuals);
    scale = 1.4826 * median(residuals.map((r) => Math.abs(r - center)));
    if (!(scale > 1e-12)) break;
    const limit = HUBER_K * scale;
    weights = residuals.map((r) => (Math.abs(r) <= limit ? 1 : limit / Math.abs(r)));
    const next = weightedCurveSolve(points, weights, kind, constraints);
    if (!next) break;
    const moved = Math.max(
      ...points.map(
        (p) => Math.abs(curveSeconds(next, p.features) - curveSeconds(current, p.features)) / p.measured,
      ),
    );
    curve = next;
    if (moved <= 1e-10) break;
  }
  return curve ? { curve, scale } : undefined;
}
