import type { GpuSpec } from '../core/gpu-spec.js';
import type { Measurement, MeasurementSample } from '../core/measurement.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { StageCalibration, TimePredictor } from '../core/time-predictor.js';

export interface SyntheticMeasurementOptions {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  predictor: TimePredictor;
  /** The "true" CTCF the hardware follows. */
  truth: StageCalibration;
  /** Relative noise amplitude: each time is multiplied by 1 + noise·u, u uniform in [−1, 1]. */
  noise: number;
  seed: number;
  /** Gross outliers: the sample at this index (in the order generated) multiplied by factor. */
  outliers?: { index: number; factor: number }[];
}

/** A small deterministic PRNG (mulberry32), so fixtures and tests are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SYNTHETIC_PREFILL_GRID = {
  batchSizes: [1, 2, 4, 8, 16],
  inputTokens: [128, 256, 512, 1024, 2048],
};
export const SYNTHETIC_DECODE_GRID = {
  batchSizes: [1, 4, 16, 32, 64],
  contextTokens: [256, 512, 1024, 2048, 4096],
};

/**
 * Measurements a GPU that follows the predictor with a known CTCF would produce: a prefill grid (batch ×
 * prompt) and a decode grid (batch × context), one step each, with seeded noise and optional outliers.
 * For tests of `fitCtcf` and the committed example in test/fixtures/measurements/.
 */
export function syntheticMeasurement(o: SyntheticMeasurementOptions): Measurement {
  const random = mulberry32(o.seed);
  const samples: MeasurementSample[] = [];
  const time = (stage: 'prefill' | 'decode', batchSize: number, tokens: number) => {
    const batch =
      stage === 'prefill'
        ? { batchSize, inputTokens: tokens, outputTokens: 1 }
        : { batchSize, inputTokens: tokens - 1, outputTokens: 2 };
    const p = o.predictor.predict({
      model: o.model,
      gpu: o.gpu,
      precision: o.precision,
      tensorParallel: 1,
      gpuInterconnect: 'none',
      batch,
      offloadFraction: 0,
      calibration: o.truth,
    });
    return stage === 'prefill' ? p.prefill.seconds : p.decode.seconds;
  };
  for (const b of SYNTHETIC_PREFILL_GRID.batchSizes)
    for (const t of SYNTHETIC_PREFILL_GRID.inputTokens)
      samples.push({
        stage: 'prefill',
        batchSize: b,
        inputTokens: t,
        contextTokens: t,
        offloadFraction: 0,
        seconds: time('prefill', b, t),
      });
  for (const b of SYNTHETIC_DECODE_GRID.batchSizes)
    for (const c of SYNTHETIC_DECODE_GRID.contextTokens)
      samples.push({
        stage: 'decode',
        batchSize: b,
        inputTokens: 1,
        contextTokens: c,
        offloadFraction: 0,
        seconds: time('decode', b, c),
      });
  for (const s of samples) s.seconds *= 1 + o.noise * (2 * random() - 1);
  for (const { index, factor } of o.outliers ?? []) {
    const s = samples[index];
    if (s) s.seconds *= factor;
  }
  for (const s of samples) s.seconds = Number(s.seconds.toPrecision(6));
  return {
    schemaVersion: 1,
    hardware: { gpu: o.gpu.id, gpuCount: 1 },
    software: { engine: 'synthetic', version: '1' },
    model: { id: o.model.id },
    precision: o.precision,
    tensorParallel: 1,
    samples,
    provenance: {
      source: `synthetic: ${o.predictor.id} predictor with prefill α ${o.truth.prefill.alpha}, β ${o.truth.prefill.betaSeconds * 1e6} µs/layer; decode α ${o.truth.decode.alpha}, β ${o.truth.decode.betaSeconds * 1e6} µs/layer; noise ±${o.noise * 100} %, seed ${o.seed}`,
    },
  };
}
