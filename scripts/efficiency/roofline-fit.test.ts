import { describe, expect, it } from 'vitest';
import { operatorSeconds } from '../../src/core/operator-time.js';
import { decodeAttentionWork, gemmWork } from '../../src/core/operator-work.js';
import {
  evaluateRoofline,
  fitRoofline,
  type Peaks,
  roundEfficiency,
  solveFixedSeconds,
} from './roofline-fit.js';
import type { KernelSample } from './samples.js';
import { fnv1a32 } from './split.js';

const PEAKS: Peaks = { flopPerSecond: 989e12, hbmBytesPerSecond: 3.35e12 };
const TRUE_EFFICIENCY = { computeEfficiency: 0.72, memoryEfficiency: 0.84, fixedSeconds: 4e-6 };

/** GEMM shapes from decode (m = 1) to large prefill, both sides of the ridge point. */
function syntheticGemms(noise: number): KernelSample[] {
  const samples: KernelSample[] = [];
  for (const m of [1, 4, 16, 64, 256, 1024, 4096, 16384]) {
    for (const n of [512, 4096, 14336]) {
      for (const k of [1024, 4096, 8192]) {
        const work = gemmWork(m, n, k, 2);
        const shapeKey = `${m}x${n}x${k}`;
        // Deterministic multiplicative noise in [−noise, +noise].
        const jitter = 1 + noise * ((fnv1a32(shapeKey) / 0xffffffff) * 2 - 1);
        const seconds = operatorSeconds(
          work,
          PEAKS.flopPerSecond,
          PEAKS.hbmBytesPerSecond,
          TRUE_EFFICIENCY,
        ).seconds;
        samples.push({ ...work, shapeKey, measuredSeconds: seconds * jitter, sizeBucket: `m ${m}` });
      }
    }
  }
  return samples;
}

describe('fitRoofline', () => {
  it('recovers known factors from noiseless synthetic GEMMs', () => {
    const { efficiency, meanSquaredLogError } = fitRoofline(syntheticGemms(0), PEAKS);
    expect(efficiency.computeEfficiency).toBeCloseTo(TRUE_EFFICIENCY.computeEfficiency, 3);
    expect(efficiency.memoryEfficiency).toBeCloseTo(TRUE_EFFICIENCY.memoryEfficiency, 3);
    expect(efficiency.fixedSeconds / TRUE_EFFICIENCY.fixedSeconds).toBeCloseTo(1, 2);
    expect(meanSquaredLogError).toBeLessThan(1e-6);
  });

  it('recovers them within a few percent under ±5 % noise', () => {
    const { efficiency } = fitRoofline(syntheticGemms(0.05), PEAKS);
    expect(Math.abs(efficiency.computeEfficiency / TRUE_EFFICIENCY.computeEfficiency - 1)).toBeLessThan(0.03);
    expect(Math.abs(efficiency.memoryEfficiency / TRUE_EFFICIENCY.memoryEfficiency - 1)).toBeLessThan(0.03);
    expect(Math.abs(efficiency.fixedSeconds / TRUE_EFFICIENCY.fixedSeconds - 1)).toBeLessThan(0.15);
  });

  it('is deterministic', () => {
    const samples = syntheticGemms(0.05);
    expect(fitRoofline(samples, PEAKS)).toEqual(fitRoofline(samples, PEAKS));
  });

  it('keeps efficiencies in (0, 1] even when the data are faster than peak', () => {
    const fast = syntheticGemms(0).map((sample) => ({
      ...sample,
      measuredSeconds: sample.measuredSeconds / 4,
    }));
    const { efficiency } = fitRoofline(fast, PEAKS);
    expect(efficiency.computeEfficiency).toBeLessThanOrEqual(1);
    expect(efficiency.memoryEfficiency).toBeLessThanOrEqual(1);
    expect(efficiency.fixedSeconds).toBeGreaterThanOrEqual(0);
  });

  it('fits memory-bound decode attention', () => {
    const truth = { computeEfficiency: 0.3, memoryEfficiency: 0.6, fixedSeconds: 1.2e-5 };
    const samples: KernelSample[] = [];
    for (const batch of [1, 8, 64]) {
      for (const context of [128, 2048, 32768]) {
        for (const [heads, kvHeads] of [
          [32, 8],
          [64, 8],
          [8, 1],
        ] as const) {
          const work = decodeAttentionWork(batch, context, heads, kvHeads, 128, 2, 2);
          const seconds = operatorSeconds(work, PEAKS.flopPerSecond, PEAKS.hbmBytesPerSecond, truth).seconds;
          samples.push({
            ...work,
            shapeKey: `${batch}:${context}:${heads}`,
            measuredSeconds: seconds,
            sizeBucket: 'all',
          });
        }
      }
    }
    const { efficiency } = fitRoofline(samples, PEAKS);
    expect(efficiency.memoryEfficiency).toBeCloseTo(truth.memoryEfficiency, 3);
    expect(efficiency.fixedSeconds / truth.fixedSeconds).toBeCloseTo(1, 2);
  });

  it('refuses an empty sample set', () => {
    expect(() => fitRoofline([], PEAKS)).toThrow(/no samples/);
  });
});

describe('solveFixedSeconds', () => {
  it('finds the exact fixed cost when the data are roofline + constant', () => {
    const roofline = Float64Array.from([1e-6, 1e-5, 1e-4, 1e-3]);
    const logMeasured = roofline.map((seconds) => Math.log(seconds + 7e-6));
    expect(solveFixedSeconds(roofline, logMeasured, 1)).toBeCloseTo(7e-6, 12);
  });

  it('returns 0 when the roofline alone already overestimates', () => {
    const roofline = Float64Array.from([2e-6, 2e-5]);
    const logMeasured = Float64Array.from([Math.log(1e-6), Math.log(1e-5)]);
    expect(solveFixedSeconds(roofline, logMeasured, 1)).toBe(0);
  });
});

describe('evaluateRoofline', () => {
  it('scores exact data as 0 % error and splits it by regime and size', () => {
    const samples = syntheticGemms(0);
    const evaluation = evaluateRoofline(samples, PEAKS, TRUE_EFFICIENCY);
    expect(evaluation.samples).toBe(samples.length);
    expect(evaluation.medianAbsPctError).toBe(0);
    expect(evaluation.p90AbsPctError).toBe(0);
    expect(evaluation.medianPredictedOverMeasured).toBe(1);
    expect((evaluation.byRegime.compute?.samples ?? 0) + (evaluation.byRegime.memory?.samples ?? 0)).toBe(
      samples.length,
    );
    expect(evaluation.byRegime.compute?.samples).toBeGreaterThan(0);
    expect(evaluation.byRegime.memory?.samples).toBeGreaterThan(0);
    expect(evaluation.bySize['m 1']?.samples).toBe(9);
  });

  it('reports a uniform 10 % overestimate as 10 % error and ratio 1.1', () => {
    const samples = syntheticGemms(0).map((sample) => ({
      ...sample,
      measuredSeconds: sample.measuredSeconds / 1.1,
    }));
    const evaluation = evaluateRoofline(samples, PEAKS, TRUE_EFFICIENCY);
    expect(evaluation.medianAbsPctError).toBeCloseTo(10, 5);
    expect(evaluation.medianPredictedOverMeasured).toBeCloseTo(1.1, 5);
  });
});

describe('roundEfficiency', () => {
  it('keeps 4 significant digits', () => {
    expect(
      roundEfficiency({ computeEfficiency: 0.123456, memoryEfficiency: 1, fixedSeconds: 3.14159e-6 }),
    ).toEqual({
      computeEfficiency: 0.1235,
      memoryEfficiency: 1,
      fixedSeconds: 3.142e-6,
    });
  });
});
