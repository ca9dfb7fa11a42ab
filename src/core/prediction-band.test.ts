import { describe, expect, it } from 'vitest';
import {
  bandSeconds,
  type ErrorBandRow,
  type ErrorBandsData,
  type FittedRange,
  marginRatio,
  outsideFittedRange,
  scaleStepTimer,
  selectBand,
} from './prediction-band.js';
import { EMPTY_STEP } from './step-timer.js';

function row(engineGroup: string, tensorParallel: number | 'all', p10: number, p90: number): ErrorBandRow {
  return {
    engineGroup,
    gpuId: 'all',
    tensorParallel,
    stage: 'decode',
    n: 20,
    groups: 1,
    medianAbsPct: 5,
    p90AbsPct: 10,
    biasPct: 0,
    measuredOverPredictedP10: p10,
    measuredOverPredictedP50: 1,
    measuredOverPredictedP90: p90,
  };
}

const range: FittedRange = {
  engineGroup: 'vllm',
  gpuIds: ['A100-80GB'],
  tensorParallel: [1, 2, 4, 8],
  precisions: ['bf16', 'fp16'],
  models: ['facebook/opt-13b'],
  prefillBatchTokensMax: 16384,
  decodeBatchMax: 256,
  decodeContextTokensMax: 2049,
};

const data: ErrorBandsData = {
  bands: [
    row('vllm', 2, 0.9, 1.4),
    row('vllm', 'all', 0.7, 1.3),
    row('all', 4, 0.85, 1.2),
    row('all', 'all', 0.8, 1.25),
    { ...row('vllm', 'all', 0.1, 9), gpuId: 'A100-80GB' },
  ],
  fittedRanges: [range],
};

describe('selectBand', () => {
  it('takes the engine group at the tensor-parallel degree first', () => {
    expect(selectBand(data, 'vllm', 2, 'decode')).toMatchObject({ p10: 0.9, p90: 1.4, tensorParallel: 2 });
  });
  it('falls back to the engine group over all degrees, then every engine at the degree, then everything', () => {
    expect(selectBand(data, 'vllm', 4, 'decode')).toMatchObject({ p10: 0.7, engineGroup: 'vllm' });
    expect(selectBand(data, 'sglang', 4, 'decode')).toMatchObject({ p10: 0.85, engineGroup: 'all' });
    expect(selectBand(data, 'sglang', 16, 'decode')).toMatchObject({ p10: 0.8, tensorParallel: 'all' });
  });
  it('never takes a per-GPU row, and has nothing for a stage without rows', () => {
    expect(selectBand(data, 'vllm', 8, 'decode')?.p10).toBe(0.7);
    expect(selectBand(data, 'vllm', 2, 'prefill')).toBeUndefined();
  });
});

describe('bandSeconds and marginRatio', () => {
  const band = {
    stage: 'decode' as const,
    p10: 0.8,
    p50: 1.05,
    p90: 1.5,
    engineGroup: 'vllm',
    tensorParallel: 2,
    n: 20,
    groups: 1,
  };
  it('multiplies a time by the p10 and p90 ratios: 2 s → 1.6–3 s', () => {
    expect(bandSeconds(2, band)).toEqual({ low: 1.6, high: 3 });
    expect(bandSeconds(2, undefined)).toEqual({ low: 2, high: 2 });
  });
  it('takes p90, p50 or nothing as the margin', () => {
    expect(marginRatio(band, 'p90')).toBe(1.5);
    expect(marginRatio(band, 'p50')).toBe(1.05);
    expect(marginRatio(band, 'none')).toBe(1);
    expect(marginRatio(undefined, 'p90')).toBe(1);
  });
});

describe('outsideFittedRange', () => {
  const inside = {
    gpuId: 'A100-80GB',
    tensorParallel: 2,
    precision: 'fp16',
    prefillBatchTokens: 8192,
    decodeBatch: 64,
    contextTokens: 2048,
  };
  it('is empty inside the measured shapes (TP 3 lies between measured degrees)', () => {
    expect(outsideFittedRange(range, inside)).toEqual([]);
    expect(outsideFittedRange(range, { ...inside, tensorParallel: 3 })).toEqual([]);
  });
  it('names every dimension outside, with what was measured', () => {
    const out = outsideFittedRange(range, {
      gpuId: 'H100-SXM',
      tensorParallel: 16,
      precision: 'fp8',
      prefillBatchTokens: 32768,
      decodeBatch: 512,
      contextTokens: 8192,
    });
    expect(out).toEqual([
      'GPU H100-SXM (measured: A100-80GB)',
      'tensor parallel 16 (measured: 1–8)',
      'precision fp8 (measured: bf16, fp16)',
      '32768 prompt tokens in one prefill (measured up to 16384)',
      'decode batch 512 (measured up to 256)',
      'context 8192 tokens (measured up to 2049)',
    ]);
  });
});

describe('scaleStepTimer', () => {
  const timer = { stepSeconds: () => 0.01 };
  const scaled = scaleStepTimer(timer, { prefill: 1.2, decode: 1.5 });
  it('slows prefill steps by the prefill ratio, decode steps by the decode ratio, mixed steps by the larger', () => {
    expect(scaled.stepSeconds({ ...EMPTY_STEP, prefillTokens: 100, prefillSequences: 1 })).toBeCloseTo(
      0.012,
      12,
    );
    expect(scaled.stepSeconds({ ...EMPTY_STEP, decodeSequences: 4 })).toBeCloseTo(0.015, 12);
    expect(
      scaled.stepSeconds({ ...EMPTY_STEP, prefillTokens: 100, prefillSequences: 1, decodeSequences: 4 }),
    ).toBeCloseTo(0.015, 12);
  });
  it('returns the timer itself when both ratios are 1', () => {
    expect(scaleStepTimer(timer, { prefill: 1, decode: 1 })).toBe(timer);
  });
});
