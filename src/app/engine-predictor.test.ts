import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { testL4, unitEfficiency } from '../core/fixtures/gpus.js';
import { llama31_8b } from '../core/fixtures/models.js';
import { createRooflinePredictor } from '../core/roofline-predictor.js';
import { IDENTITY_CTCF, type TimeInputs } from '../core/time-predictor.js';
import { withEngine } from './engine-predictor.js';

const engines = fsPlannerData.engines?.();
if (!engines?.ok) throw new Error('engine profiles do not load');
const byId = (id: string) => {
  const e = engines.value.find((x) => x.id === id);
  if (!e) throw new Error(id);
  return e;
};
const roofline = createRooflinePredictor({ profiles: { L4: unitEfficiency }, fallback: unitEfficiency });
const inputs: TimeInputs = {
  model: llama31_8b,
  gpu: testL4,
  precision: 'bf16',
  tensorParallel: 1,
  gpuInterconnect: 'none',
  batch: { batchSize: 8, inputTokens: 512, outputTokens: 64 },
  offloadFraction: 0,
  calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
};

describe('withEngine', () => {
  it('adds the engine’s step costs and says they were fitted on another GPU', () => {
    const kernels = roofline.predict(inputs);
    const vllm = withEngine(roofline, byId('vllm')).predict(inputs);
    expect(vllm.decodeStepSeconds).toBeGreaterThan(kernels.decodeStepSeconds);
    expect(vllm.warnings.map((w) => w.code)).toEqual(['engine-overheads-other-gpu']);
  });

  it('names the engine a transferred profile came from', () => {
    const sglang = withEngine(roofline, byId('sglang')).predict(inputs);
    expect(sglang.warnings).toContainEqual({
      code: 'engine-overheads-transferred',
      details: { engine: 'sglang', fromEngine: 'vllm', fields: ['stepOverheads'] },
    });
    expect(sglang.decodeStepSeconds).toBeCloseTo(
      withEngine(roofline, byId('vllm')).predict(inputs).decodeStepSeconds,
      12,
    );
  });

  it('leaves a calibrated prediction to its calibration (fitted on whole steps)', () => {
    const calibrated = {
      ...inputs,
      calibration: { prefill: { alpha: 1.2, betaSeconds: 0 }, decode: IDENTITY_CTCF },
    };
    expect(withEngine(roofline, byId('vllm')).predict(calibrated)).toEqual(roofline.predict(calibrated));
  });
});
