import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CapacityMixProblem,
  capacityMixCost,
  cheapestCapacityMix,
  fullyReservedBaseline,
} from './capacity-mix.js';

/** Three one-hour windows needing 1, 3 and 1 replicas; reserved $2/h, on-demand $3/h. */
const threeHours: CapacityMixProblem = {
  windows: [
    { seconds: 3600, replicas: 1 },
    { seconds: 3600, replicas: 3 },
    { seconds: 3600, replicas: 1 },
  ],
  reservedUsdPerReplicaHour: 2,
  onDemandUsdPerReplicaHour: 3,
  scaleUpSeconds: 0,
  batchReplicaSeconds: 0,
  batchUsdPerReplicaSecond: 0,
};

describe('capacity mix: reserved baseline, on-demand burst, batch on idle reserved or elsewhere', () => {
  it('hand-worked: baseline 1 costs 1×3 h×$2 + 2 on-demand h×$3 = $12, below b=0 ($15), b=2 ($15) and b=3 ($18)', () => {
    expect([0, 1, 2, 3].map((b) => capacityMixCost(threeHours, b).totalUsd)).toEqual([15, 12, 15, 18]);
    const { best, candidates } = cheapestCapacityMix(threeHours);
    expect(best.reservedReplicas).toBe(1);
    expect(best.onDemandReplicas).toEqual([0, 2, 0]);
    expect(best.totalUsd).toBe(12);
    expect(candidates).toBe(4);
  });

  it('bills each on-demand replica started over the previous window for the scale-up delay (6 min: b=1 → 2.2 h × $3 + $6)', () => {
    const p = { ...threeHours, scaleUpSeconds: 360 };
    expect(capacityMixCost(p, 0).onDemandReplicaHours).toBeCloseTo(5.3, 12); // starts: 1 + 2 + 0
    expect(capacityMixCost(p, 1).totalUsd).toBeCloseTo(12.6, 12);
    expect(cheapestCapacityMix(p).best.reservedReplicas).toBe(1);
  });

  it('runs batch work on idle reserved replicas first: 2 replica-hours fit b=2 (slack 1 + 0 + 1 h) for free', () => {
    const p = { ...threeHours, batchReplicaSeconds: 7200, batchUsdPerReplicaSecond: 1 / 3600 };
    const two = capacityMixCost(p, 2);
    expect(two.batchOnReservedReplicaSeconds).toBe(7200);
    expect(two.batchUsd).toBe(0);
    // At $1 per replica-hour elsewhere b=1 stays cheapest ($12 + $2); at $2.5 the larger baseline wins.
    expect(cheapestCapacityMix(p).best).toMatchObject({ reservedReplicas: 1, totalUsd: 14 });
    const dear = { ...p, batchUsdPerReplicaSecond: 2.5 / 3600 };
    expect(cheapestCapacityMix(dear).best).toMatchObject({ reservedReplicas: 2, totalUsd: 15 });
  });

  it('bounds the search at the smallest baseline with no burst whose idle time holds the batch work', () => {
    expect(fullyReservedBaseline(threeHours)).toBe(3);
    // 10 replica-hours of batch: slack at b=3 is 4 h, at b=4 7 h, at b=5 10 h.
    expect(fullyReservedBaseline({ ...threeHours, batchReplicaSeconds: 36_000 })).toBe(5);
    expect(fullyReservedBaseline({ ...threeHours, windows: [] })).toBe(0);
  });

  const problems = fc
    .record({
      windows: fc.array(
        fc.record({ seconds: fc.integer({ min: 60, max: 7200 }), replicas: fc.integer({ min: 0, max: 12 }) }),
        { minLength: 1, maxLength: 30 },
      ),
      reservedUsdPerReplicaHour: fc.double({ min: 0.1, max: 10, noNaN: true }),
      onDemandUsdPerReplicaHour: fc.double({ min: 0.1, max: 10, noNaN: true }),
      scaleUpSeconds: fc.integer({ min: 0, max: 600 }),
      batchReplicaSeconds: fc.integer({ min: 0, max: 200_000 }),
      batchShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ batchShare, ...p }) => ({
      ...p,
      // Batch elsewhere never dearer than on-demand (the use case passes the cheaper of spot and on-demand).
      batchUsdPerReplicaSecond: (batchShare * p.onDemandUsdPerReplicaHour) / 3600,
    }));

  it('property: the search is exact — no baseline up to the bound + 5 is cheaper', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const { best } = cheapestCapacityMix(p);
        const upper = fullyReservedBaseline(p) + 5;
        for (let b = 0; b <= upper; b++)
          expect(best.totalUsd).toBeLessThanOrEqual(capacityMixCost(p, b).totalUsd + 1e-9 * best.totalUsd);
      }),
      { numRuns: 200 },
    );
  });

  it('property: the mix costs no more than all on-demand nor all reserved, and every window has the replicas it needs', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const { best } = cheapestCapacityMix(p);
        const allOnDemand = capacityMixCost(
          { ...p, batchUsdPerReplicaSecond: p.onDemandUsdPerReplicaHour / 3600 },
          0,
        );
        const allReserved = capacityMixCost(p, fullyReservedBaseline(p));
        const slack = 1e-9 * Math.max(1, allOnDemand.totalUsd);
        expect(best.totalUsd).toBeLessThanOrEqual(allOnDemand.totalUsd + slack);
        expect(best.totalUsd).toBeLessThanOrEqual(allReserved.totalUsd + slack);
        p.windows.forEach((w, k) => {
          expect(best.reservedReplicas + (best.onDemandReplicas[k] as number)).toBeGreaterThanOrEqual(
            w.replicas,
          );
        });
        expect(best.batchOnReservedReplicaSeconds + best.batchElsewhereReplicaSeconds).toBeCloseTo(
          p.batchReplicaSeconds,
          6,
        );
      }),
      { numRuns: 200 },
    );
  });
});
