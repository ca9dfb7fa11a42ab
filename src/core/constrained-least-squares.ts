/** A linear inequality on the parameters: Σ coefficients[j]·θ[j] ≥ min. */
export interface LinearConstraint {
  coefficients: readonly number[];
  min: number;
}

/** Solves A·x = r for a small dense system by Gaussian elimination with partial pivoting. */
export function solveDense(a: readonly (readonly number[])[], r: readonly number[]): number[] | undefined {
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
    let s = line[n] as number;
    for (let j = row + 1; j < n; j++) s -= (line[j] as number) * (x[j] as number);
    x[row] = s / (line[row] as number);
  }
  return x;
}

const TOLERANCE = 1e-9;

/**
 * Weighted least squares min Σ wᵢ(rowsᵢ·θ − yᵢ)² subject to linear inequalities, exactly, by trying
 * every set of active constraints (each held as an equality through the KKT system) and keeping the
 * feasible solution with the smallest weighted error — fine for the handful of parameters and
 * constraints a calibration has (2^k systems of size p + |active|). Columns are scaled to unit weighted
 * norm first so seconds, tokens and tokens² are conditioned alike. Undefined when the unconstrained
 * problem is (nearly) rank deficient — the data cannot tell the parameters apart — or no active set
 * gives a feasible point.
 */
export function constrainedLeastSquares(
  rows: readonly (readonly number[])[],
  ys: readonly number[],
  weights: readonly number[],
  constraints: readonly LinearConstraint[],
): number[] | undefined {
  const p = rows[0]?.length ?? 0;
  if (p === 0 || rows.length < p) return undefined;
  const norms = Array.from({ length: p }, (_, j) =>
    Math.sqrt(rows.reduce((s, row, i) => s + (weights[i] as number) * (row[j] as number) ** 2, 0)),
  );
  if (!norms.every((v) => v > 0 && Number.isFinite(v))) return undefined;
  const ata = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const aty = new Array<number>(p).fill(0);
  rows.forEach((row, i) => {
    const w = weights[i] as number;
    for (let j = 0; j < p; j++) {
      const sj = (row[j] as number) / (norms[j] as number);
      aty[j] = (aty[j] as number) + w * sj * (ys[i] as number);
      const line = ata[j] as number[];
      for (let l = 0; l < p; l++)
        line[l] = (line[l] as number) + (w * sj * (row[l] as number)) / (norms[l] as number);
    }
  });
  if (!solveDense(ata, aty)) return undefined;
  const scaled = constraints.map((c) => ({
    coefficients: c.coefficients.map((v, j) => v / (norms[j] as number)),
    min: c.min,
  }));
  const error = (theta: readonly number[]) => {
    // ‖Aθ − y‖² up to the constant yᵀy: θᵀAᵀAθ − 2θᵀAᵀy.
    let s = 0;
    for (let j = 0; j < p; j++) {
      let q = 0;
      for (let l = 0; l < p; l++) q += ((ata[j] as number[])[l] as number) * (theta[l] as number);
      s += (theta[j] as number) * (q - 2 * (aty[j] as number));
    }
    return s;
  };
  const feasible = (theta: readonly number[]) =>
    scaled.every((c) => {
      const v = c.coefficients.reduce((s, a, j) => s + a * (theta[j] as number), 0);
      return v >= c.min - TOLERANCE * Math.max(1, Math.abs(c.min));
    });
  let best: number[] | undefined;
  let bestError = Number.POSITIVE_INFINITY;
  for (let mask = 0; mask < 1 << scaled.length; mask++) {
    const active = scaled.filter((_, k) => (mask >> k) & 1);
    if (active.length > p) continue;
    const size = p + active.length;
    const kkt = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const rhs = new Array<number>(size).fill(0);
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < p; l++) (kkt[j] as number[])[l] = (ata[j] as number[])[l] as number;
      rhs[j] = aty[j] as number;
    }
    active.forEach((c, k) => {
      for (let j = 0; j < p; j++) {
        (kkt[p + k] as number[])[j] = c.coefficients[j] as number;
        (kkt[j] as number[])[p + k] = c.coefficients[j] as number;
      }
      rhs[p + k] = c.min;
    });
    const solved = solveDense(kkt, rhs);
    if (!solved?.every(Number.isFinite)) continue;
    const theta = solved.slice(0, p);
    if (!feasible(theta)) continue;
    const e = error(theta);
    if (e < bestError) {
      bestError = e;
      best = theta;
    }
  }
  return best?.map((v, j) => v / (norms[j] as number));
}
