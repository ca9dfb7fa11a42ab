import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUND, TOY } from './fixtures/flexgen.js';
import { flexgenBatchTimes } from './flexgen-cost-model.js';
import { flexgenPeakMemory } from './flexgen-peak-memory.js';
import { flexgenPolicyFits, searchFlexgenPolicy } from './flexgen-policy-search.js';

const GPU_FULL = flexgenPeakMemory(TOY, {
  weightsGpuFraction: 1,
  cacheGpuFraction: 1,
  activationsGpuFraction: 1,
}).gpuBytes;
const KV_BYTES = 7.104e6;

describe('searchFlexgenPolicy', () => {
  it('keeps the whole cache on the GPU when it fits', () => {
    expect(searchFlexgenPolicy(TOY, ROUND, { gpuBytes: GPU_FULL, cpuBytes: 1e12 })?.cacheGpuFraction).toBe(1);
  });

  it('offloads the smallest whole percent that fits when CPU attention only adds time', () => {
    // 30 % of the KV short on the GPU: 70 % stays
    const policy = searchFlexgenPolicy(TOY, ROUND, { gpuBytes: GPU_FULL - 0.3 * KV_BYTES, cpuBytes: 1e12 });
    expect(policy).toEqual({ weightsGpuFraction: 1, cacheGpuFraction: 0.7, activationsGpuFraction: 1 });
  });

  it('has no policy when even an all-CPU cache does not fit', () => {
    expect(
      searchFlexgenPolicy(TOY, ROUND, { gpuBytes: GPU_FULL - 2 * KV_BYTES, cpuBytes: 1e12 }),
    ).toBeUndefined();
  });

  it('returns a policy that fits and is no slower than any other percentage that fits', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        (g, c) => {
          const limits = { gpuBytes: GPU_FULL - g * KV_BYTES, cpuBytes: 40_000 + c * KV_BYTES };
          const best = searchFlexgenPolicy(TOY, ROUND, limits);
          const total = (cacheGpuFraction: number) => {
            const t = flexgenBatchTimes(
              TOY,
              { weightsGpuFraction: 1, cacheGpuFraction, activationsGpuFraction: 1 },
              ROUND,
            );
            return t.prefillSeconds + t.decodeSeconds;
          };
          for (let p = 0; p <= 100; p++) {
            const policy = { weightsGpuFraction: 1, cacheGpuFraction: p / 100, activationsGpuFraction: 1 };
            if (!flexgenPolicyFits(TOY, policy, limits)) continue;
            expect(best).toBeDefined();
            if (best) expect(total(best.cacheGpuFraction)).toBeLessThanOrEqual(total(p / 100));
          }
          if (best) expect(flexgenPolicyFits(TOY, best, limits)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});
