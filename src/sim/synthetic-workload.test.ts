import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanRequestsPerSecond } from './scale-workload.js';
import { generateWorkload, type SyntheticWorkloadOptions } from './synthetic-workload.js';
import type { Workload } from './workload.js';

const base: SyntheticWorkloadOptions = {
  requests: 1000,
  requestsPerSecond: 5,
  arrival: { kind: 'poisson' },
  inputLengths: { kind: 'uniform', minTokens: 100, maxTokens: 200 },
  outputLengths: { kind: 'fixed', tokens: 128 },
  seed: 1,
};

/** Coefficient of variation of the gaps between arrivals. */
function gapCv(w: Workload): number {
  const gaps = w.arrivalSeconds.subarray(1).map((t, i) => t - (w.arrivalSeconds[i] ?? 0));
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
  return Math.sqrt(variance) / mean;
}

describe('generateWorkload', () => {
  it('gives identical arrays for the same seed and different ones for another seed', () => {
    const a = generateWorkload(base);
    const b = generateWorkload(base);
    expect(a).toEqual(b);
    expect(generateWorkload({ ...base, seed: 2 }).arrivalSeconds).not.toEqual(a.arrivalSeconds);
  });

  it('starts with a request at time 0 and keeps arrivals ascending', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.constantFrom(
          { kind: 'poisson' } as const,
          { kind: 'constant' } as const,
          { kind: 'gamma', cv: 3 } as const,
        ),
        (seed, requestsPerSecond, arrival) => {
          const w = generateWorkload({ ...base, requests: 200, seed, requestsPerSecond, arrival });
          expect(w.arrivalSeconds.length).toBe(200);
          expect(w.arrivalSeconds[0]).toBe(0);
          for (let i = 1; i < 200; i++)
            expect(w.arrivalSeconds[i]).toBeGreaterThanOrEqual(w.arrivalSeconds[i - 1] ?? 0);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('Poisson arrivals at 5 req/s average 5 req/s within 1% over 100,000 requests, with gap cv 1', () => {
    const w = generateWorkload({ ...base, requests: 100_000 });
    expect(Math.abs(meanRequestsPerSecond(w) / 5 - 1)).toBeLessThan(0.01);
    expect(gapCv(w)).toBeCloseTo(1, 1);
  });

  it('gamma arrivals have the requested rate and coefficient of variation (within 5%)', () => {
    for (const cv of [0.25, 1, 2, 4]) {
      const w = generateWorkload({
        ...base,
        requests: 100_000,
        requestsPerSecond: 20,
        arrival: { kind: 'gamma', cv },
      });
      expect(Math.abs(meanRequestsPerSecond(w) / 20 - 1), `rate at cv ${cv}`).toBeLessThan(0.05);
      expect(Math.abs(gapCv(w) / cv - 1), `cv ${cv}`).toBeLessThan(0.05);
    }
  });

  it('constant arrivals (and gamma with cv 0) are evenly spaced at 1 / rate', () => {
    const w = generateWorkload({ ...base, requests: 5, requestsPerSecond: 4, arrival: { kind: 'constant' } });
    expect([...w.arrivalSeconds]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const cv0 = generateWorkload({
      ...base,
      requests: 5,
      requestsPerSecond: 4,
      arrival: { kind: 'gamma', cv: 0 },
    });
    expect(cv0.arrivalSeconds).toEqual(w.arrivalSeconds);
  });

  it('with durationSeconds, generates every arrival before the end and about rate × duration of them', () => {
    const w = generateWorkload({
      ...base,
      requests: undefined,
      durationSeconds: 2000,
      requestsPerSecond: 10,
    });
    expect(w.arrivalSeconds.at(-1)).toBeLessThan(2000);
    expect(Math.abs(w.arrivalSeconds.length / 20_000 - 1)).toBeLessThan(0.03);
  });

  it('draws fixed and uniform lengths, covering both ends of the uniform range', () => {
    const w = generateWorkload({ ...base, requests: 20_000 });
    expect(w.outputTokens.every((t) => t === 128)).toBe(true);
    expect(Math.min(...w.inputTokens)).toBe(100);
    expect(Math.max(...w.inputTokens)).toBe(200);
    expect(w.inputTokens.reduce((a, b) => a + b, 0) / 20_000).toBeCloseTo(150, 0);
  });

  it('draws empirical lengths only from the source, keeping input and output together when both come from it', () => {
    const from: Workload = {
      arrivalSeconds: new Float64Array([0, 1, 2]),
      inputTokens: new Uint32Array([10, 20, 30]),
      outputTokens: new Uint32Array([1, 2, 3]),
      source: 'three requests',
    };
    const w = generateWorkload({
      ...base,
      requests: 3000,
      inputLengths: { kind: 'empirical', from },
      outputLengths: { kind: 'empirical', from },
    });
    expect(new Set(w.inputTokens)).toEqual(new Set([10, 20, 30]));
    expect(w.inputTokens.every((t, i) => w.outputTokens[i] === t / 10)).toBe(true);
    expect(w.source).toContain('empirical from three requests');
  });

  it('keeps the arrivals when only the length distributions change (separate random streams)', () => {
    const other = generateWorkload({ ...base, inputLengths: { kind: 'fixed', tokens: 1 } });
    expect(other.arrivalSeconds).toEqual(generateWorkload(base).arrivalSeconds);
  });

  it('says how it was made in its source', () => {
    expect(generateWorkload(base).source).toBe(
      'synthetic: poisson arrivals at 5 req/s, 1000 requests, input uniform 100–200, output fixed 128, seed 1',
    );
  });

  it('rejects invalid options with a RangeError', () => {
    const empty: Workload = {
      arrivalSeconds: new Float64Array(),
      inputTokens: new Uint32Array(),
      outputTokens: new Uint32Array(),
      source: 'empty',
    };
    for (const bad of [
      { requestsPerSecond: 0 },
      { requestsPerSecond: Number.POSITIVE_INFINITY },
      { durationSeconds: 10 },
      { requests: undefined },
      { requests: 1.5 },
      { arrival: { kind: 'gamma', cv: -1 } },
      { inputLengths: { kind: 'uniform', minTokens: 5, maxTokens: 4 } },
      { outputLengths: { kind: 'fixed', tokens: -1 } },
      { inputLengths: { kind: 'empirical', from: empty } },
      { seed: 0.5 },
    ] as Partial<SyntheticWorkloadOptions>[]) {
      expect(() => generateWorkload({ ...base, ...bad }), JSON.stringify(bad)).toThrow(RangeError);
    }
  });
});
