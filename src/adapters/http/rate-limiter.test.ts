import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('lets a burst through, refuses the next, and refills at perMinute/60 per second', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
    expect([0, 0, 0].map(() => limiter.take('a', 0).ok)).toEqual([true, true, true]);
    // Empty bucket, one token a second: retry in 1 s.
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('a', 999).ok).toBe(false);
    expect(limiter.take('a', 1000).ok).toBe(true);
  });

  it('keeps one bucket per client', () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 });
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(limiter.take('b', 0).ok).toBe(true);
  });

  it('never admits more than burst + elapsed × rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }),
        (perMinute, burst, gaps) => {
          const limiter = new RateLimiter({ perMinute, burst });
          let now = 0;
          let admitted = 0;
          for (const gap of gaps) {
            now += gap;
            if (limiter.take('c', now).ok) admitted++;
          }
          expect(admitted).toBeLessThanOrEqual(burst + (now * perMinute) / 60_000 + 1e-9);
        },
      ),
    );
  });
});
