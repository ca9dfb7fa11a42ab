/**
 * Lookups in measured per-operator kernel tables: log-log multilinear interpolation between the
 * bracketing grid points, clamping below an axis and scaling past its top, flagged as extrapolated.
 */

/** Measured attention latency of one head configuration over (batch, tokens), row-major by batch. */
export interface AttentionTable {
  heads: number;
  kvHeads: number;
  headDim: number;
  batch: number[];
  /** Prefill: prompt tokens. Decode: KV length (context) including the new token. */
  tokens: number[];
  /** `seconds[b * tokens.length + t]`, null where not measured. */
  seconds: (number | null)[];
}

/**
 * One GPU's measured bf16 kernel latencies (data/v1/kernels/<gpu>.json, from AIConfigurator's vLLM
 * kernel database): all axes sorted ascending, latencies in seconds.
 */
export interface KernelTables {
  gpuId: string;
  /** `seconds[(im * n.length + in) * k.length + ik]`, null where not measured. */
  gemm: { m: number[]; n: number[]; k: number[]; seconds: (number | null)[] };
  prefillAttention: AttentionTable[];
  decodeAttention: AttentionTable[];
  /** Per GPU count: one all-reduce of `bytes` (ascending). */
  allReduce: { gpus: number; bytes: number[]; seconds: number[] }[];
}

/** Where `x` falls on a sorted axis: the bracketing indices and the log-space weight of `hi`. */
interface Bracket {
  lo: number;
  hi: number;
  t: number;
  below: boolean;
  above: boolean;
}

function bracket(axis: readonly number[], x: number): Bracket {
  const last = axis.length - 1;
  const first = axis[0] ?? x;
  const top = axis[last] ?? x;
  if (x <= first) return { lo: 0, hi: 0, t: 0, below: x < first, above: false };
  if (x >= top) return { lo: last, hi: last, t: 0, below: false, above: x > top };
  let lo = 0;
  while ((axis[lo + 1] ?? Number.POSITIVE_INFINITY) <= x) lo++;
  const a = axis[lo] ?? x;
  const b = axis[lo + 1] ?? x;
  return { lo, hi: lo + 1, t: a === x ? 0 : Math.log(x / a) / Math.log(b / a), below: false, above: false };
}

/** Geometric interpolation: linear in log(value) between two measured values. */
function logLerp(a: number, b: number, t: number): number {
  return t === 0 ? a : Math.exp((1 - t) * Math.log(a) + t * Math.log(b));
}

/** An interpolated latency and whether some axis left the measured grid to get it. */
interface Lookup {
  seconds: number;
  extrapolated: boolean;
}

/**
 * Interpolates over the outer axis (GEMM m, attention batch) between rows `row(i)` (each interpolated
 * over the inner axes). Past the largest row, or where a bracketing row has unmeasured corners, the
 * time scales linearly from the largest complete row below `x` (flagged extrapolated).
 */
function interpolateRows(
  axis: readonly number[],
  x: number,
  row: (i: number) => Lookup | undefined,
): Lookup | undefined {
  const b = bracket(axis, x);
  const lo = row(b.lo);
  const hi = b.hi === b.lo ? lo : row(b.hi);
  if (lo && hi && !b.above) {
    return {
      seconds: logLerp(lo.seconds, hi.seconds, b.t),
      extrapolated: b.below || lo.extrapolated || hi.extrapolated,
    };
  }
  for (let i = b.lo; i >= 0; i--) {
    const found = row(i);
    const at = axis[i];
    if (found && at !== undefined) return { seconds: (found.seconds * x) / at, extrapolated: true };
  }
  return undefined;
}

/**
 * Multilinear interpolation in log space over the inner axes at one outer index: `value(corner)` reads
 * the table. Below an axis the value is clamped; above it scales as (x / max)^power[axis].
 */
function interpolateCorners(
  brackets: readonly Bracket[],
  xs: readonly number[],
  axes: readonly (readonly number[])[],
  powers: readonly number[],
  value: (indices: readonly number[]) => number | null | undefined,
): Lookup | undefined {
  let logSum = 0;
  let only: number | undefined;
  let used = 0;
  const corners = 1 << brackets.length;
  for (let c = 0; c < corners; c++) {
    let weight = 1;
    const indices: number[] = [];
    brackets.forEach((b, d) => {
      const useHi = (c >> d) & 1;
      weight *= useHi ? b.t : 1 - b.t;
      indices.push(useHi ? b.hi : b.lo);
    });
    if (weight === 0) continue;
    const v = value(indices);
    if (v === null || v === undefined || !(v > 0)) return undefined;
    logSum += weight * Math.log(v);
    only = v;
    used++;
  }
  let scale = 1;
  brackets.forEach((b, d) => {
    const axis = axes[d] ?? [];
    const top = axis[axis.length - 1] ?? 1;
    if (b.above) scale *= ((xs[d] ?? top) / top) ** (powers[d] ?? 1);
  });
  // On a grid point the measured value comes back exactly (exp∘log would round it).
  const seconds = used === 1 && only !== undefined ? only : Math.exp(logSum);
  return { seconds: seconds * scale, extrapolated: brackets.some((b) => b.below || b.above) };
}

/** A GEMM's latency from the (m, n, k) grid. */
export function gemmLookup(table: KernelTables['gemm'], m: number, n: number, k: number): Lookup | undefined {
  const nb = bracket(table.n, n);
  const kb = bracket(table.k, k);
  const kLen = table.k.length;
  const nLen = table.n.length;
  return interpolateRows(table.m, m, (im) =>
    interpolateCorners(
      [nb, kb],
      [n, k],
      [table.n, table.k],
      [1, 1],
      ([inI = 0, ikI = 0]) => table.seconds[(im * nLen + inI) * kLen + ikI],
    ),
  );
}

/** An attention kernel's latency from one head configuration's (batch, tokens) grid. */
export function attentionLookup(
  table: AttentionTable,
  batch: number,
  tokens: number,
  tokensPower: number,
): Lookup | undefined {
  const tb = bracket(table.tokens, tokens);
  const tLen = table.tokens.length;
  return interpolateRows(table.batch, batch, (ib) =>
    interpolateCorners(
      [tb],
      [tokens],
      [table.tokens],
      [tokensPower],
      ([it = 0]) => table.seconds[ib * tLen + it],
    ),
  );
}

/** One all-reduce of `bytes` over `gpus` GPUs, or undefined when that GPU count was not measured. */
export function allReduceLookup(tables: KernelTables, gpus: number, bytes: number): Lookup | undefined {
  const table = tables.allReduce.find((t) => t.gpus === gpus);
  if (!table || table.bytes.length === 0) return undefined;
  const b = bracket(table.bytes, bytes);
  return interpolateCorners([b], [bytes], [table.bytes], [1], ([i = 0]) => table.seconds[i]);
}
