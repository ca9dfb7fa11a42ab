import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../adapters/solver/highs-milp-solver.js';
import {
  type FleetMixProblem,
  fleetMixModel,
  singleTypeFleets,
  solveFleetMix,
  unservableBuckets,
} from './fleet-mix.js';
import { milpViolations } from './milp.js';

const solver = await loadHighsSolver();

/**
 * Mélange's example input, melange/config/example.json of tyler-griggs/melange-release at commit
 * ebba701bc71397a360d1e6f58eeb2a49b65b07d6: two GPU types with $/h and max throughputs (req/s) per
 * (input-size row, output-size column) bucket, a 2×2 workload distribution, 30 req/s, slice factor 1.
 * Mélange's solver answers A10G × 3 + A100-80GB × 1 = $6.70/h for it.
 */
const MELANGE_EXAMPLE = {
  gpu_info: {
    A10G: {
      cost: 1.01,
      tputs: [
        [2, 1],
        [5, 2],
      ],
    },
    'A100-80GB': {
      cost: 3.67,
      tputs: [
        [20, 20],
        [40, 20],
      ],
    },
  },
  workload_distribution: [
    [0.2, 0.1],
    [0.5, 0.2],
  ],
  total_request_rate: 30.0,
  slice_factor: 1,
} as const;

/** The example as a FleetMixProblem: buckets row-major (input row i, output column j). */
function melangeProblem(sliceFactor?: number): FleetMixProblem {
  const e = MELANGE_EXAMPLE;
  const types = Object.entries(e.gpu_info).map(([id, g]) => ({ id, usdPerHour: g.cost }));
  const buckets = e.workload_distribution.flatMap((row, i) =>
    row.map((share, j) => ({ id: `${i},${j}`, requestsPerSecond: share * e.total_request_rate })),
  );
  const capacity = Object.values(e.gpu_info).map((g) => g.tputs.flatMap((row) => [...row]));
  return { types, buckets, capacity, ...(sliceFactor !== undefined ? { sliceFactor } : {}) };
}

/** Every assignment of whole buckets to types (slice factor 1), each type rounded up: the exact optimum. */
function bruteForce(p: FleetMixProblem): { usdPerHour: number; counts: number[] } {
  const live = p.buckets.map((b, bi) => ({ b, bi })).filter(({ b }) => b.requestsPerSecond > 0);
  let best = { usdPerHour: Number.POSITIVE_INFINITY, counts: [] as number[] };
  const total = p.types.length ** live.length;
  for (let code = 0; code < total; code++) {
    const load = p.types.map(() => 0);
    let c = code;
    let feasible = true;
    for (const { b, bi } of live) {
      const ti = c % p.types.length;
      c = Math.floor(c / p.types.length);
      const cap = p.capacity[ti]?.[bi] ?? 0;
      if (!(cap > 0)) feasible = false;
      else load[ti] = (load[ti] as number) + b.requestsPerSecond / cap;
    }
    if (!feasible) continue;
    const counts = load.map((l) => Math.ceil(l - 1e-9));
    const usd = counts.reduce((s, n, ti) => s + n * (p.types[ti]?.usdPerHour ?? 0), 0);
    if (usd < best.usdPerHour - 1e-9) best = { usdPerHour: usd, counts };
  }
  return best;
}

describe('fleet mix MILP', () => {
  it('reproduces Mélange’s example: A10G × 3 + A100-80GB × 1 at $6.70/h with slice factor 1', () => {
    const p = melangeProblem(1);
    const out = solveFleetMix(p, solver);
    expect(out.status).toBe('optimal');
    if (out.status !== 'optimal') return;
    expect(out.mix.counts.map((c) => [c.type, c.count])).toEqual([
      ['A10G', 3],
      ['A100-80GB', 1],
    ]);
    expect(out.mix.usdPerHour).toBeCloseTo(6.7, 9);
    // Hand check: bucket rates 6, 3, 15, 6 req/s; on an A10G each is exactly 3 instances' worth
    // (6/2, 3/1, 15/5, 6/2), on an A100 0.3, 0.15, 0.375, 0.3. One bucket on 3 A10Gs and the other three
    // on one A100 (load ≤ 0.825): 3 × 1.01 + 3.67 = 6.70; all on A100s needs 2 (load 1.125): 7.34.
    expect(bruteForce(p)).toEqual({ usdPerHour: 3 * 1.01 + 3.67, counts: [3, 1] });
    expect(singleTypeFleets(p)[0]).toEqual({ type: 'A100-80GB', count: 2, usdPerHour: 7.34 });
  });

  it('splitting buckets freely is never dearer than whole buckets (here it saves nothing)', () => {
    const free = solveFleetMix(melangeProblem(), solver);
    expect(free.status).toBe('optimal');
    if (free.status === 'optimal') expect(free.mix.usdPerHour).toBeLessThanOrEqual(6.7 + 1e-9);
  });

  it('serves every bucket fully and keeps each type’s load within its instances', () => {
    const out = solveFleetMix(melangeProblem(), solver);
    if (out.status !== 'optimal') throw new Error(out.status);
    const served = new Map<string, number>();
    for (const s of out.mix.shares) served.set(s.bucket, (served.get(s.bucket) ?? 0) + s.share);
    for (const b of ['0,0', '0,1', '1,0', '1,1']) expect(served.get(b)).toBeCloseTo(1, 9);
    for (const c of out.mix.counts) expect(c.load).toBeLessThanOrEqual(c.count + 1e-9);
  });

  it('names buckets no type can serve, and the solver finds no fleet for them', () => {
    const p: FleetMixProblem = {
      types: [{ id: 'small', usdPerHour: 1 }],
      buckets: [
        { id: 'short', requestsPerSecond: 1 },
        { id: 'long', requestsPerSecond: 1 },
      ],
      capacity: [[2, 0]],
    };
    expect(unservableBuckets(p)).toEqual(['long']);
    expect(solveFleetMix(p, solver).status).toBe('infeasible');
  });

  it('rejects a slice factor that is not a whole number ≥ 1', () => {
    expect(() => fleetMixModel(melangeProblem(0))).toThrow(RangeError);
    expect(() => fleetMixModel({ ...melangeProblem(), sliceFactor: 1.5 })).toThrow(RangeError);
  });

  const problems = fc
    .record({
      types: fc.integer({ min: 1, max: 3 }),
      buckets: fc.integer({ min: 1, max: 4 }),
      seed: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 24, maxLength: 24 }),
      prices: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 3, maxLength: 3 }),
    })
    .map(
      ({ types, buckets, seed, prices }): FleetMixProblem => ({
        types: Array.from({ length: types }, (_, t) => ({
          id: `t${t}`,
          usdPerHour: (prices[t] as number) / 10,
        })),
        buckets: Array.from({ length: buckets }, (_, b) => ({
          id: `b${b}`,
          requestsPerSecond: ((seed[b] as number) % 13) + 0.5,
        })),
        capacity: Array.from({ length: types }, (_, t) =>
          Array.from({ length: buckets }, (_, b) => (seed[4 + t * 4 + b] as number) / 4),
        ),
      }),
    );

  it('with slice factor 1 equals brute force over every bucket-to-type assignment', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const sliced = { ...p, sliceFactor: 1 };
        const brute = bruteForce(sliced);
        const out = solveFleetMix(sliced, solver);
        if (!Number.isFinite(brute.usdPerHour)) return out.status === 'infeasible';
        return out.status === 'optimal' && Math.abs(out.mix.usdPerHour - brute.usdPerHour) < 1e-6;
      }),
      { numRuns: 60 },
    );
  });

  it('is never dearer than the best single type, and its solution satisfies the model', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const out = solveFleetMix(p, solver);
        const single = singleTypeFleets(p)[0];
        if (out.status !== 'optimal') return single === undefined;
        const model = fleetMixModel(p);
        return (
          milpViolations(model, out.solution.values).length === 0 &&
          (single === undefined || out.mix.usdPerHour <= single.usdPerHour + 1e-9)
        );
      }),
      { numRuns: 60 },
    );
  });
});
