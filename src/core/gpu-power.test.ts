import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averagePowerWatts,
  clockPowerFactor,
  type GpuPowerSpec,
  type PowerModelCoefficients,
} from './gpu-power.js';

const a100: GpuPowerSpec = {
  gpuId: 'A100-80GB',
  powerLimitWatts: 400,
  idleWatts: 50,
  idleEstimated: false,
  smClock: { maxMhz: 1410, minMhz: 855, peakFlopsMhz: 1410 },
  estimated: false,
  sources: [],
};
const coefficients: PowerModelCoefficients = {
  computeActivity: 0.6,
  memoryActivity: 0.4,
  voltageKneeClockFraction: 0.8,
};

describe('clockPowerFactor', () => {
  it('is 1 at the highest clock and r·k² below the voltage knee (hand-worked: 0.6 × 0.8² = 0.384)', () => {
    expect(clockPowerFactor(1, 0.8)).toBe(1);
    expect(clockPowerFactor(0.6, 0.8)).toBeCloseTo(0.384, 12);
    expect(clockPowerFactor(0.9, 0.8)).toBeCloseTo(0.729, 12);
  });

  it('is proportional to the clock when the knee is 1', () => {
    expect(clockPowerFactor(0.5, 1)).toBeCloseTo(0.5, 12);
  });

  it('never rises when the clock falls (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(clockPowerFactor(lo, 0.8)).toBeLessThanOrEqual(clockPowerFactor(hi, 0.8) + 1e-12);
        },
      ),
    );
  });
});

describe('averagePowerWatts', () => {
  it('fully busy, half compute-bound, at the highest clock: 50 + 350 × 0.5 = 225 W', () => {
    expect(
      averagePowerWatts(a100, coefficients, { busyFraction: 1, computeBoundFraction: 0.5, clockMhz: 1410 }),
    ).toBeCloseTo(225, 9);
  });

  it('60 % busy draws idle + 0.6 × the dynamic part: 50 + 0.6 × 175 = 155 W', () => {
    expect(
      averagePowerWatts(a100, coefficients, { busyFraction: 0.6, computeBoundFraction: 0.5, clockMhz: 1410 }),
    ).toBeCloseTo(155, 9);
  });

  it('draws the idle floor when idle, whatever the clock', () => {
    expect(
      averagePowerWatts(a100, coefficients, { busyFraction: 0, computeBoundFraction: 1, clockMhz: 855 }),
    ).toBe(50);
  });

  it('compute-bound draws more than memory-bound, and a lower clock draws less (hand-worked at 1128 MHz)', () => {
    // 1128 / 1410 = 0.8 → factor 0.8 × 0.64 = 0.512; compute: 50 + 350 × 0.6 × 0.512 = 157.52 W
    const compute = averagePowerWatts(a100, coefficients, {
      busyFraction: 1,
      computeBoundFraction: 1,
      clockMhz: 1128,
    });
    const memory = averagePowerWatts(a100, coefficients, {
      busyFraction: 1,
      computeBoundFraction: 0,
      clockMhz: 1128,
    });
    expect(compute).toBeCloseTo(157.52, 9);
    expect(memory).toBeCloseTo(50 + 350 * 0.4 * 0.512, 9);
  });

  it('stays between the idle floor and the power limit (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.integer({ min: 855, max: 1410 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (busy, compute, clock, activity) => {
          const w = averagePowerWatts(
            a100,
            { computeActivity: activity, memoryActivity: activity / 2, voltageKneeClockFraction: 0.8 },
            { busyFraction: busy, computeBoundFraction: compute, clockMhz: clock },
          );
          expect(w).toBeGreaterThanOrEqual(50);
          expect(w).toBeLessThanOrEqual(400);
        },
      ),
    );
  });
});
