import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { Calibration } from '../core/calibration.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { ModelConfig } from '../core/model-config.js';
import { calibrationRangeWarnings } from './calibration-range.js';
import { fitCtcf, type ResolvedMeasurement } from './fit-ctcf.js';
import { syntheticMeasurement } from './fixtures/synthetic-measurements.js';
import { createPredictor } from './predictors.js';

function load() {
  const models = fsPlannerData.models();
  const gpus = fsPlannerData.gpus();
  const efficiency = fsPlannerData.efficiency();
  if (!models.ok || !gpus.ok || !efficiency.ok) throw new Error('built-in data did not load');
  const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B') as ModelConfig;
  const gpu = gpus.value.find((g) => g.id === 'H100-SXM') as GpuSpec;
  return { model, gpu, efficiency: efficiency.value };
}

const { model, gpu, efficiency } = load();
const roofline = createPredictor('roofline', efficiency);
const paper = createPredictor('paper', efficiency);

const TRUE_CTCF = { alpha: 1.3, betaSeconds: 20e-6 };

function resolved(m: ReturnType<typeof syntheticMeasurement>): ResolvedMeasurement {
  return {
    label: 'synthetic.json',
    model,
    gpu,
    precision: m.precision,
    tensorParallel: 1,
    gpuInterconnect: 'none',
    samples: m.samples,
  };
}

describe('fitCtcf', () => {
  it('recovers α = 1.3 and β = 20 µs per layer from noisy steps with two gross outliers per stage', () => {
    const m = syntheticMeasurement({
      model,
      gpu,
      precision: 'bf16',
      predictor: roofline,
      truth: { prefill: TRUE_CTCF, decode: TRUE_CTCF },
      noise: 0.01,
      seed: 7,
      // Prefill samples are 0–24, decode 25–49.
      outliers: [
        { index: 3, factor: 3 },
        { index: 17, factor: 0.4 },
        { index: 30, factor: 2.5 },
        { index: 44, factor: 4 },
      ],
    });
    const fit = fitCtcf([resolved(m)], roofline);
    // Outlier 17 (× 0.4) is faster than an H100 at 100 % of peak: named, down-weighted, not fatal.
    expect(fit.failures.map((f) => [f.code, f.details?.samples])).toEqual([
      ['measurement-faster-than-hardware', expect.stringMatching(/^synthetic\.json#17 \(/)],
    ]);
    expect(fit.groups.map((g) => [g.group, g.stage, g.chosen])).toEqual([
      ['H100-SXM', 'prefill', 'alpha-beta'],
      ['H100-SXM', 'decode', 'alpha-beta'],
    ]);
    for (const g of fit.groups) {
      expect(Math.abs(g.alpha / 1.3 - 1)).toBeLessThan(0.02);
      expect(Math.abs(g.betaSeconds / 20e-6 - 1)).toBeLessThan(0.05);
      expect(g.outliers).toBe(2);
      expect(g.meanAbsPctErrorAfter).toBeLessThan(g.meanAbsPctErrorBefore);
    }
    expect(fit.entries.map((e) => [e.gpu, e.stage, e.fit?.points])).toEqual([
      ['H100-SXM', 'prefill', 25],
      ['H100-SXM', 'decode', 25],
    ]);
  });

  it('gives nearly the same fit with the outliers as without them', () => {
    const options = {
      model,
      gpu,
      precision: 'bf16' as const,
      predictor: roofline,
      truth: { prefill: TRUE_CTCF, decode: TRUE_CTCF },
      noise: 0.01,
      seed: 5,
    };
    const clean = fitCtcf([resolved(syntheticMeasurement(options))], roofline).groups;
    const dirty = fitCtcf(
      [
        resolved(
          syntheticMeasurement({
            ...options,
            outliers: [
              { index: 8, factor: 5 },
              { index: 12, factor: 5 },
              { index: 30, factor: 5 },
              { index: 44, factor: 5 },
            ],
          }),
        ),
      ],
      roofline,
    ).groups;
    for (const [i, g] of dirty.entries()) {
      expect(Math.abs(g.alpha / (clean[i]?.alpha as number) - 1)).toBeLessThan(0.01);
    }
  });

  it('chooses α alone when the true β is 0', () => {
    const truth = { alpha: 0.8, betaSeconds: 0 };
    const m = syntheticMeasurement({
      model,
      gpu,
      precision: 'bf16',
      predictor: roofline,
      truth: { prefill: truth, decode: truth },
      noise: 0.01,
      seed: 11,
    });
    const fit = fitCtcf([resolved(m)], roofline);
    for (const g of fit.groups) {
      expect(g.chosen).toBe('alpha');
      expect(g.betaSeconds).toBe(0);
      expect(Math.abs(g.alpha / 0.8 - 1)).toBeLessThan(0.01);
      expect(g.cvMeanAbsPctError.alpha).not.toBeNull();
      expect(g.cvMeanAbsPctError['alpha-beta']).not.toBeNull();
    }
  });

  it('fits per instance when the measurement names one', () => {
    const m = syntheticMeasurement({
      model,
      gpu,
      precision: 'bf16',
      predictor: paper,
      truth: { prefill: TRUE_CTCF, decode: TRUE_CTCF },
      noise: 0,
      seed: 3,
    });
    const fit = fitCtcf([{ ...resolved(m), instance: 'p5.48xlarge' }], paper);
    expect(fit.entries.every((e) => e.instance === 'p5.48xlarge' && e.gpu === undefined)).toBe(true);
    for (const g of fit.groups) expect(g.alpha).toBeCloseTo(1.3, 4);
  });

  it('records the measured range and reports no positive α as unfittable', () => {
    const m = syntheticMeasurement({
      model,
      gpu,
      precision: 'bf16',
      predictor: roofline,
      truth: { prefill: TRUE_CTCF, decode: TRUE_CTCF },
      noise: 0,
      seed: 3,
    });
    const fit = fitCtcf([resolved(m)], roofline);
    expect(fit.entries[1]?.fit?.range).toEqual({
      batchSize: { min: 1, max: 64 },
      inputTokens: { min: 1, max: 1 },
      contextTokens: { min: 256, max: 4096 },
    });
    const tiny = m.samples.map((s) => ({ ...s, seconds: 1e-9 }));
    const bad = fitCtcf([{ ...resolved(m), samples: tiny }], roofline);
    expect(bad.entries).toEqual([]);
    expect(bad.failures.map((f) => f.code)).toEqual([
      'measurement-faster-than-hardware',
      'calibration-unfittable',
      'measurement-faster-than-hardware',
      'calibration-unfittable',
    ]);
  });
});

describe('calibrationRangeWarnings', () => {
  const range = {
    batchSize: { min: 1, max: 16 },
    inputTokens: { min: 128, max: 2048 },
    contextTokens: { min: 128, max: 2048 },
  };
  const calibration: Calibration = {
    id: 'mine',
    description: '',
    sources: [],
    predictors: {
      roofline: [
        {
          gpu: 'H100-SXM',
          stage: 'prefill',
          alpha: 1.2,
          betaSeconds: 0,
          fit: { points: 9, meanAbsPctError: 1, range },
        },
        {
          gpu: 'H100-SXM',
          stage: 'decode',
          alpha: 1.2,
          betaSeconds: 0,
          fit: { points: 9, meanAbsPctError: 1, range },
        },
      ],
    },
  };
  const query = { predictor: 'roofline', gpu: 'H100-SXM', batchSize: 8, inputTokens: 512, outputTokens: 128 };

  it('is silent inside the measured range', () => {
    expect(calibrationRangeWarnings(calibration, query)).toEqual([]);
  });

  it('warns per stage and quantity outside it', () => {
    const w = calibrationRangeWarnings(calibration, { ...query, batchSize: 32, outputTokens: 4096 });
    expect(w.map((i) => [i.details?.stage, i.details?.quantity])).toEqual([
      ['prefill', 'batch size'],
      ['decode', 'batch size'],
      ['decode', 'context tokens'],
    ]);
    expect(w.every((i) => i.code === 'calibration-extrapolated')).toBe(true);
  });

  it('is silent for another GPU, another predictor, or no calibration', () => {
    expect(calibrationRangeWarnings(calibration, { ...query, gpu: 'A10G', batchSize: 999 })).toEqual([]);
    expect(calibrationRangeWarnings(calibration, { ...query, predictor: 'paper', batchSize: 999 })).toEqual(
      [],
    );
    expect(calibrationRangeWarnings(undefined, query)).toEqual([]);
  });
});
