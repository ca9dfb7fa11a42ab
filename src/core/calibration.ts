import type { Issue } from './issue.js';
import type { Source } from './source.js';
import { type Ctcf, IDENTITY_CTCF, type StageCalibration, type StageCurve } from './time-predictor.js';

export type Stage = 'prefill' | 'decode';

/** One fitted CTCF, for an instance type or (less specific) a GPU, and one stage. */
export interface CalibrationEntry {
  instance?: string;
  gpu?: string;
  /** Key fields (optional: an entry without one applies to any value of it; see findCalibrationEntry). */
  model?: string;
  tensorParallel?: number;
  precision?: string;
  engine?: string;
  stage: Stage;
  alpha: number;
  betaSeconds: number;
  /**
   * A direct step-time curve chosen over CTCF by cross-validation: it then times this stage instead of
   * alpha and beta (which stay the best CTCF fit, for readers that ignore curves).
   */
  curve?: StageCurve;
  /**
   * `kept`: fitted through the serving simulator with the engine's step overheads in place (from
   * end-to-end serving runs), so they stay added when it applies. Absent: fitted on whole measured steps,
   * which already contain them, so they are not added on top.
   */
  engineOverheads?: 'kept';
  /**
   * How well it fitted: points used and their mean absolute % error after calibration; `range`, the
   * measured span (batch size, input tokens, context tokens) outside which the fit is extrapolated.
   */
  fit?: {
    points: number;
    meanAbsPctError: number;
    /** k-fold cross-validated mean absolute % error of the chosen shape (null: too few samples). */
    cvMeanAbsPctError?: number | null;
    range?: MeasuredRange;
  };
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

/** What a calibration is looked up for: hardware, and (when known) the model, layout and engine. */
export interface CalibrationTarget {
  instance?: string;
  gpu: string;
  model?: string;
  tensorParallel?: number;
  precision?: string;
  engine?: string;
}

/** The key fields beside the hardware, in the order the fallback gives them up. */
export const CALIBRATION_KEY_FIELDS = ['engine', 'precision', 'tensorParallel', 'model'] as const;
export type CalibrationKeyField = (typeof CALIBRATION_KEY_FIELDS)[number];

export interface EntryMatch {
  entry: CalibrationEntry;
  /** Key fields the entry names with another value than the target: the entry is transferred. */
  transferred: CalibrationKeyField[];
}

const names = (e: CalibrationEntry, f: CalibrationKeyField) => e[f] !== undefined;

/**
 * The entry for a target and stage, by an explicit fallback order. The hardware is never given up: an
 * entry must name the target's instance type, or (less specific) its GPU. Each key field an entry names
 * (engine, precision, tensor-parallel degree, model) must equal the target's; an entry that leaves a
 * field out applies to any value of it (older files, such as paper-2025-online, name only the
 * hardware). With no such entry, the fallback gives up the fields in this order — engine, then
 * precision, then tensor-parallel degree, then model — and the entry found names what it was
 * transferred across. Among equally good entries: an instance entry beats a GPU one, then the entry
 * naming more key fields, then file order. A target field left undefined matches any entry's value.
 */
export function findCalibrationEntry(
  entries: readonly CalibrationEntry[],
  stage: Stage,
  target: CalibrationTarget,
): EntryMatch | undefined {
  const hardware = entries.filter(
    (e) =>
      e.stage === stage &&
      ((target.instance !== undefined && e.instance === target.instance) ||
        (e.instance === undefined && e.gpu === target.gpu)),
  );
  const differs = (e: CalibrationEntry, f: CalibrationKeyField) =>
    names(e, f) && target[f] !== undefined && e[f] !== target[f];
  for (let level = 0; level <= CALIBRATION_KEY_FIELDS.length; level++) {
    const relaxed = CALIBRATION_KEY_FIELDS.slice(0, level);
    const strict = CALIBRATION_KEY_FIELDS.slice(level);
    const candidates = hardware.filter((e) => strict.every((f) => !differs(e, f)));
    if (candidates.length === 0) continue;
    const score = (e: CalibrationEntry) =>
      (e.instance !== undefined ? 100 : 0) +
      CALIBRATION_KEY_FIELDS.filter((f) => names(e, f) && !differs(e, f)).length;
    const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
    return { entry: best, transferred: relaxed.filter((f) => differs(best, f)) };
  }
  return undefined;
}

/** An entry's key, as warnings print it. */
export function describeCalibrationKey(k: Partial<CalibrationTarget> & { instance?: string }): string {
  const parts = [k.instance ?? k.gpu ?? '?'];
  if (k.model !== undefined) parts.push(k.model);
  if (k.tensorParallel !== undefined) parts.push(`TP${k.tensorParallel}`);
  if (k.precision !== undefined) parts.push(k.precision);
  if (k.engine !== undefined) parts.push(k.engine);
  return parts.join(' · ');
}

/**
 * A fitted curve or a negative β describes one model's steps (a curve is that model's step time; a
 * negative β is only known to be safe above that model's smallest per-layer time): neither crosses to
 * another model or tensor-parallel degree.
 */
function modelSpecific(e: CalibrationEntry): boolean {
  return e.curve !== undefined || e.betaSeconds < 0;
}

/**
 * The CTCF to apply for a placement (see `findCalibrationEntry` for the fallback order); with none,
 * identity (alpha 1, beta 0) and a warning that this placement is uncalibrated. An entry transferred
 * across a key field comes with `calibration-transferred` naming the fields and both keys; one whose
 * curve or negative β cannot cross to another model or layout is not applied
 * (`calibration-not-transferable`), and that stage is uncalibrated.
 */
export function resolveCalibration(
  calibration: Calibration | undefined,
  predictorId: string,
  instanceId: string | undefined,
  gpuId: string,
  key: Omit<CalibrationTarget, 'instance' | 'gpu'> = {},
): { calibration: StageCalibration; calibrated: boolean; warnings: Issue[] } {
  if (!calibration)
    return {
      calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
      calibrated: false,
      warnings: [],
    };
  const target: CalibrationTarget = {
    ...key,
    gpu: gpuId,
    ...(instanceId !== undefined ? { instance: instanceId } : {}),
  };
  const entries = calibration.predictors[predictorId] ?? [];
  const warnings: Issue[] = [];
  const usable = (stage: Stage): CalibrationEntry | undefined => {
    const match = findCalibrationEntry(entries, stage, target);
    if (!match) return undefined;
    if (match.transferred.length === 0) return match.entry;
    const details = {
      calibration: calibration.id,
      stage,
      from: describeCalibrationKey(match.entry),
      to: describeCalibrationKey(target),
      fields: match.transferred,
    };
    const acrossShape = match.transferred.some((f) => f === 'model' || f === 'tensorParallel');
    if (acrossShape && modelSpecific(match.entry)) {
      warnings.push({ code: 'calibration-not-transferable', details });
      return undefined;
    }
    warnings.push({ code: 'calibration-transferred', details });
    return match.entry;
  };
  const prefillEntry = usable('prefill');
  const decodeEntry = usable('decode');
  const ctcfOf = (e: CalibrationEntry | undefined): Ctcf | undefined =>
    e ? { alpha: e.alpha, betaSeconds: e.betaSeconds } : undefined;
  const prefill = ctcfOf(prefillEntry);
  const decode = ctcfOf(decodeEntry);
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
      ...(prefillEntry?.engineOverheads === 'kept' && decodeEntry?.engineOverheads === 'kept'
        ? { keepsEngineOverheads: true }
        : {}),
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
