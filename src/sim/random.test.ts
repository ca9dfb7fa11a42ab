import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

function moments(draw: () => number, count: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < count; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / count;
  return { mean, variance: sumSquares / count - mean * mean };
}

describe('Random (xoshiro128** seeded by splitmix32)', () => {
  it('seed 42 starts 660444221, 3652823732, 77672526, 910233633, 2297337756, 3786072677 (checked against an independent implementation)', () => {
    const random = new Random(42);
    expect(Array.from({ length: 6 }, () => random.uint32())).toEqual([
      660444221, 3652823732, 77672526, 910233633, 2297337756, 3786072677,
    ]);
  });

  it('seed 42 gives first floats 0.15377165265745885 and 0.018084542542176507 (53 bits from two draws)', () => {
    const random = new Random(42);
    expect([random.float(), random.float()]).toEqual([0.15377165265745885, 0.018084542542176507]);
  });

  it('is the same sequence for the same seed and stream, and a different one otherwise', () => {
    const first = (seed: number, stream?: number) => {
      const r = new Random(seed, stream);
      return [r.uint32(), r.uint32(), r.uint32()];
    };
    expect(first(7)).toEqual(first(7));
    expect(first(7)).toEqual(first(7, 0));
    expect(first(7)).not.toEqual(first(8));
    expect(first(7, 1)).not.toEqual(first(7));
    expect(first(7, 1)).not.toEqual(first(7, 2));
  });

  it('draws floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new Random(1);
    const { mean, variance } = moments(() => random.float(), 200_000);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws integers covering [min, max] inclusive', () => {
    const random = new Random(2);
    const seen = new Set(Array.from({ length: 1000 }, () => random.integer(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws standard normals and unit exponentials with the right mean and variance', () => {
    const random = new Random(3);
    const normal = moments(() => random.normal(), 200_000);
    expect(normal.mean).toBeCloseTo(0, 2);
    expect(normal.variance).toBeCloseTo(1, 1);
    const exponential = moments(() => random.exponential(), 200_000);
    expect(exponential.mean).toBeCloseTo(1, 1);
    expect(exponential.variance).toBeCloseTo(1, 1);
  });

  it('draws gamma variates with mean and variance equal to the shape (Marsaglia–Tsang, and its boost below 1)', () => {
    const random = new Random(4);
    for (const shape of [0.25, 1, 4, 100]) {
      const { mean, variance } = moments(() => random.gamma(shape), 200_000);
      expect(Math.abs(mean / shape - 1), `mean for shape ${shape}`).toBeLessThan(0.02);
      expect(Math.abs(variance / shape - 1), `variance for shape ${shape}`).toBeLessThan(0.05);
    }
  });

  it('rejects a non-integer seed and a non-positive gamma shape', () => {
    expect(() => new Random(1.5)).toThrow(RangeError);
    expect(() => new Random(1).gamma(0)).toThrow(RangeError);
  });
});
