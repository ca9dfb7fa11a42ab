import { describe, expect, it } from 'vitest';
import { allReduceCost, allReduceSeconds } from './all-reduce-cost.js';
import { testL4, unitEfficiency } from './fixtures/gpus.js';
import type { Issue } from './issue.js';

describe('allReduceSeconds', () => {
  it('is latency + bytes·2(n−1)/n over the bus bandwidth (hand-worked: 1 MB on 4 GPUs)', () => {
    // 10 µs + 1e6 · 2 · 3/4 / 100e9 = 10 µs + 15 µs = 25 µs
    const cost = { latencySeconds: 10e-6, busBytesPerSecond: 100e9 };
    expect(allReduceSeconds(cost, 4, 1e6)).toBeCloseTo(25e-6, 15);
    // 2 GPUs: 10 µs + 1e6 · 2 · 1/2 / 100e9 = 20 µs
    expect(allReduceSeconds(cost, 2, 1e6)).toBeCloseTo(20e-6, 15);
  });

  it('costs nothing on one GPU or for an empty message', () => {
    const cost = { latencySeconds: 10e-6, busBytesPerSecond: 100e9 };
    expect(allReduceSeconds(cost, 1, 1e6)).toBe(0);
    expect(allReduceSeconds(cost, 8, 0)).toBe(0);
  });
});

describe('allReduceCost', () => {
  it('takes the fitted figure for the GPU count, and the nearest measured count otherwise', () => {
    const warnings: Issue[] = [];
    const profile = {
      ...unitEfficiency,
      allReduce: {
        '2': { latencySeconds: 1e-5, busBytesPerSecond: 1e11 },
        '8': { latencySeconds: 3e-5, busBytesPerSecond: 2e11 },
      },
    };
    expect(allReduceCost(profile, unitEfficiency, testL4, 2, 'nvlink', warnings)).toEqual(
      profile.allReduce['2'],
    );
    expect(allReduceCost(profile, unitEfficiency, testL4, 6, 'nvlink', warnings)).toEqual(
      profile.allReduce['8'],
    );
    expect(warnings).toEqual([]);
  });

  it('caps the bandwidth at the achievable PCIe link without NVLink, with a warning', () => {
    const warnings: Issue[] = [];
    const cost = allReduceCost(unitEfficiency, unitEfficiency, testL4, 2, 'pcie', warnings);
    // 16 GB/s × 0.8785 (FlexGen's measured pinned-copy share) ≈ 14.06 GB/s < 100 GB/s fitted
    expect(cost.busBytesPerSecond).toBeCloseTo(16e9 * ((12.89 * 2 ** 30) / 15.754e9), 0);
    expect(warnings.map((w) => w.code)).toEqual(['allreduce-over-pcie-estimated']);
  });
});
