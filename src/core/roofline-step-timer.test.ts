import { describe, expect, it } from 'vitest';
import { testL4, unitEfficiency } from './fixtures/gpus.js';
import { llama31_8b } from './fixtures/models.js';
import { createRooflinePredictor } from './roofline-predictor.js';
import { createRooflineStepTimer } from './roofline-step-timer.js';
import { EMPTY_STEP } from './step-timer.js';
import { IDENTITY_CTCF } from './time-predictor.js';

const calibration = { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF };
const timer = createRooflineStepTimer({
  model: llama31_8b,
  gpu: testL4,
  precision: 'bf16',
  tensorParallel: 1,
  profile: unitEfficiency,
  allReduce: { latencySeconds: 0, busBytesPerSecond: 1 },
  calibration,
});
const predictor = createRooflinePredictor({ profiles: { L4: unitEfficiency }, fallback: unitEfficiency });

describe('roofline step timer', () => {
  it('times fp8 steps with the fp8 GEMM fit, as the roofline predictor does', () => {
    const profile = {
      ...unitEfficiency,
      gemmByDtype: { fp8: { computeEfficiency: 0.5, memoryEfficiency: 0.6, fixedSeconds: 3e-6 } },
    };
    const fp8Timer = createRooflineStepTimer({
      model: llama31_8b,
      gpu: testL4,
      precision: 'fp8',
      tensorParallel: 1,
      profile,
      allReduce: { latencySeconds: 0, busBytesPerSecond: 1 },
      calibration,
    });
    const p = createRooflinePredictor({ profiles: { L4: profile }, fallback: profile }).predict({
      model: llama31_8b,
      gpu: testL4,
      precision: 'fp8',
      tensorParallel: 1,
      gpuInterconnect: 'none',
      batch: { batchSize: 4, inputTokens: 512, outputTokens: 2 },
      offloadFraction: 0,
      calibration,
    });
    const step = fp8Timer.stepSeconds({
      ...EMPTY_STEP,
      prefillTokens: 4 * 512,
      prefillSequences: 4,
      prefillAttentionTokenPairs: (4 * 512 * 512) / 2,
    });
    expect(step).toBeCloseTo(p.prefill.seconds, 9);
  });

  it('times a whole-batch prefill step as the roofline predictor times prefill', () => {
    const p = predictor.predict({
      model: llama31_8b,
      gpu: testL4,
      precision: 'bf16',
      tensorParallel: 1,
      gpuInterconnect: 'none',
      batch: { batchSize: 4, inputTokens: 512, outputTokens: 2 },
      offloadFraction: 0,
      calibration,
    });
    const step = timer.stepSeconds({
      ...EMPTY_STEP,
      prefillTokens: 4 * 512,
      prefillSequences: 4,
      prefillAttentionTokenPairs: (4 * 512 * 512) / 2,
    });
    expect(step).toBeCloseTo(p.prefill.seconds, 9);
  });

  it('times a decode step of 8 sequences at context 1000 as the predictor’s decode step there', () => {
    const steps = 3;
    const p = predictor.predict({
      model: llama31_8b,
      gpu: testL4,
      precision: 'bf16',
      tensorParallel: 1,
      gpuInterconnect: 'none',
      // outputTokens 3 → decode steps at contexts 1000, 1000.5 (Simpson mid) and 1001: nearly flat
      batch: { batchSize: 8, inputTokens: 999, outputTokens: steps },
      offloadFraction: 0,
      calibration,
    });
    const step = timer.stepSeconds({ ...EMPTY_STEP, decodeSequences: 8, decodeContextTokens: 8 * 1000.5 });
    expect(step).toBeCloseTo(p.decodeStepSeconds, 6);
  });

  it('grows with context and with PCIe traffic, and is zero for an empty step', () => {
    const base = timer.stepSeconds({ ...EMPTY_STEP, decodeSequences: 8, decodeContextTokens: 8000 });
    expect(
      timer.stepSeconds({ ...EMPTY_STEP, decodeSequences: 8, decodeContextTokens: 80_000 }),
    ).toBeGreaterThan(base);
    expect(
      timer.stepSeconds({
        ...EMPTY_STEP,
        decodeSequences: 8,
        decodeContextTokens: 8000,
        hostToDeviceBytes: 1e9,
      }),
    ).toBeCloseTo(base + 1e9 / (16e9 * ((12.89 * 2 ** 30) / 15.754e9)), 9);
    expect(timer.stepSeconds(EMPTY_STEP)).toBe(0);
  });
});
