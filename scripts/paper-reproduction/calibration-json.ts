import type { Calibration } from '../../src/core/calibration.js';

/** A calibration as the file format `--calibration` reads (schemaVersion 1), deterministic. */
export function calibrationFileJson(c: Calibration): string {
  return `${JSON.stringify({ schemaVersion: 1, id: c.id, description: c.description, predictors: c.predictors, sources: c.sources }, null, 2)}\n`;
}
