import { describe, expect, it } from 'vitest';
import { nnls } from './nnls.js';

describe('nnls', () => {
  it('recovers exact non-negative coefficients', () => {
    const rows = [
      [1, 1],
      [1, 2],
      [1, 3],
    ];
    const x = nnls(rows, [3, 5, 7]); // y = 1 + 2·t
    expect(x[0]).toBeCloseTo(1, 9);
    expect(x[1]).toBeCloseTo(2, 9);
  });

  it('clamps a coefficient that least squares would make negative to 0 and refits the rest', () => {
    // y = 4 − t: OLS gives intercept 4, slope −1; NNLS keeps the intercept only, at the mean 2.
    const x = nnls(
      [
        [1, 1],
        [1, 2],
        [1, 3],
      ],
      [3, 2, 1],
    );
    expect(x[0]).toBeCloseTo(2, 9);
    expect(x[1]).toBe(0);
  });
});
