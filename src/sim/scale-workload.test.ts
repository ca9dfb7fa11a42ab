import { describe, expect, it } from 'vitest';
import { firstRequests, meanRequestsPerSecond, scaleToRate, timeWindow } from './scale-workload.js';
import { generateWorkload } from './synthetic-workload.js';
import type { Workload } from './workload.js';

/** Four requests at 0, 1, 3 and 6 s; request i has blocks [i*10 .. i*10 + i]. */
const trace: Workload = {
  arrivalSeconds: new Float64Array([0, 1, 3, 6]),
  inputTokens: new Uint32Array([100, 200, 300, 400]),
  outputTokens: new Uint32Array([1, 2, 3, 4]),
  prefix: {
    blockTokens: 512,
    blockOffsets: new Uint32Array([0, 1, 3, 6, 10]),
    blockIds: new Uint32Array([0, 10, 11, 20, 21, 22, 30, 31, 32, 33]),
  },
  source: 'trace',
};

describe('meanRequestsPerSecond', () => {
  it('is (requests − 1) / span: 3 gaps over 6 s is 0.5 req/s', () => {
    expect(meanRequestsPerSecond(trace)).toBe(0.5);
  });

  it('is NaN with fewer than two requests or no time span', () => {
    expect(meanRequestsPerSecond(firstRequests(trace, 1))).toBeNaN();
    expect(meanRequestsPerSecond({ ...trace, arrivalSeconds: new Float64Array([2, 2, 2, 2]) })).toBeNaN();
  });
});

describe('scaleToRate', () => {
  it('stretches time so the mean rate is the target: 0.5 → 2 req/s puts arrivals at 0, 0.25, 0.75, 1.5 s', () => {
    const fast = scaleToRate(trace, 2);
    expect([...fast.arrivalSeconds]).toEqual([0, 0.25, 0.75, 1.5]);
    expect(meanRequestsPerSecond(fast)).toBe(2);
    expect(fast.inputTokens).toEqual(trace.inputTokens);
    expect(fast.prefix).toEqual(trace.prefix);
    expect(fast.source).toBe('trace, scaled to 2 req/s (×0.2500 time)');
  });

  it('hits the target rate on a bursty trace and keeps the shape of its gaps', () => {
    const bursty = generateWorkload({
      requests: 10_000,
      requestsPerSecond: 3,
      arrival: { kind: 'gamma', cv: 3 },
      inputLengths: { kind: 'fixed', tokens: 10 },
      outputLengths: { kind: 'fixed', tokens: 10 },
      seed: 9,
    });
    for (const target of [0.1, 7, 250]) {
      const scaled = scaleToRate(bursty, target);
      expect(meanRequestsPerSecond(scaled)).toBeCloseTo(target, 9);
      const ratio = (scaled.arrivalSeconds[500] ?? 0) / (bursty.arrivalSeconds[500] ?? 1);
      expect((scaled.arrivalSeconds[9000] ?? 0) / (bursty.arrivalSeconds[9000] ?? 1)).toBeCloseTo(ratio, 9);
    }
  });

  it('leaves its input untouched', () => {
    scaleToRate(trace, 100);
    expect([...trace.arrivalSeconds]).toEqual([0, 1, 3, 6]);
  });

  it('throws a RangeError for a non-positive target or a trace without a rate', () => {
    expect(() => scaleToRate(trace, 0)).toThrow(RangeError);
    expect(() => scaleToRate(firstRequests(trace, 1), 1)).toThrow(RangeError);
  });
});

describe('firstRequests', () => {
  it('keeps the first n requests with their prefix blocks', () => {
    const two = firstRequests(trace, 2);
    expect([...two.arrivalSeconds]).toEqual([0, 1]);
    expect([...two.outputTokens]).toEqual([1, 2]);
    expect([...(two.prefix?.blockOffsets ?? [])]).toEqual([0, 1, 3]);
    expect([...(two.prefix?.blockIds ?? [])]).toEqual([0, 10, 11]);
    expect(two.source).toBe('trace, first 2 requests');
  });

  it('keeps everything when n exceeds the trace', () => {
    expect(firstRequests(trace, 99).arrivalSeconds.length).toBe(4);
  });
});

describe('timeWindow', () => {
  it('keeps requests arriving in [start, end), timed from the window start, with their blocks rebased', () => {
    const window = timeWindow(trace, 0.5, 6);
    expect([...window.arrivalSeconds]).toEqual([0.5, 2.5]);
    expect([...window.inputTokens]).toEqual([200, 300]);
    expect([...(window.prefix?.blockOffsets ?? [])]).toEqual([0, 2, 5]);
    expect([...(window.prefix?.blockIds ?? [])]).toEqual([10, 11, 20, 21, 22]);
  });

  it('is empty for a window with no arrivals, and rejects a reversed one', () => {
    expect(timeWindow(trace, 6.5, 10).arrivalSeconds.length).toBe(0);
    expect(() => timeWindow(trace, 3, 2)).toThrow(RangeError);
  });
});
