import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { OptionReader } from './option-reader.js';
import {
  bandExemptionOf,
  batchBands,
  resolveUncertaintyModel,
  type Uncertainty,
  uncertaintyOf,
} from './prediction-uncertainty.js';

const stage = (s: 'prefill' | 'decode', p10: number, p50: number, p90: number) => ({
  stage: s,
  p10,
  p50,
  p90,
  engineGroup: 'vllm',
  tensorParallel: 1,
  n: 20,
  groups: 1,
});

const band = (margin: 'none' | 'p50' | 'p90'): Uncertainty => ({
  available: true,
  margin,
  prefill: stage('prefill', 0.8, 1.0, 1.2),
  decode: stage('decode', 0.9, 1.05, 1.5),
  engineTransferred: false,
  outsideFittedRange: [],
});

// A batch of 2 s prefill + 8 s decode at 1,000 tokens/s (10,000 tokens).
const times = {
  prefillSeconds: 2,
  decodeSeconds: 8,
  decodeStepSeconds: 0.02,
  batchSeconds: 10,
  tokensPerSecond: 1000,
  outputTokensPerSecond: 800,
};

describe('batchBands (hand-worked: prefill ×0.8–×1.2, decode ×0.9–×1.5)', () => {
  const b = batchBands(times, band('p90'));
  it('bands each stage and the batch: prefill 1.6–2.4 s, decode 7.2–12 s, batch 8.8–14.4 s', () => {
    expect(b.prefillSeconds.low).toBeCloseTo(1.6, 12);
    expect(b.prefillSeconds.high).toBeCloseTo(2.4, 12);
    expect(b.decodeSeconds.low).toBeCloseTo(7.2, 12);
    expect(b.decodeSeconds.high).toBeCloseTo(12, 12);
    expect(b.batchSeconds.low).toBeCloseTo(8.8, 12);
    expect(b.batchSeconds.high).toBeCloseTo(14.4, 12);
    expect(b.decodeStepSeconds.high).toBeCloseTo(0.03, 12);
  });
  it('turns the batch band into a TPS band, slow edge first: 10,000 / 14.4 s = 694.4 to 10,000 / 8.8 s = 1,136.4', () => {
    expect(b.tokensPerSecond.low).toBeCloseTo(10000 / 14.4, 9);
    expect(b.tokensPerSecond.high).toBeCloseTo(10000 / 8.8, 9);
    expect(b.outputTokensPerSecond.low).toBeCloseTo(8000 / 14.4, 9);
  });
  it('checks the SLO at the margin: p90 694.4 TPS, p50 10,000 / (2 + 8.4 s) = 961.5 TPS, none 1,000 TPS', () => {
    expect(b.tokensPerSecondAtMargin).toBeCloseTo(10000 / 14.4, 9);
    expect(batchBands(times, band('p50')).tokensPerSecondAtMargin).toBeCloseTo(10000 / 10.4, 9);
    expect(batchBands(times, band('none')).tokensPerSecondAtMargin).toBeCloseTo(1000, 9);
  });
  it('is the point prediction itself without a band', () => {
    const none = batchBands(times, { available: false, margin: 'p90', reason: 'x' });
    expect(none.batchSeconds).toEqual({ low: 10, high: 10 });
    expect(none.tokensPerSecondAtMargin).toBe(1000);
  });
});

describe('resolveUncertaintyModel and uncertaintyOf on the shipped bands', () => {
  const shape = {
    gpuId: 'A100-80GB',
    tensorParallel: 2,
    precision: 'fp16',
    prefillBatchTokens: 4096,
    decodeBatch: 32,
    contextTokens: 1024,
  };
  const model = (raw: Record<string, unknown>, predictor = 'roofline') =>
    resolveUncertaintyModel(fsPlannerData, new OptionReader(raw), predictor, 'p90');

  it('gives vLLM its own band at its TP degree, inside the measured range', () => {
    const u = uncertaintyOf(model({}), shape);
    expect(u.available && u.decode.engineGroup).toBe('vllm');
    expect(u.available && u.decode.tensorParallel).toBe(2);
    expect(u.available && u.outsideFittedRange).toEqual([]);
  });
  it('pools every measured engine for an engine without measurements, and says so', () => {
    const u = uncertaintyOf(model({ engine: 'sglang' }), shape);
    expect(u.available && u.decode.engineGroup).toBe('all');
    expect(u.available && u.outsideFittedRange[0]).toMatch(/engine sglang/);
  });
  it('has no band for the paper predictor, kernel-only timing or calibrated times, with the reason', () => {
    for (const u of [
      uncertaintyOf(model({}, 'paper'), shape),
      uncertaintyOf(model({ engine: 'none' }), shape),
      uncertaintyOf(model({}), shape, true),
    ]) {
      expect(u.available).toBe(false);
      expect(!u.available && u.reason.length).toBeGreaterThan(10);
    }
  });
  it("has no band for a batch FlexGen's cost model timed: the step model does not describe it", () => {
    const exemption = bandExemptionOf(false, [{ code: 'flexgen-cost-model' }]);
    expect(exemption).toBe('flexgen-cost-model');
    const u = uncertaintyOf(model({ engine: 'flexgen' }), shape, exemption);
    expect(!u.available && u.reason).toMatch(/FlexGen’s cost model/);
    expect(bandExemptionOf(false, [])).toBe(false);
    expect(bandExemptionOf(true, [{ code: 'flexgen-cost-model' }])).toBe(true);
  });
});
