import type { Issue } from './issue.js';
import type { Source } from './source.js';
import { type Ctcf, IDENTITY_CTCF, type StageCalibration, type StageCurve } from './time-predictor.js';

export type Stage = 'prefill' | 'decode';

/** One fitted CTCF, for an instance type or (less specific) a GPU, and one stage. */
export interface CalibrationEntry {
  instance?: string;
  gpu?: string;
  stage: Stage;
  alpha: number;
  betaSeconds: number;
  /**
   * A direct step-time curve chosen over CTCF by cross-validation: it then times this stage instead of
   * alpha and beta (which stay the best CTCF fit, for readers that ignore curves).
   */
  curve?: StageCurve;
  /**
   * How well it fitted: points used and their mean absolute % error after calibration; `range`, the
   * measured span (batch size, input tokens, context tokens) outside which the fit is extrapolated.
   */
  fit?: { points: number; meanAbsPctError: number; range?: MeasuredRange };
}

export interface ValueRange {
  min: number;
  max: number;
}

/** The span of the samples a CTCF entry was fitted on. */
export interface MeasuredRange {
  batchSize: ValueRange;
  inputTokens: ValueRange;
  contextTokens: ValueRange;
}

/**
 * A set of CTCF parameters. CTCF corrects a particular predictor's times, so entries are kept per
 * predictor id; applying them to another predictor is an error.
 */
export interface Calibration {
  id: string;
  description: string;
  predictors: Record<string, CalibrationEntry[]>;
  sources: Source[];
}

function entryFor(entries: CalibrationEntry[], stage: Stage, instanceId: string | undefined, gpuId: string) {
  return (
    entries.find((e) => e.stage === stage && instanceId !== undefined && e.instance === instanceId) ??
    entries.find((e) => e.stage === stage && e.instance === undefined && e.gpu === gpuId)
  );
}

/**
 * The CTCF to apply for a placement: an instance-specific entry beats a GPU one; with none, identity
 * (alpha 1, beta 0) and a warning that this placement is uncalibrated.
 */
export function resolveCalibration(
  calibration: Calibration | undefined,
  predictorId: string,
  instanceId: string | undefined,
  gpuId: string,
): { calibration: StageCalibration; calibrated: boolean; warnings: Issue[] } {
  if (!calibration)
    return {
      calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
      calibrated: false,
      warnings: [],
    };
  const entries = calibration.predictors[predictorId] ?? [];
  const prefillEntry = entryFor(entries, 'prefill', instanceId, gpuId);
  const decodeEntry = entryFor(entries, 'decode', instanceId, gpuId);
  const ctcfOf = (e: CalibrationEntry | undefined): Ctcf | undefined =>
    e ? { alpha: e.alpha, betaSeconds: e.betaSeconds } : undefined;
  const prefill = ctcfOf(prefillEntry);
  const decode = ctcfOf(decodeEntry);
  const warnings: Issue[] = [];
  if (!prefill || !decode) {
    warnings.push({
      code: 'uncalibrated',
      details: { calibration: calibration.id, target: instanceId ?? gpuId, predictor: predictorId },
    });
  }
  return {
    calibration: {
      prefill: prefill ?? IDENTITY_CTCF,
      decode: decode ?? IDENTITY_CTCF,
      ...(prefillEntry?.curve ? { prefillCurve: prefillEntry.curve } : {}),
      ...(decodeEntry?.curve ? { decodeCurve: decodeEntry.curve } : {}),
    },
    calibrated: Boolean(prefill && decode),
    warnings,
  };
}

/** A calibration made for other predictors cannot correct this one. */
export function checkCalibrationPredictor(calibration: Calibration, predictorId: string): Issue | undefined {
  if (calibration.predictors[predictorId]) return undefined;
  return {
    code: 'calibration-predictor-mismatch',
    details: {
      calibration: calibration.id,
      predictor: predictorId,
      available: Object.keys(calibration.predictors),
    },
  };
}
