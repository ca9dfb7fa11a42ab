import { describe, expect, it } from 'vitest';
import { type Calibration, checkCalibrationPredictor, resolveCalibration } from './calibration.js';

const calibration: Calibration = {
  id: 'test',
  description: 'test',
  sources: [],
  predictors: {
    roofline: [
      { gpu: 'L4', stage: 'prefill', alpha: 1.5, betaSeconds: 0 },
      { gpu: 'L4', stage: 'decode', alpha: 1.2, betaSeconds: 0.001 },
      { instance: 'g6.xlarge', stage: 'prefill', alpha: 2, betaSeconds: 0 },
      { instance: 'g6.xlarge', stage: 'decode', alpha: 3, betaSeconds: 0 },
    ],
  },
};

describe('resolveCalibration', () => {
  it('prefers the instance entry over the GPU entry', () => {
    const r = resolveCalibration(calibration, 'roofline', 'g6.xlarge', 'L4');
    expect(r.calibration.prefill.alpha).toBe(2);
    expect(r.calibrated).toBe(true);
  });

  it('falls back to the GPU entry', () => {
    const r = resolveCalibration(calibration, 'roofline', 'g6.12xlarge', 'L4');
    expect(r.calibration.decode).toEqual({ alpha: 1.2, betaSeconds: 0.001 });
  });

  it('uses identity with an "uncalibrated" warning where nothing matches', () => {
    const r = resolveCalibration(calibration, 'roofline', 'g5.xlarge', 'A10G');
    expect(r.calibration.prefill).toEqual({ alpha: 1, betaSeconds: 0 });
    expect(r.warnings[0]?.code).toBe('uncalibrated');
  });

  it('flags a calibration fitted for another predictor', () => {
    expect(checkCalibrationPredictor(calibration, 'paper')?.code).toBe('calibration-predictor-mismatch');
    expect(checkCalibrationPredictor(calibration, 'roofline')).toBeUndefined();
  });
});

describe('calibrations keyed by (hardware, model, TP, precision, engine) with an explicit fallback', () => {
  const keyed: Calibration = {
    id: 'keyed',
    description: '',
    sources: [],
    predictors: {
      roofline: [
        {
          gpu: 'H100-SXM',
          model: 'm8',
          tensorParallel: 1,
          precision: 'bf16',
          engine: 'vllm',
          stage: 'decode',
          alpha: 1.7,
          betaSeconds: 0,
        },
        {
          gpu: 'H100-SXM',
          model: 'm8',
          tensorParallel: 8,
          precision: 'bf16',
          engine: 'vllm',
          stage: 'decode',
          alpha: 3.8,
          betaSeconds: 0,
        },
        {
          gpu: 'H100-SXM',
          model: 'm8',
          tensorParallel: 1,
          precision: 'bf16',
          engine: 'vllm',
          stage: 'prefill',
          alpha: 1.2,
          betaSeconds: -1e-5,
        },
      ],
    },
  };
  const target = { model: 'm8', tensorParallel: 8, precision: 'bf16', engine: 'vllm' };

  it('uses the entry of the exact key, silently', () => {
    const r = resolveCalibration(keyed, 'roofline', undefined, 'H100-SXM', target);
    expect(r.calibration.decode.alpha).toBe(3.8);
    expect(r.warnings.filter((w) => w.code === 'calibration-transferred')).toEqual([]);
  });

  it('gives up engine, then precision, then TP, then model — and names what it transferred', () => {
    const r = resolveCalibration(keyed, 'roofline', undefined, 'H100-SXM', {
      ...target,
      engine: 'sglang',
      precision: 'fp8',
    });
    expect(r.calibration.decode.alpha).toBe(3.8);
    expect(r.warnings.find((w) => w.details?.stage === 'decode')).toMatchObject({
      code: 'calibration-transferred',
      details: {
        stage: 'decode',
        fields: ['engine', 'precision'],
        from: 'H100-SXM · m8 · TP8 · bf16 · vllm',
      },
    });
    const otherModel = resolveCalibration(keyed, 'roofline', undefined, 'H100-SXM', {
      ...target,
      model: 'm70',
    });
    expect(otherModel.calibration.decode.alpha).toBe(3.8);
    expect(otherModel.warnings.find((w) => w.details?.stage === 'decode')?.details?.fields).toEqual([
      'model',
    ]);
  });

  it('never crosses hardware', () => {
    const r = resolveCalibration(keyed, 'roofline', undefined, 'A100-80GB', target);
    expect(r.calibrated).toBe(false);
    expect(r.warnings.map((w) => w.code)).toEqual(['uncalibrated']);
  });

  it('does not carry a negative β (or a curve) to another model or TP: that stage is uncalibrated', () => {
    const r = resolveCalibration(keyed, 'roofline', undefined, 'H100-SXM', target);
    expect(r.calibration.prefill).toEqual({ alpha: 1, betaSeconds: 0 });
    expect(r.warnings.map((w) => w.code)).toEqual(['calibration-not-transferable', 'uncalibrated']);
  });

  it('keeps older files that name only the hardware working for any model (paper-2025-online)', () => {
    const r = resolveCalibration(calibration, 'roofline', 'g6.xlarge', 'L4', target);
    expect(r.calibration.decode.alpha).toBe(3);
    expect(r.warnings).toEqual([]);
  });
});
