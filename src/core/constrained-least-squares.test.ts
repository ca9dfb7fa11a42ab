import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constrainedLeastSquares } from './constrained-least-squares.js';

const line = (xs: number[], ys: number[]) => ({ rows: xs.map((x) => [1, x]), ys, weights: xs.map(() => 1) });

describe('constrainedLeastSquares', () => {
  it('without constraints is ordinary least squares: y = 1 + 2x through three exact points', () => {
    const { rows, ys, weights } = line([0, 1, 2], [1, 3, 5]);
    const [a, b] = constrainedLeastSquares(rows, ys, weights, []) as number[];
    expect(a).toBeCloseTo(1, 12);
    expect(b).toBeCloseTo(2, 12);
  });

  it('holds a violated bound as an equality: slope ≥ 0 on falling points (1,3),(2,1) gives slope 0, mean 2', () => {
    // Unconstrained: y = 5 − 2x. With b ≥ 0 the best flat line is the mean, y = 2.
    const { rows, ys, weights } = line([1, 2], [3, 1]);
    const [a, b] = constrainedLeastSquares(rows, ys, weights, [{ coefficients: [0, 1], min: 0 }]) as number[];
    expect(b).toBeCloseTo(0, 12);
    expect(a).toBeCloseTo(2, 12);
  });

  it('leaves a satisfied constraint alone', () => {
    const { rows, ys, weights } = line([0, 1, 2], [1, 3, 5]);
    const [a, b] = constrainedLeastSquares(rows, ys, weights, [
      { coefficients: [0, 1], min: 0 },
      { coefficients: [1, 0], min: -10 },
    ]) as number[];
    expect(a).toBeCloseTo(1, 12);
    expect(b).toBeCloseTo(2, 12);
  });

  it('refuses data that cannot tell the parameters apart (one x value for a line)', () => {
    const { rows, ys, weights } = line([3, 3, 3], [1, 2, 3]);
    expect(constrainedLeastSquares(rows, ys, weights, [])).toBeUndefined();
  });

  it('property: the answer satisfies every constraint and no feasible perturbation fits better', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 100, noNaN: true }),
            fc.double({ min: -50, max: 50, noNaN: true }),
          ),
          {
            minLength: 3,
            maxLength: 20,
          },
        ),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (points, floor) => {
          const xs = points.map((p) => p[0]);
          if (Math.max(...xs) - Math.min(...xs) < 1) return;
          const { rows, ys, weights } = line(
            xs,
            points.map((p) => p[1]),
          );
          const constraints = [
            { coefficients: [0, 1], min: 0 },
            { coefficients: [1, 1], min: floor },
          ];
          const theta = constrainedLeastSquares(rows, ys, weights, constraints);
          expect(theta).toBeDefined();
          const [a, b] = theta as [number, number];
          expect(b).toBeGreaterThanOrEqual(-1e-9);
          expect(a + b).toBeGreaterThanOrEqual(floor - 1e-7);
          const sse = (p: number, q: number) =>
            rows.reduce((s, r, i) => s + (p + q * (r[1] as number) - (ys[i] as number)) ** 2, 0);
          const base = sse(a, b);
          for (const [da, db] of [
            [0.01, 0],
            [-0.01, 0],
            [0, 0.001],
            [0.001, -0.001],
          ] as const) {
            const pa = a + (da as number);
            const pb = b + (db as number);
            if (pb < 0 || pa + pb < floor) continue;
            expect(sse(pa, pb)).toBeGreaterThanOrEqual(base - 1e-6 * Math.max(1, base));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
