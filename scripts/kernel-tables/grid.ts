/**
 * Dense columnar grids for data/v1/kernels/<gpu>.json: sorted axis values and a flat, row-major array
 * of latencies in microseconds (4 significant digits: "12.34" instead of "0.00001234", well inside
 * the run-to-run noise), `null` where the shape was not measured. The parser converts to seconds.
 */

export function toMicroseconds(seconds: number): number {
  return Number((seconds * 1e6).toPrecision(4));
}

export function sortedAxis(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Flattens `points` onto the grid spanned by `axes` (row-major, last axis fastest). Duplicate points keep
 * the smallest latency (the faster kernel, as an engine's autotuner would pick).
 */
export function flattenGrid(
  axes: readonly (readonly number[])[],
  points: readonly { at: readonly number[]; seconds: number }[],
): (number | null)[] {
  const size = axes.reduce((n, axis) => n * axis.length, 1);
  const values: (number | null)[] = new Array(size).fill(null);
  const indexOf = axes.map((axis) => new Map(axis.map((v, i) => [v, i])));
  for (const point of points) {
    let flat = 0;
    for (let d = 0; d < axes.length; d++) {
      const i = indexOf[d]?.get(point.at[d] ?? Number.NaN);
      if (i === undefined) throw new Error(`point ${point.at.join('×')} is off the grid`);
      flat = flat * (axes[d]?.length ?? 0) + i;
    }
    const previous = values[flat];
    const seconds = toMicroseconds(point.seconds);
    values[flat] = previous === null || previous === undefined ? seconds : Math.min(previous, seconds);
  }
  return values;
}
