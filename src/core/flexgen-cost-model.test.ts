import { describe, expect, it } from 'vitest';
import { ROUND, TOY } from './fixtures/flexgen.js';
import {
  cpuAttentionFlopPerSecond,
  flexgenBatchTimes,
  flexgenDecodeLayer,
  flexgenPrefillLayer,
} from './flexgen-cost-model.js';

const HALF_WEIGHTS_QUARTER_CACHE = {
  weightsGpuFraction: 0.5,
  cacheGpuFraction: 0.25,
  activationsGpuFraction: 1,
};

describe("FlexGen's cost model (experimental/cost_model.py, fixed policy, nothing on disk)", () => {
  it('prefill layer = max(CPU→GPU, GPU→CPU, compute): here the strided KV write-back to CPU bounds it', () => {
    const t = flexgenPrefillLayer(TOY, HALF_WEIGHTS_QUARTER_CACHE, ROUND);
    // half the weights streamed in: 12e6 B / 10 GB/s
    expect(t.cpuToGpuSeconds).toBeCloseTo(1.2e-3, 12);
    // 3/4 of the new KV written out: 4·h1·(s+1)·bls·0.75 = 2,424,000 B / 1 GB/s
    expect(t.gpuToCpuSeconds).toBeCloseTo(2.424e-3, 12);
    // GEMMs bls·s·wi / 20 TFLOP/s = 0.96 ms; attention 4·bls·s²·h1 / 10 TFLOP/s = 0.032 ms
    expect(t.computeSeconds).toBeCloseTo(0.992e-3, 12);
    expect(t.seconds).toBeCloseTo(2.424e-3, 12);
  });

  it('decode layer = CPU→GPU + max(GPU→CPU, GPU compute + CPU attention over the CPU-held cache)', () => {
    const t = flexgenDecodeLayer(TOY, HALF_WEIGHTS_QUARTER_CACHE, ROUND);
    expect(t.cpuToGpuSeconds).toBeCloseTo(1.2e-3, 12);
    expect(t.gpuToCpuSeconds).toBe(0);
    // attention FLOPs 4·bls·(s + n/2)·h1 = 3,376,000: a quarter on the GPU at 0.1 TFLOP/s, GEMMs bls·wi / 4 TFLOP/s
    expect(t.gpuComputeSeconds).toBeCloseTo(4.8e-5 + 8.44e-6, 12);
    // three quarters on the CPU at 0.01 TFLOP/s
    expect(t.computeSeconds - t.gpuComputeSeconds).toBeCloseTo(2.532e-4, 12);
    expect(t.seconds).toBeCloseTo(1.2e-3 + 3.0964e-4, 12);
  });

  it('a batch is the prefill layer × layers plus the decode layer × (output − 1) × layers', () => {
    const t = flexgenBatchTimes(TOY, HALF_WEIGHTS_QUARTER_CACHE, ROUND);
    expect(t.prefillSeconds).toBeCloseTo(2 * 2.424e-3, 12);
    expect(t.decodeSeconds).toBeCloseTo(10 * 2 * 1.50964e-3, 12);
  });

  it('with everything on the GPU nothing crosses PCIe and compute alone sets both stages', () => {
    const t = flexgenBatchTimes(
      TOY,
      { weightsGpuFraction: 1, cacheGpuFraction: 1, activationsGpuFraction: 1 },
      ROUND,
    );
    expect(t.prefillLayer.cpuToGpuSeconds + t.prefillLayer.gpuToCpuSeconds).toBe(0);
    expect(t.decodeLayer.seconds).toBe(t.decodeLayer.gpuComputeSeconds);
  });

  it("corrects CPU FLOP/s by FlexGen's c1–c3 terms: T4 constants at batch 32, hidden 2560 give 0.9365×", () => {
    const t4 = {
      ...ROUND,
      cpuAttentionFlopPerSecond: 0.0123e12,
      cpuFlopsCorrection: { c1: 0.0168, c2: 0.0328, c3: 0.0621 },
    };
    // log2(64/32) = 1, log2(4096/2560) = 0.678072: 1 + 0.0168·0.678072 − 0.0328 − 0.0621·0.678072 = 0.93648
    expect(
      cpuAttentionFlopPerSecond(t4, { ...TOY, batchSize: 32, hiddenSize: 2560 }) / 0.0123e12,
    ).toBeCloseTo(0.93648, 5);
    // batches of 64 or more and hidden sizes of 4096 or more are not corrected
    expect(cpuAttentionFlopPerSecond(t4, { ...TOY, batchSize: 128, hiddenSize: 8192 })).toBe(0.0123e12);
  });
});
