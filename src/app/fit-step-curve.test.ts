import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { parseCalibrationFile } from '../catalog/calibration-file.js';
import { resolveCalibration } from '../core/calibration.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { MeasurementSample } from '../core/measurement.js';
import type { ModelConfig } from '../core/model-config.js';
import { fitCtcf } from './fit-ctcf.js';
import { createPredictor } from './predictors.js';

const models = fsPlannerData.models();
const gpus = fsPlannerData.gpus();
const efficiency = fsPlannerData.efficiency();
if (!models.ok || !gpus.ok || !efficiency.ok) throw new Error('built-in data did not load');
const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B') as ModelConfig;
const gpu = gpus.value.find((g) => g.id === 'H100-SXM') as GpuSpec;

// Shaped like DistServe's curves, with coefficients an H100 can reach (the fit refuses faster steps):
// ~20 µs per prompt token (8B parameters at ~80 % of peak), ~50 ns per KV token read (128 KiB each),
// and at least the 4.8 ms it takes to read 16 GB of weights once.
const prefillTruth = (b: number, l: number) => 6e-3 + 2e-5 * b * l + 2e-10 * b * l * l;
const decodeTruth = (b: number, c: number) => 8e-3 + 5e-8 * b * c + 4e-5 * b;

function samples(): MeasurementSample[] {
  let seed = 11;
  const noise = () => {
    seed = (seed * 16807) % 2147483647;
    return 1 + 0.005 * (2 * (seed / 2147483647) - 1);
  };
  const out: MeasurementSample[] = [];
  for (const b of [1, 2, 4, 8, 16])
    for (const l of [128, 512, 1024, 2048, 4096])
      out.push({
        stage: 'prefill',
        batchSize: b,
        inputTokens: l,
        contextTokens: l,
        offloadFraction: 0,
        seconds: prefillTruth(b, l) * noise(),
      });
  for (const b of [1, 4, 16, 64, 128])
    for (const c of [256, 1024, 2048, 4096, 8192])
      out.push({
        stage: 'decode',
        batchSize: b,
        inputTokens: 1,
        contextTokens: c,
        offloadFraction: 0,
        seconds: decodeTruth(b, c) * noise(),
      });
  return out;
}

describe('DistServe step-time curves in the CTCF cross-validation', () => {
  const roofline = createPredictor('roofline', efficiency.value);
  const fit = fitCtcf(
    [
      {
        label: 'curve.json',
        model,
        gpu,
        precision: 'bf16',
        tensorParallel: 1,
        gpuInterconnect: 'none',
        samples: samples(),
      },
    ],
    roofline,
  );

  it('chooses the curve shape for curve-shaped data and reports all four CV errors', () => {
    expect(fit.failures.map((f) => f.details)).toEqual([]);
    expect(fit.groups.map((g) => [g.stage, g.chosen])).toEqual([
      ['prefill', 'distserve-prefill'],
      ['decode', 'distserve-decode'],
    ]);
    for (const g of fit.groups) {
      expect(Object.keys(g.cvMeanAbsPctError).sort()).toEqual([
        'alpha',
        'alpha-beta',
        'distserve-decode',
        'distserve-prefill',
      ]);
      expect(g.meanAbsPctErrorAfter).toBeLessThan(1);
    }
  });

  it('round-trips through the calibration file schema and predicts the curve within 2 %', () => {
    const file = {
      schemaVersion: 1,
      id: 'c',
      description: 'd',
      predictors: { roofline: fit.entries },
      sources: [],
    };
    const parsed = parseCalibrationFile(JSON.parse(JSON.stringify(file)));
    if (!parsed.ok) throw new Error('schema rejected the file');
    expect(parsed.value.predictors.roofline).toEqual(fit.entries);
    const cal = resolveCalibration(parsed.value, 'roofline', undefined, gpu.id);
    expect(cal.calibration.prefillCurve?.kind).toBe('distserve-prefill');
    expect(cal.calibration.decodeCurve?.kind).toBe('distserve-decode');
    for (const predictor of [roofline]) {
      const p = predictor.predict({
        model,
        gpu,
        precision: 'bf16',
        tensorParallel: 1,
        gpuInterconnect: 'none',
        batch: { batchSize: 8, inputTokens: 1024, outputTokens: 513 },
        offloadFraction: 0,
        calibration: cal.calibration,
      });
      expect(Math.abs(p.prefill.seconds / prefillTruth(8, 1024) - 1)).toBeLessThan(0.02);
      expect(Math.abs(p.decodeStepSeconds / decodeTruth(8, 1024 + 256) - 1)).toBeLessThan(0.02);
    }
  });
});
