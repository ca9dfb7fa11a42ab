import { describe, expect, it } from 'vitest';
import { testL4 } from './fixtures/gpus.js';
import { llama31_8b } from './fixtures/models.js';
import { layerOperators } from './layer-operators.js';
import { assembleLayerStep } from './layer-step.js';
import { ZERO_RESOURCES } from './step-resources.js';
import { IDENTITY_CTCF, type TimeInputs } from './time-predictor.js';

const inputs: TimeInputs = {
  model: llama31_8b,
  gpu: testL4,
  precision: 'bf16',
  tensorParallel: 2,
  gpuInterconnect: 'nvlink',
  batch: { batchSize: 1, inputTokens: 100, outputTokens: 2 },
  offloadFraction: 0,
  calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
};
const step = { batchSize: 1, newTokens: 1, contextTokens: 100, kind: 'decode' as const };

describe('assembleLayerStep', () => {
  it('is (CTCF(layer) + all-reduces) × layers + LM head (hand-worked)', () => {
    // layer 100 µs compute + 50 µs HBM + 10 µs launches = 160 µs; CTCF 1.5·t + 20 µs = 260 µs;
    // + 30 µs of all-reduce = 290 µs × 32 layers = 9.28 ms; + 1 ms LM head = 10.28 ms
    const t = assembleLayerStep({
      inputs,
      step,
      ops: layerOperators(llama31_8b, 'bf16', 2, step),
      gpuLayer: { ...ZERO_RESOURCES, compute: 100e-6, hbm: 50e-6, overhead: 10e-6 },
      head: { ...ZERO_RESOURCES, hbm: 1e-3 },
      interconnectLayerSeconds: 30e-6,
      ctcf: { alpha: 1.5, betaSeconds: 20e-6 },
    });
    expect(t.seconds).toBeCloseTo(10.28e-3, 12);
    expect(t.gpuSeconds).toBeCloseTo(32 * 260e-6 + 1e-3, 12);
    // the CTCF scales each resource alike: compute 100 µs × 260/160 × 32
    expect(t.resources.compute).toBeCloseTo(32 * 100e-6 * (260 / 160), 12);
    expect(t.resources.interconnect).toBeCloseTo(32 * 30e-6, 12);
  });
});
