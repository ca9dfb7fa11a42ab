import { describe, expect, it } from 'vitest';
import {
  decideType,
  fleetPlan,
  type ProvisionWindow,
  provisionWindows,
  type TypeCapacity,
} from './provision-plan.js';

const cap: TypeCapacity = {
  wholeRequestsPerSecond: 4,
  slices: [
    { profile: '1g.10gb', priceShare: 1 / 7, requestsPerSecond: 0.5 },
    { profile: '3g.40gb', priceShare: 0.5, requestsPerSecond: 1.8 },
    { profile: '7g.80gb', priceShare: 1, requestsPerSecond: 3.8 },
  ],
};

describe('OASIS provisioning decisions (Algorithm 1)', () => {
  it('below one GPU takes the cheapest slice that covers the rate', () => {
    expect(decideType('LISO', 0.4, cap)).toMatchObject({
      profile: '1g.10gb',
      replicas: 1,
      gpusRequired: 0.1,
    });
    expect(decideType('LISO', 1.5, cap)).toMatchObject({ profile: '3g.40gb', gpuEquivalents: 0.5 });
  });

  it('never picks a slice as dear as the whole GPU, and a whole GPU when no cheaper slice covers the rate', () => {
    expect(decideType('LISO', 3, cap)).toMatchObject({ profile: null, replicas: 1, gpuEquivalents: 1 });
  });

  it('from one GPU up takes ⌈rate / MSRR⌉ whole GPUs; no traffic, nothing', () => {
    expect(decideType('LISO', 9, cap)).toMatchObject({ profile: null, replicas: 3, gpusRequired: 2.25 });
    expect(decideType('LISO', 0, cap)).toBeNull();
  });

  it('cuts a trace into windows and counts query types per window', () => {
    const w = {
      arrivalSeconds: Float64Array.from([0, 10, 299, 300, 650]),
      inputTokens: Uint32Array.from([100, 800, 100, 100, 800]),
      outputTokens: Uint32Array.from([100, 100, 900, 100, 900]),
      source: 't',
    };
    const windows = provisionWindows(w, 300, 500);
    expect(windows.map((x) => [x.startSeconds, x.endSeconds])).toEqual([
      [0, 300],
      [300, 600],
      [600, 650],
    ]);
    expect(windows.map((x) => x.counts)).toEqual([
      [1, 1, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('bills both fleets during the scale-up delay (make before break), hand-worked', () => {
    const windows: ProvisionWindow[] = [
      { startSeconds: 0, endSeconds: 600, counts: [0, 0, 1, 0] },
      { startSeconds: 600, endSeconds: 1200, counts: [0, 0, 1, 0] },
    ];
    const plan = fleetPlan(
      windows,
      [
        [{ type: 'LISO', profile: '3g.40gb', replicas: 1, gpuEquivalents: 0.5, gpusRequired: 0.4 }],
        [{ type: 'LISO', profile: null, replicas: 2, gpuEquivalents: 2, gpusRequired: 1.5 }],
      ],
      60,
    );
    expect(plan.steps).toEqual([
      { atSeconds: 0, counts: [1, 0] },
      { atSeconds: 660, counts: [0, 2] },
    ]);
    // Window 0: 0.5 GPU × 600 s. Window 1: 60 s of 0.5 + 2 GPUs, then 540 s of 2 GPUs.
    expect(plan.billedGpuHours[0]).toBeCloseTo((0.5 * 600) / 3600, 12);
    expect(plan.billedGpuHours[1]).toBeCloseTo((2.5 * 60 + 2 * 540) / 3600, 12);
  });
});
