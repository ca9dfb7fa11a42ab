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
function curveRow(p: CurvePoint, kind: StageCurve['kind']): [number, number, number] {
  const f = p.features;
  return kind === 'distserve-prefill' ? [1, f.tokens, f.tokenSquares] : [1, f.contextTokens, f.sequences];
}

/** Relative residual of the measured step against the curve plus the stage's uncalibrated PCIe time. */
export const curveResidual = (p: CurvePoint, curve: StageCurve) =>
  (p.measured - (curveSeconds(curve, p.features) + p.pcie)) / p.measured;

/** Solves A·x = r for a small dense system by Gaussian elimination with partial pivoting. */
function solveDense(a: number[][], r: number[]): number[] | undefined {
  const n = r.length;
  const m = a.map((row, i) => [...row, r[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs((m[row] as number[])[col] as number) > Math.abs((m[pivot] as number[])[col] as number))
        pivot = row;
    const top = m[pivot] as number[];
    m[pivot] = m[col] as number[];
    m[col] = top;
    const p = top[col] as number;
    if (!(Math.abs(p) > 1e-10)) return undefined;
    for (let row = col + 1; row < n; row++) {
      const target = m[row] as number[];
      const factor = (target[col] as number) / p;
      for (let j = col; j <= n; j++) target[j] = (target[j] as number) - factor * (top[j] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const line = m[row] as number[];
    let sum = line[n] as number;
    for (let j = row + 1; j < n; j++) sum -= (line[j] as number) * (x[j] as number);
    x[row] = sum / (line[row] as number);
  }
  return x;
}

/**
 * Weighted least squares of the curve on relative residuals: rows divided by the measured time, columns
 * scaled to unit weighted RMS (so seconds, tokens and tokens² are conditioned alike); undefined when
 * the regressors are (nearly) collinear, e.g. a decode curve on samples of one batch size.
 */
function weightedCurveSolve(
  points: readonly CurvePoint[],
  weights: readonly number[],
  kind: StageCurve['kind'],
): StageCurve | undefined {
  const rows = points.map((p) => curveRow(p, kind).map((v) => v / p.measured));
  const ys = points.map((p) => (p.measured - p.pcie) / p.measured);
  const norms = [0, 1, 2].map((j) =>
    Math.sqrt(rows.reduce((sum, row, i) => sum + (weights[i] as number) * (row[j] as number) ** 2, 0)),
  );
  if (!norms.every((v) => v > 0)) return undefined;
  const ata = [0, 1, 2].map(() => [0, 0, 0]);
  const aty = [0, 0, 0];
  rows.forEach((row, i) => {
    const w = weights[i] as number;
    const scaled = row.map((v, j) => v / (norms[j] as number));
    for (let j = 0; j < 3; j++) {
      aty[j] = (aty[j] as number) + w * (scaled[j] as number) * (ys[i] as number);
      for (let l = 0; l < 3; l++) {
        const line = ata[j] as number[];
        line[l] = (line[l] as number) + w * (scaled[j] as number) * (scaled[l] as number);
      }
    }
  });
  const solved = solveDense(ata, aty);
  if (!solved?.every(Number.isFinite)) return undefined;
  const [a, b, c] = solved.map((v, j) => v / (norms[j] as number)) as [number, number, number];
  return { kind, a, b, c };
}

/** Huber IRLS as fit-ctcf's `robustFit`, for a step-time curve fitted on the measured steps themselves. */
export function robustCurveFit(
  points: readonly CurvePoint[],
  kind: StageCurve['kind'],
): { curve: StageCurve; scale: number } | undefined {
  if (points.length < 3) return undefined;
  let weights = points.map(() => 1);
  let curve = weightedCurveSolve(points, weights, kind);
  let scale = 0;
  for (let iteration = 0; iteration < 50 && curve; iteration++) {
    const current: StageCurve = curve;
    const residuals = points.map((p) => curveResidual(p, current));
    const center = median(residuals);
    scale = 1.4826 * median(residuals.map((r) => Math.abs(r - center)));
    if (!(scale > 1e-12)) break;
    const limit = HUBER_K * scale;
    weights = residuals.map((r) => (Math.abs(r) <= limit ? 1 : limit / Math.abs(r)));
    const next = weightedCurveSolve(points, weights, kind);
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
