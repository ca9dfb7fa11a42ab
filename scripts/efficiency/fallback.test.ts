import { describe, expect, it } from 'vitest';
import { operatorSeconds } from '../../src/core/operator-time.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import { gemmWork } from '../../src/core/operator-work.js';
import { allReduceSeconds } from './allreduce-fit.js';
import { leaveOneGpuOut, type MeasuredGpu, medianProfile } from './fallback.js';
import type { Peaks } from './roofline-fit.js';

function profile(scale: number, latencySeconds: number): EfficiencyProfile {
  const efficiency = {
    computeEfficiency: 0.5 * scale,
    memoryEfficiency: 0.6 * scale,
    fixedSeconds: 1e-5 * scale,
  };
  return {
    gemm: efficiency,
    prefillAttention: efficiency,
    decodeAttention: efficiency,
    allReduce: { '2': { latencySeconds, busBytesPerSecond: 1e11 * scale } },
    estimated: false,
  };
}

function measuredGpu(gpuId: string, gpuProfile: EfficiencyProfile): MeasuredGpu {
  const peaks: Peaks = { flopPerSecond: 1e15, hbmBytesPerSecond: 3e12 };
  const samples = [1, 64, 4096].map((m) => {
    const work = gemmWork(m, 4096, 4096, 2);
    const seconds = operatorSeconds(
      work,
      peaks.flopPerSecond,
      peaks.hbmBytesPerSecond,
      gpuProfile.gemm,
    ).seconds;
    return { ...work, shapeKey: String(m), measuredSeconds: seconds, sizeBucket: 'all' };
  });
  const cost = gpuProfile.allReduce['2'] ?? { latencySeconds: 0, busBytesPerSecond: 1 };
  const points = [1e3, 1e6, 1e9].map((messageBytes) => ({
    numGpus: 2,
    messageBytes,
    seconds: allReduceSeconds(messageBytes, 2, cost),
    source: 'nccl' as const,
  }));
  return {
    gpuId,
    peaks,
    profile: gpuProfile,
    samples: { gemm: samples, prefillAttention: samples, decodeAttention: samples },
    allReducePoints: { '2': points },
  };
}

describe('medianProfile', () => {
  it('takes the median of every factor and flags the result estimated', () => {
    const fallback = medianProfile([profile(1, 4e-6), profile(1.2, 9e-6), profile(0.9, 5e-6)]);
    expect(fallback.estimated).toBe(true);
    expect(fallback.gemm).toEqual({ computeEfficiency: 0.5, memoryEfficiency: 0.6, fixedSeconds: 1e-5 });
    expect(fallback.allReduce['2']).toEqual({ latencySeconds: 5e-6, busBytesPerSecond: 1e11 });
  });

  it('averages the middle two of an even count', () => {
    expect(medianProfile([profile(1, 2e-6), profile(2, 4e-6)]).decodeAttention.computeEfficiency).toBe(0.75);
  });
});

describe('leaveOneGpuOut', () => {
  it('scores each GPU with the median of the others only', () => {
    const same = profile(1, 5e-6);
    const odd = profile(0.5, 5e-5);
    const results = leaveOneGpuOut([
      measuredGpu('A', same),
      measuredGpu('B', same),
      measuredGpu('C', same),
      measuredGpu('D', odd),
    ]);
    // A's transferred profile is the median of B, C and D = `same`: a perfect prediction.
    expect(results.A?.gemm.medianAbsPctError).toBe(0);
    expect(results.A?.allReduce['2']?.medianAbsPctError).toBe(0);
    // D never sees itself: the others predict it badly.
    expect(results.D?.gemm.medianAbsPctError).toBeGreaterThan(10);
    expect(results.D?.gemm.samples).toBe(3);
  });
});
