import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probabilityMoreThanOut, spotExpectation, spotServingOutage } from './spot-interruption.js';

describe('spot interruptions (Poisson, restart from the last whole batch)', () => {
  it('ten one-hour batches at 0.1 interruptions/h take 10 × (e^0.1 − 1)/0.1 h ≈ 10.517 h', () => {
    const e = spotExpectation(3600, 10, { interruptionsPerHour: 0.1, restartSeconds: 0 });
    // Hand-worked: e^0.1 = 1.105170918; (1.105170918 − 1) / 0.1 = 1.05170918 h per batch.
    expect(e.expectedSeconds / 3600).toBeCloseTo(10.5170918, 6);
    expect(e.expectedInterruptions).toBeCloseTo(1.05170918, 7);
    // No interruption in 10 h: e^−1.
    expect(e.uninterruptedProbability).toBeCloseTo(0.36787944, 7);
  });

  it('adds the restart time once per expected interruption', () => {
    const e = spotExpectation(3600, 10, { interruptionsPerHour: 0.1, restartSeconds: 360 });
    // 10 × 0.105170918 × (10 h + 0.1 h) = 10.6222627 h.
    expect(e.expectedSeconds / 3600).toBeCloseTo(10.6222627, 6);
  });

  it('is the plain run time with no interruptions', () => {
    expect(spotExpectation(90, 4, { interruptionsPerHour: 0, restartSeconds: 600 })).toEqual({
      expectedSeconds: 360,
      expectedInterruptions: 0,
      uninterruptedProbability: 1,
    });
  });

  it('never takes less than the run time, and grows with the interruption rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 20_000, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3600, noNaN: true }),
        (seconds, units, rate, restart) => {
          const a = spotExpectation(seconds, units, { interruptionsPerHour: rate, restartSeconds: restart });
          const b = spotExpectation(seconds, units, {
            interruptionsPerHour: rate + 0.5,
            restartSeconds: restart,
          });
          return a.expectedSeconds >= seconds * units * (1 - 1e-12) && b.expectedSeconds >= a.expectedSeconds;
        },
      ),
    );
  });

  it('serving: 0.5 interruptions/h with 10-minute replacement keeps an instance out 1/13 of the time', () => {
    const o = spotServingOutage(3, { interruptionsPerHour: 0.5, restartSeconds: 600 });
    // λR = 0.5/h × 1/6 h = 1/12; down = (1/12)/(13/12) = 1/13; any of 3 down: 1 − (12/13)^3.
    expect(o.instanceDownFraction).toBeCloseTo(1 / 13, 12);
    expect(o.anyDownProbability).toBeCloseTo(1 - (12 / 13) ** 3, 12);
  });

  it('refuses negative inputs', () => {
    expect(() => spotExpectation(-1, 1, { interruptionsPerHour: 0, restartSeconds: 0 })).toThrow(RangeError);
  });

  it('more than one of three out, each out 1/31 of the time: 3 · (1/31)² · 30/31 + (1/31)³ = 91/29,791 = 0.3055 %', () => {
    const d = 1 / 31;
    expect(probabilityMoreThanOut(3, 1, d)).toBeCloseTo(3 * d * d * (30 / 31) + d ** 3, 15);
    expect(probabilityMoreThanOut(3, 1, d)).toBeCloseTo(0.0030546, 7);
    // No spare: any out, as spotServingOutage says.
    expect(probabilityMoreThanOut(2, 0, d)).toBeCloseTo(1 - (30 / 31) ** 2, 15);
    // As many spares as instances: never short.
    expect(probabilityMoreThanOut(4, 4, 0.5)).toBeCloseTo(0, 15);
  });

  it('a spare never raises the risk, and the risk stays a probability', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, spare, down) => {
          const p = probabilityMoreThanOut(n, spare, down);
          return p >= 0 && p <= 1 + 1e-12 && probabilityMoreThanOut(n, spare + 1, down) <= p + 1e-12;
        },
      ),
    );
  });
});
