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
