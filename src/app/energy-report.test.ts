import { describe, expect, it } from 'vitest';
import type { GpuPowerSpec } from '../core/gpu-power.js';
import { batchEnergy, type PowerContext, simulationEnergy } from './energy-report.js';

const power: GpuPowerSpec = {
  gpuId: 'A100-80GB',
  powerLimitWatts: 400,
  idleWatts: 50,
  idleEstimated: false,
  smClock: { maxMhz: 1410, minMhz: 855, peakFlopsMhz: 1410 },
  estimated: false,
  sources: [],
};
const ctx: PowerContext = {
  power,
  coefficients: { computeActivity: 0.6, memoryActivity: 0.4, voltageKneeClockFraction: 0.8 },
  clockMhz: undefined,
  prices: {
    electricityUsdPerKwh: 0.12,
    pue: 1.2,
    pueSource: 'test',
    gridSource: 'test',
    gridGco2PerKwh: 500,
  },
};

describe('batchEnergy', () => {
  it('hand-worked: 2 of 4 GPUs busy, prefill 1 s compute + decode 3 s hbm → c 0.25', () => {
    // busy GPU: 50 + 350 × (0.4 + 0.2 × 0.25) = 207.5 W; two idle at 50 W → 515 W
    const e = batchEnergy(ctx, {
      gpuCount: 4,
      tensorParallel: 2,
      replicas: 1,
      prefillSeconds: 1,
      decodeSeconds: 3,
      prefillBound: 'compute',
      decodeBound: 'hbm',
      tokensPerSecond: 1000,
      outputTokensPerSecond: 500,
    });
    expect(e.averagePowerWatts).toBeCloseTo(515, 9);
    expect(e.joulesPerToken).toBeCloseTo(0.515, 9);
    expect(e.joulesPerOutputToken).toBeCloseTo(1.03, 9);
    // 0.515 J × 10⁶ × 1.2 / 3.6e6 = 0.171667 kWh per M tokens → × 500 g = 85.83 g
    expect(e.gco2PerMillionTokens as number).toBeCloseTo(85.8333, 3);
    expect(e.estimated).toBe(false);
    expect(e.gpuClockMhz).toBeNull();
  });
});

describe('simulationEnergy', () => {
  it('hand-worked: 2 replicas over 100 s with 100 busy step-seconds (half with prompts) → busy 0.5, c 0.5', () => {
    // per GPU: 50 + 0.5 × 350 × (0.4 + 0.2 × 0.5) = 137.5 W; 2 GPUs → 275 W
    const e = simulationEnergy(
      ctx,
      {
        replicas: 2,
        makespanSeconds: 100,
        busy: { stepSeconds: 100, promptStepSeconds: 50 },
        throughput: { totalTokensPerSecond: 550, outputTokensPerSecond: 275 },
      },
      1,
      2,
    );
    expect(e.averagePowerWatts).toBeCloseTo(275, 9);
    expect(e.joulesPerToken).toBeCloseTo(0.5, 9);
  });
});
