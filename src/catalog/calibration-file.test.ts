import { describe, expect, it } from 'vitest';
import { parseCalibrationFile } from './calibration-file.js';

describe('parseCalibrationFile', () => {
  it('accepts a roofline calibration for an instance', () => {
    const r = parseCalibrationFile({
      schemaVersion: 1,
      id: 'mine',
      description: 'measured on g6.xlarge',
      predictors: { roofline: [{ instance: 'g6.xlarge', stage: 'decode', alpha: 1.3, betaSeconds: 0 }] },
    });
    expect(r.ok).toBe(true);
  });

  it('names the path of every bad field', () => {
    const r = parseCalibrationFile({
      schemaVersion: 1,
      id: 'bad',
      description: '',
      predictors: { roofline: [{ gpu: 'L4', stage: 'both', alpha: -1, betaSeconds: 0 }] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.issues.map((i) => i.path);
      expect(paths).toContain('predictors.roofline[0].stage');
      expect(paths).toContain('predictors.roofline[0].alpha');
    }
  });
});
