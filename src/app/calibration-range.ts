import {
  type Calibration,
  type CalibrationEntry,
  findCalibrationEntry,
  type Stage,
  type ValueRange,
} from '../core/calibration.js';
import type { Issue } from '../core/issue.js';

/** A prediction's batch shape and placement, to check against the calibration's measured range. */
export interface CalibrationQuery {
  predictor: string;
  instance?: string;
  gpu: string;
  batchSize: number;
  inputTokens: number;
  outputTokens: number;
  model?: string;
  tensorParallel?: number;
  precision?: string;
  engine?: string;
}

/** The entry `resolveCalibration` applies (same key and fallback order). */
function entryFor(entries: readonly CalibrationEntry[], stage: Stage, q: CalibrationQuery) {
  const { predictor: _p, batchSize: _b, inputTokens: _i, outputTokens: _o, ...target } = q;
  return findCalibrationEntry(entries, stage, target)?.entry;
}

/**
 * `calibration-extrapolated` for each stage and quantity where the query leaves the span the applied
 * CTCF was fitted on: batch size; prefill prompt length; decode context (input + 1 to input + output − 1).
 * Entries without a recorded range (older files, throughput fits) give no warning.
 */
export function calibrationRangeWarnings(calibration: Calibration | undefined, q: CalibrationQuery): Issue[] {
  if (!calibration) return [];
  const entries = calibration.predictors[q.predictor] ?? [];
  const warnings: Issue[] = [];
  const check = (stage: Stage, quantity: string, low: number, high: number, range: ValueRange) => {
    if (low >= range.min && high <= range.max) return;
    warnings.push({
      code: 'calibration-extrapolated',
      details: {
        calibration: calibration.id,
        target: q.instance ?? q.gpu,
        stage,
        quantity,
        low,
        high,
        min: range.min,
        max: range.max,
      },
    });
  };
  const prefill = entryFor(entries, 'prefill', q)?.fit?.range;
  if (prefill) {
    check('prefill', 'batch size', q.batchSize, q.batchSize, prefill.batchSize);
    check('prefill', 'prompt tokens', q.inputTokens, q.inputTokens, prefill.inputTokens);
  }
  const decode = entryFor(entries, 'decode', q)?.fit?.range;
  if (decode && q.outputTokens > 1) {
    check('decode', 'batch size', q.batchSize, q.batchSize, decode.batchSize);
    check(
      'decode',
      'context tokens',
      q.inputTokens + 1,
      q.inputTokens + q.outputTokens - 1,
      decode.contextTokens,
    );
  }
  return warnings;
}
