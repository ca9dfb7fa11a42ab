import { describe, expect, it } from 'vitest';
import type { GpuPowerSpec } from '../../src/core/gpu-power.js';
import { fitPowerModel, type PowerObservation, predictObservationWatts } from './fit-power-model.js';

const gpu: GpuPowerSpec = {
  gpuId: 'A100-80GB',
  powerLimitWatts: 400,
  idleWatts: 50,
  idleEstimated: false,
  smClock: { maxMhz: 1400, minMhz: 700, peakFlopsMhz: 1400 },
  estimated: false,
  sources: [],
};

function observation(
  table: string,
  clockMhz: number,
  computeBoundFraction: number,
  watts: number,
): PowerObservation {
  return {
    table,
    label: `${clockMhz}`,
    gpu,
    clockMhz,
    busyFraction: 1,
    computeBoundFraction,
    measuredWatts: watts,
  };
}

describe('fitPowerModel', () => {
  it('recovers the coefficients that generated the data (knee 0.8, compute 0.7, memory 0.4) up to the weak prior', () => {
    const truth = { computeActivity: 0.7, memoryActivity: 0.4, voltageKneeClockFraction: 0.8 };
    const obs = [
      observation('A', 1400, 0, 0),
      observation('A', 1050, 0, 0),
      observation('A', 700, 0, 0),
      observation('B', 1400, 0.9, 0),
      observation('B', 1260, 0.5, 0),
      observation('C', 840, 0.2, 0),
    ].map((o) => ({ ...o, measuredWatts: predictObservationWatts(o, truth) }));
    const fit = fitPowerModel(obs);
    expect(fit.coefficients.voltageKneeClockFraction).toBeCloseTo(0.8, 3);
    expect(fit.coefficients.computeActivity).toBeCloseTo(0.7, 2);
    expect(fit.coefficients.memoryActivity).toBeCloseTo(0.4, 2);
    expect(fit.inSample.maxAbsPctError).toBeLessThan(1);
    expect(Object.keys(fit.leaveOneTableOut).sort()).toEqual(['A', 'B', 'C']);
  });

  it('hand-worked: fully busy, memory-bound at the top clock, 190 W on a 50–400 W GPU is activity 0.4', () => {
    const fit = fitPowerModel([observation('A', 1400, 0, 190), observation('A', 1400, 0, 190)]);
    // (190 − 50) / 350 = 0.4
    expect(fit.coefficients.memoryActivity).toBeCloseTo(0.4, 9);
  });

  it('keeps memory-bound activity at or below compute-bound: equal when the data say memory draws more', () => {
    const fit = fitPowerModel([observation('A', 1400, 0, 260), observation('B', 1400, 1, 230)]);
    expect(fit.coefficients.memoryActivity).toBeCloseTo(fit.coefficients.computeActivity, 12);
  });

  it('never returns negative activities, whatever the data', () => {
    const fit = fitPowerModel([observation('A', 1400, 1, 40), observation('B', 1400, 0, 300)]);
    expect(fit.coefficients.computeActivity).toBeGreaterThanOrEqual(0);
    expect(fit.coefficients.memoryActivity).toBeGreaterThanOrEqual(0);
  });
});
