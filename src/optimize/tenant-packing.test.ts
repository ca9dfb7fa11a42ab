import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../adapters/solver/highs-milp-solver.js';
import { validMigLayouts } from '../core/mig-geometry.js';
import type { MigGpu, MigProfile } from '../core/mig-profile.js';
import { milpViolations } from './milp.js';
import { type GpuLayout, type PackingProblem, packingModel, packTenants } from './tenant-packing.js';

const solver = await loadHighsSolver();

const profile = (
  name: string,
  computeSlices: number,
  startSlices: number[],
  sizeSlices: number,
  max: number,
): MigProfile => ({
  name,
  computeSlices,
  memorySlices: sizeSlices,
  memoryBytes: sizeSlices * 10e9,
  maxInstances: max,
  placement: { startSlices, sizeSlices },
  computeFraction: computeSlices / 7,
  memoryBandwidthFraction: sizeSlices / 8,
  priceShare: Math.max(computeSlices / 7, sizeSlices / 8),
  estimated: [],
  sources: [{ title: 'fixture' }],
});

/** An A100-shaped fixture with three profiles: seven 1g, two 3g, one 7g. */
const fixtureGpu: MigGpu = {
  gpuId: 'G',
  totalComputeSlices: 7,
  totalMemorySlices: 8,
  profiles: [
    profile('1g', 1, [0, 1, 2, 3, 4, 5, 6], 1, 7),
    profile('3g', 3, [0, 4], 4, 2),
    profile('7g', 7, [0], 8, 1),
  ],
  knownValidLayouts: [],
  sources: [{ title: 'fixture' }],
};
const OPTIONS = ['whole', '1g', '3g', '7g'] as const;
const layouts: GpuLayout[] = [
  { name: 'whole', profiles: {}, whole: true },
  ...validMigLayouts(fixtureGpu).map((profiles) => ({
    name: JSON.stringify(profiles),
    profiles,
    whole: false,
  })),
];

/** Fewest GPUs by exhaustive search: every replica vector per tenant, then the fewest layouts covering the slices. */
function bruteForceGpus(rates: number[], caps: number[][]): number {
  const migLayouts = layouts
    .filter((l) => !l.whole)
    .map((l) => [l.profiles['1g'] ?? 0, l.profiles['3g'] ?? 0, l.profiles['7g'] ?? 0]);
  const memo = new Map<string, number>();
  const cover = (c: number[]): number => {
    if (c.every((x) => x <= 0)) return 0;
    const key = c.join(',');
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let best = Number.POSITIVE_INFINITY;
    for (const l of migLayouts) {
      if (!l.some((x, k) => x > 0 && (c[k] as number) > 0)) continue;
      best = Math.min(best, 1 + cover(c.map((x, k) => Math.max(0, x - (l[k] as number)))));
    }
    memo.set(key, best);
    return best;
  };
  const vectors = rates.map((rate, t) => {
    const bounds = OPTIONS.map((_, o) =>
      (caps[t]?.[o] ?? 0) > 0 ? Math.ceil(rate / (caps[t]?.[o] as number)) : 0,
    );
    const out: number[][] = [];
    const walk = (o: number, acc: number[]) => {
      if (o === OPTIONS.length) {
        const served = acc.reduce((s, n, k) => s + n * (caps[t]?.[k] ?? 0), 0);
        if (served >= rate - 1e-9) out.push(acc);
        return;
      }
      for (let n = 0; n <= (bounds[o] as number); n++) walk(o + 1, [...acc, n]);
    };
    walk(0, []);
    return out;
  });
  let best = Number.POSITIVE_INFINITY;
  const combine = (t: number, total: number[]) => {
    if (t === vectors.length) {
      best = Math.min(best, (total[0] as number) + cover(total.slice(1)));
      return;
    }
    for (const v of vectors[t] as number[][])
      combine(
        t + 1,
        total.map((x, k) => x + (v[k] as number)),
      );
  };
  combine(0, [0, 0, 0, 0]);
  return best;
}

function problem(rates: number[], caps: number[][]): PackingProblem {
  return {
    objective: 'gpus',
    gpuTypes: [{ id: 'G', usdPerHour: 2, layouts }],
    tenants: rates.map((rate, t) => ({
      name: `t${t}`,
      requestsPerSecond: rate,
      capacity: OPTIONS.map((o, k) => ({
        option: { gpu: 'G', profile: o === 'whole' ? null : o },
        requestsPerSecond: caps[t]?.[k] ?? 0,
      })),
    })),
  };
}

describe('multi-tenant packing MILP', () => {
  it('puts two light tenants on one GPU as MIG slices, and gives two heavy ones whole GPUs', () => {
    // capacities (req/s) per replica: whole, 1g, 3g, 7g
    const caps = [
      [6, 0.8, 2.5, 5.5],
      [7, 1, 3, 6.4],
    ];
    const light = packTenants(problem([0.5, 0.6], caps), solver);
    expect(light.status).toBe('optimal');
    if (light.status !== 'optimal') return;
    expect(light.plan.gpuCount).toBe(1);
    expect(light.plan.replicas.every((r) => r.option.profile !== null)).toBe(true);
    const heavy = packTenants(problem([11, 13], caps), solver);
    expect(heavy.status).toBe('optimal');
    if (heavy.status !== 'optimal') return;
    expect(heavy.plan.gpuCount).toBe(4);
    expect(heavy.plan.gpus).toEqual([{ gpu: 'G', layout: 'whole', count: 4 }]);
  });

  it('is proven optimal and equals the exhaustive search on random small cases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 4, noNaN: true }), { minLength: 1, maxLength: 2 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 1, max: 3, noNaN: true }),
            fc.double({ min: 0.1, max: 0.5, noNaN: true }),
            fc.double({ min: 0.5, max: 1.5, noNaN: true }),
          ),
          {
            minLength: 2,
            maxLength: 2,
          },
        ),
        (rates, shapes) => {
          const caps = shapes.map(([whole, one, three]) => [whole, one, three, whole * 0.9]);
          const p = problem(rates, caps);
          const outcome = packTenants(p, solver);
          expect(outcome.status).toBe('optimal');
          if (outcome.status !== 'optimal') return;
          expect(outcome.provenOptimal).toBe(true);
          expect(milpViolations(packingModel(p), outcome.solution.values)).toEqual([]);
          expect(outcome.plan.gpuCount).toBe(bruteForceGpus(rates, caps));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('says infeasible when a tenant fits nowhere', () => {
    const outcome = packTenants(problem([1], [[0, 0, 0, 0]]), solver);
    expect(outcome.status).toBe('infeasible');
  });
});
