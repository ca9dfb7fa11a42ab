import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concurrencyRamp } from './concurrency-ramp.js';

/** A loop whose throughput saturates at `cap` req/s and whose latency passes up to concurrency `limit`. */
const loop =
  (limit: number, cap = 5) =>
  (c: number) => ({
    concurrency: c,
    requestsPerSecond: Math.min(cap, c / 10),
    meetsSlo: c <= limit,
  });

describe('concurrencyRamp', () => {
  it('finds OASIS Table 1’s last passing concurrency, 87, from 64 in eight runs', () => {
    const r = concurrencyRamp(loop(87), { startConcurrency: 64, maxConcurrency: 512, relativeTolerance: 0 });
    expect(r.probes.map((p) => p.concurrency)).toEqual([64, 128, 96, 80, 88, 84, 86, 87]);
    expect(r.highestPassing).toBe(87);
    expect(r.lowestFailing).toBe(88);
    expect(r.best?.concurrency).toBe(64);
    expect(r.best?.requestsPerSecond).toBe(5);
  });

  it('halves down when the start already misses, and answers nothing when even one request misses', () => {
    const r = concurrencyRamp(loop(3), { startConcurrency: 64, maxConcurrency: 128, relativeTolerance: 0 });
    expect(r.highestPassing).toBe(3);
    expect(r.best?.requestsPerSecond).toBeCloseTo(0.3);
    const none = concurrencyRamp(loop(0), { startConcurrency: 16, maxConcurrency: 32 });
    expect(none.best).toBeUndefined();
    expect(none.highestPassing).toBe(0);
    expect(none.lowestFailing).toBe(1);
  });

  it('stops at the maximum concurrency when every level passes', () => {
    const r = concurrencyRamp(loop(10_000), { startConcurrency: 16, maxConcurrency: 40 });
    expect(r.probes.map((p) => p.concurrency)).toEqual([16, 32, 40]);
    expect(r.lowestFailing).toBeNull();
    expect(r.best?.concurrency).toBe(40);
  });

  it('brackets the threshold within the tolerance, best among passing probes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 512 }),
        (limit, start, max) => {
          const r = concurrencyRamp(loop(limit), { startConcurrency: start, maxConcurrency: max });
          const truth = Math.min(limit, max);
          if (truth === 0) return r.best === undefined;
          const within = r.highestPassing <= truth && truth - r.highestPassing <= Math.max(1, truth * 0.05);
          return within && r.best !== undefined && r.best.concurrency <= truth;
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('concurrencyRampAsync', () => {
  it('probes the same concurrencies as the synchronous search', async () => {
    const { concurrencyRampAsync } = await import('./concurrency-ramp.js');
    const sync = concurrencyRamp(loop(87), { startConcurrency: 64, maxConcurrency: 512 });
    const async = await concurrencyRampAsync(async (c) => loop(87)(c), {
      startConcurrency: 64,
      maxConcurrency: 512,
    });
    expect(async).toEqual(sync);
  });
});
