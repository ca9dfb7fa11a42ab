import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxServiceableRate } from './max-serviceable-rate.js';

/** An M/M/1-like latency curve: 1 / (capacity − rate), infinite past capacity. */
const queue = (capacity: number, sloSeconds: number) => (rate: number) => {
  const latencySeconds = rate < capacity ? 1 / (capacity - rate) : Number.POSITIVE_INFINITY;
  return { requestsPerSecond: rate, latencySeconds, meetsSlo: latencySeconds <= sloSeconds };
};

describe('maxServiceableRate', () => {
  it('finds the rate where 1 / (10 − λ) reaches 2 s, λ = 9.5, within 2 %', () => {
    const r = maxServiceableRate(queue(10, 2), { initialRequestsPerSecond: 1 });
    expect(r.requestsPerSecond).toBeLessThanOrEqual(9.5);
    expect(r.requestsPerSecond).toBeGreaterThan(9.5 / 1.02);
    expect(r.upperBoundRequestsPerSecond).toBeGreaterThan(9.5);
    expect(r.relativeUncertainty).toBeLessThanOrEqual(0.02);
  });

  it('halves down when the first probe already misses', () => {
    const r = maxServiceableRate(queue(10, 2), { initialRequestsPerSecond: 1000 });
    expect(r.requestsPerSecond).toBeGreaterThan(9.3);
  });

  it('answers 0 when no rate meets the SLO, and stops at the ceiling when every rate does', () => {
    expect(
      maxServiceableRate(() => ({ requestsPerSecond: 1, latencySeconds: 99, meetsSlo: false }), {
        initialRequestsPerSecond: 1,
        maxProbes: 12,
      }).requestsPerSecond,
    ).toBe(0);
    const always = maxServiceableRate((r) => ({ requestsPerSecond: r, latencySeconds: 0, meetsSlo: true }), {
      initialRequestsPerSecond: 1,
      ceilingRequestsPerSecond: 64,
    });
    expect(always.requestsPerSecond).toBe(64);
    expect(always.upperBoundRequestsPerSecond).toBe(Number.POSITIVE_INFINITY);
  });

  it('always returns a rate that met the SLO, below one that missed (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (capacity, slo) => {
          const r = maxServiceableRate(queue(capacity, slo), { initialRequestsPerSecond: 1 });
          const ok = r.probes.find((p) => p.requestsPerSecond === r.requestsPerSecond);
          return (
            r.requestsPerSecond === 0 ||
            (ok?.meetsSlo === true && r.requestsPerSecond < r.upperBoundRequestsPerSecond)
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
