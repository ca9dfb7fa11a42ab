/**
 * Non-negative least squares for a handful of features: min ‖A·x − y‖² subject to x ≥ 0, solved
 * exactly by trying every subset of free features (2^p ordinary least-squares solves; p ≤ 8 here) and
 * keeping the best one whose coefficients are all non-negative. `fixed` features are always free and
 * may be negative.
 */
export function nnls(rows: readonly number[][], y: readonly number[]): number[] {
  const p = rows[0]?.length ?? 0;
  if (p > 10) throw new Error(`nnls: ${p} features is too many for the subset search`);
  let best: { x: number[]; loss: number } | undefined;
  for (let mask = 1; mask < 1 << p; mask++) {
    const cols = [...Array(p).keys()].filter((j) => mask & (1 << j));
    const solved = ols(
      rows.map((r) => cols.map((j) => r[j] as number)),
      y,
    );
    if (!solved || solved.some((v) => v < 0)) continue;
    const x = new Array<number>(p).fill(0);
    cols.forEach((j, i) => {
      x[j] = solved[i] as number;
    });
    const loss = rows.reduce((s, r, i) => s + (dot(r, x) - (y[i] as number)) ** 2, 0);
    if (!best || loss < best.loss) best = { x, loss };
  }
  return best?.x ?? new Array<number>(p).fill(0);
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Ordinary least squares by the normal equations (Gaussian elimination with partial pivoting). */
function ols(rows: readonly number[][], y: readonly number[]): number[] | undefined {
  const p = rows[0]?.length ?? 0;
  const m = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  rows.forEach((r, i) => {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++)
        (m[a] as number[])[b] = ((m[a] as number[])[b] as number) + (r[a] as number) * (r[b] as number);
      (m[a] as number[])[p] = ((m[a] as number[])[p] as number) + (r[a] as number) * (y[i] as number);
    }
  });
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++)
      if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number))
        pivot = r;
    const scale = Math.abs((m[pivot] as number[])[c] as number);
    if (!(scale > 1e-12 * Math.max(1, ...m.map((row) => Math.abs(row[c] as number))))) return undefined;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const rc = m[c] as number[];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const rr = m[r] as number[];
      const f = (rr[c] as number) / (rc[c] as number);
      for (let k = c; k <= p; k++) rr[k] = (rr[k] as number) - f * (rc[k] as number);
    }
  }
  return m.map((row, i) => (row[p] as number) / (row[i] as number));
}
