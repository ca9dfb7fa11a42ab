import type { CalibrationEntry, MeasuredRange, Stage } from '../core/calibration.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Issue } from '../core/issue.js';
import type { MeasurementSample } from '../core/measurement.js';
import type { BatchShape } from '../core/memory.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import {
  type Ctcf,
  type CurveFeatures,
  curveSeconds,
  IDENTITY_CTCF,
  type StageCalibration,
  type StageCurve,
  type TimePredictor,
  uniformCurveFeatures,
} from '../core/time-predictor.js';
import { curveResidual, HUBER_K, median, robustCurveFit } from './fit-step-curve.js';

/** One measurement file's samples with the catalog hardware and model they ran on. */
export interface ResolvedMeasurement {
  /** Where the samples came from (a file name), for error messages. */
  label: string;
  model: ModelConfig;
  gpu: GpuSpec;
  /** Catalog instance type, when known: the fit is then per instance, else per GPU. */
  instance?: string;
  precision: Precision;
  tensorParallel: number;
  gpuInterconnect: 'nvlink' | 'pcie' | 'none';
  samples: readonly MeasurementSample[];
}

/** The CTCF shapes: alpha and beta, or alpha alone. */
export type CtcfOnlyShape = 'alpha-beta' | 'alpha';
/** Every candidate: the CTCF shapes and the direct step-time curves (DistServe's shapes). */
export type CtcfShape = CtcfOnlyShape | StageCurve['kind'];
const CURVE_KINDS: readonly StageCurve['kind'][] = ['distserve-prefill', 'distserve-decode'];

/** One fitted group (instance or GPU, and stage), as the paper's Table III reports it. */
export interface CtcfGroupReport {
  group: string;
  groupKind: 'instance' | 'gpu';
  stage: Stage;
  alpha: number;
  betaSeconds: number;
  samples: number;
  /** k-fold cross-validated mean absolute % error of each shape (null: too few samples to fit it). */
  cvMeanAbsPctError: Record<CtcfShape, number | null>;
  chosen: CtcfShape;
  /** The fitted step-time curve, when a curve shape was chosen. */
  curve?: StageCurve;
  /** Mean absolute % error of the predictor on these samples, uncalibrated and calibrated. */
  meanAbsPctErrorBefore: number;
  meanAbsPctErrorAfter: number;
  /** Samples the robust fit down-weighted as outliers (|residual| > 5 robust standard deviations). */
  outliers: number;
  range: MeasuredRange;
}

export interface CtcfFit {
  entries: CalibrationEntry[];
  groups: CtcfGroupReport[];
  /** Groups that could not be fitted, and samples the predictor could not time. */
  failures: Issue[];
}

export interface FitCtcfOptions {
  /** Cross-validation folds (default 5). */
  folds?: number;
}

/** The predictor's time for a sample, linear in the CTCF: base + alpha·x + beta·z. */
interface LinearPoint {
  base: number;
  x: number;
  z: number;
  measured: number;
  sample: MeasurementSample;
  /** The stage's PCIe seconds uncalibrated (what a curve does not cover), and the curve's features. */
  pcie: number;
  features: CurveFeatures;
  evaluate(ctcf: Ctcf, curve?: StageCurve): number;
}

const OUTLIER_SIGMAS = 5;
/** alpha+beta must beat alpha alone by this relative margin in CV error to be chosen (parsimony). */
const SHAPE_MARGIN = 0.02;

/**
 * The batch shape whose prefill (or single decode step) is the sample's step: prefill is `{B, Lin, 1}`
 * and its prefill stage; a decode step at context C is `{B, C − 1, 2}`, whose decode stage is exactly
 * one step at context C (the roofline's Simpson rule evaluates C three times; the paper's equation 6
 * uses Lin + Lout/2 = C).
 */
function batchFor(sample: MeasurementSample): BatchShape | undefined {
  if (sample.stage === 'prefill')
    return { batchSize: sample.batchSize, inputTokens: sample.inputTokens, outputTokens: 1 };
  if (sample.contextTokens < 2) return undefined;
  return { batchSize: sample.batchSize, inputTokens: sample.contextTokens - 1, outputTokens: 2 };
}

function linearPoint(
  m: ResolvedMeasurement,
  sample: MeasurementSample,
  predictor: TimePredictor,
): LinearPoint | undefined {
  const batch = batchFor(sample);
  if (!batch) return undefined;
  const stageTime = (ctcf: Ctcf, curve?: StageCurve) => {
    const calibration: StageCalibration = { prefill: ctcf, decode: ctcf };
    if (curve && sample.stage === 'prefill') calibration.prefillCurve = curve;
    if (curve && sample.stage === 'decode') calibration.decodeCurve = curve;
    const p = predictor.predict({
      model: m.model,
      gpu: m.gpu,
      precision: m.precision,
      tensorParallel: m.tensorParallel,
      gpuInterconnect: m.gpuInterconnect,
      batch,
      offloadFraction: sample.offloadFraction,
      calibration,
    });
    return sample.stage === 'prefill' ? p.prefill : p.decode;
  };
  const evaluate = (ctcf: Ctcf, curve?: StageCurve): number => stageTime(ctcf, curve).seconds;
  const base = evaluate({ alpha: 0, betaSeconds: 0 });
  const x = evaluate({ alpha: 1, betaSeconds: 0 }) - base;
  const z = evaluate({ alpha: 0, betaSeconds: 1 }) - base;
  const pcie = stageTime(IDENTITY_CTCF).pcieSeconds;
  if (![base, x, z, pcie].every(Number.isFinite)) return undefined;
  const newTokens = sample.stage === 'prefill' ? batch.inputTokens : 1;
  const context = sample.stage === 'prefill' ? batch.inputTokens : sample.contextTokens;
  const features = uniformCurveFeatures(batch.batchSize, newTokens, context);
  return { base, x, z, measured: sample.seconds, sample, pcie, features, evaluate };
}

/** Weighted least squares of (y − base)/m on x/m (and z/m): relative residuals, so every step counts. */
function weightedSolve(
  points: readonly LinearPoint[],
  weights: readonly number[],
  shape: CtcfOnlyShape,
): Ctcf | undefined {
  let sxx = 0;
  let sxz = 0;
  let szz = 0;
  let sxy = 0;
  let szy = 0;
  points.forEach((p, i) => {
    const w = weights[i] as number;
    const x = p.x / p.measured;
    const z = p.z / p.measured;
    const y = (p.measured - p.base) / p.measured;
    sxx += w * x * x;
    sxz += w * x * z;
    szz += w * z * z;
    sxy += w * x * y;
    szy += w * z * y;
  });
  if (shape === 'alpha') return sxx > 0 ? { alpha: sxy / sxx, betaSeconds: 0 } : undefined;
  const det = sxx * szz - sxz * sxz;
  // Collinear x and z (every sample the same shape): alpha and beta cannot be told apart.
  if (!(det > 1e-9 * sxx * szz)) return undefined;
  return { alpha: (sxy * szz - szy * sxz) / det, betaSeconds: (szy * sxx - sxy * sxz) / det };
}

const relativeResidual = (p: LinearPoint, c: Ctcf) =>
  (p.measured - (p.base + c.alpha * p.x + c.betaSeconds * p.z)) / p.measured;

/**
 * Huber M-estimate by iteratively reweighted least squares on relative residuals: weight 1 within
 * k·s (k = 1.345, s = 1.4826·MAD of the residuals), k·s/|r| beyond, until the parameters settle.
 */
export function robustFit(
  points: readonly LinearPoint[],
  shape: CtcfOnlyShape,
): { ctcf: Ctcf; scale: number } | undefined {
  const needed = shape === 'alpha' ? 1 : 2;
  if (points.length < needed) return undefined;
  let weights = points.map(() => 1);
  let ctcf = weightedSolve(points, weights, shape);
  let scale = 0;
  for (let iteration = 0; iteration < 50 && ctcf; iteration++) {
    const current: Ctcf = ctcf;
    const residuals = points.map((p) => relativeResidual(p, current));
    const center = median(residuals);
    scale = 1.4826 * median(residuals.map((r) => Math.abs(r - center)));
    if (!(scale > 1e-12)) break;
    const limit = HUBER_K * scale;
    weights = residuals.map((r) => (Math.abs(r) <= limit ? 1 : limit / Math.abs(r)));
    const next = weightedSolve(points, weights, shape);
    if (!next) break;
    const settled =
      Math.abs(next.alpha - current.alpha) <= 1e-10 * Math.abs(current.alpha) &&
      Math.abs(next.betaSeconds - current.betaSeconds) <= 1e-15;
    ctcf = next;
    if (settled) break;
  }
  return ctcf ? { ctcf, scale } : undefined;
}

const meanAbsPct = (values: readonly number[]) =>
  values.length === 0 ? 0 : (100 * values.reduce((a, b) => a + Math.abs(b), 0)) / values.length;

/** Deterministic k-fold CV: sample i is in fold i mod k; mean absolute % error on held-out samples. */
function crossValidate(points: readonly LinearPoint[], shape: CtcfShape, folds: number): number | null {
  const k = Math.min(folds, points.length);
  if (k < 2) return null;
  const errors: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = points.filter((_, i) => i % k !== fold);
    const test = points.filter((_, i) => i % k === fold);
    if (shape === 'alpha' || shape === 'alpha-beta') {
      const fit = robustFit(train, shape);
      if (!fit) return null;
      for (const p of test) errors.push(relativeResidual(p, fit.ctcf));
    } else {
      const fit = robustCurveFit(train, shape);
      if (!fit) return null;
      for (const p of test) errors.push(curveResidual(p, fit.curve));
    }
  }
  return round(meanAbsPct(errors), 3);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function rangeOf(samples: readonly MeasurementSample[]): MeasuredRange {
  const span = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  return {
    batchSize: span(samples.map((s) => s.batchSize)),
    inputTokens: span(samples.map((s) => s.inputTokens)),
    contextTokens: span(samples.map((s) => s.contextTokens)),
  };
}

/**
 * Fits the paper's CTCF (alpha, beta per layer) per (instance or GPU, stage) from timed steps. For each
 * sample the predictor is evaluated at CTCF (0,0), (1,0) and (0,1): its time is then
 * base + alpha·x + beta·z (x: uncalibrated on-GPU time, z: layers × steps), so measured ≈ that line is a
 * linear regression. Both shapes (alpha+beta, and alpha alone with beta = 0) are fitted robustly (Huber
 * IRLS on relative residuals) and compared by deterministic 5-fold cross-validation; alpha+beta is
 * chosen only when it lowers the CV error by more than 2 % of it. Two direct step-time curves are
 * candidates in the same CV (DistServe's shapes, fitted by the same Huber IRLS on the measured steps
 * less the stage's uncalibrated PCIe time): prefill a + b·Σtokens + c·Σtokens², decode
 * a + b·Σcontext + c·batch. The lower-error curve is chosen only when it beats the chosen CTCF shape by
 * more than 2 % (CTCF extrapolates with the predictor's physics); its entry then carries `curve`, which
 * replaces the stage's on-GPU time, with alpha and beta kept as the CTCF fit. A non-positive alpha is a
 * failure (no curve either: those steps are below what the predictor can reach).
 * Exact for the roofline's decode steps and offload-free prefill; where a prefill overlaps a KV write
 * (max of compute and PCIe) the line is an approximation, and the reported errors use the predictor
 * itself with the fitted CTCF.
 */
export function fitCtcf(
  measurements: readonly ResolvedMeasurement[],
  predictor: TimePredictor,
  options: FitCtcfOptions = {},
): CtcfFit {
  const folds = options.folds ?? 5;
  const failures: Issue[] = [];
  const groups = new Map<
    string,
    { kind: 'instance' | 'gpu'; group: string; stage: Stage; points: LinearPoint[] }
  >();
  for (const m of measurements) {
    const kind = m.instance !== undefined ? 'instance' : 'gpu';
    const group = m.instance ?? m.gpu.id;
    m.samples.forEach((sample, index) => {
      const point = linearPoint(m, sample, predictor);
      if (!point) {
        failures.push({
          code: 'calibration-sample-untimed',
          details: { file: m.label, sample: index, stage: sample.stage, predictor: predictor.id },
        });
        return;
      }
      const key = `${kind}\u0000${group}\u0000${sample.stage}`;
      const entry = groups.get(key) ?? { kind, group, stage: sample.stage, points: [] };
      entry.points.push(point);
      groups.set(key, entry);
    });
  }
  const entries: CalibrationEntry[] = [];
  const reports: CtcfGroupReport[] = [];
  const ordered = [...groups.values()].sort(
    (a, b) => a.group.localeCompare(b.group) || (a.stage === b.stage ? 0 : a.stage === 'prefill' ? -1 : 1),
  );
  for (const { kind, group, stage, points } of ordered) {
    const cv: Record<CtcfShape, number | null> = {
      'alpha-beta': crossValidate(points, 'alpha-beta', folds),
      alpha: crossValidate(points, 'alpha', folds),
      'distserve-prefill': crossValidate(points, 'distserve-prefill', folds),
      'distserve-decode': crossValidate(points, 'distserve-decode', folds),
    };
    const withBeta = cv['alpha-beta'];
    const alphaOnly = cv.alpha;
    let ctcfShape: CtcfOnlyShape = 'alpha';
    if (withBeta !== null && (alphaOnly === null || withBeta < alphaOnly * (1 - SHAPE_MARGIN)))
      ctcfShape = 'alpha-beta';
    let fit = robustFit(points, ctcfShape);
    if (!fit && ctcfShape === 'alpha-beta') {
      ctcfShape = 'alpha';
      fit = robustFit(points, ctcfShape);
    }
    const ctcfValid = fit !== undefined && fit.ctcf.alpha > 0;
    // A curve must beat the CTCF by the same margin: CTCF extrapolates with the predictor's physics.
    const ctcfCv = ctcfValid ? cv[ctcfShape] : null;
    let curveFit: { curve: StageCurve; scale: number } | undefined;
    for (const curveKind of CURVE_KINDS) {
      const error = cv[curveKind];
      if (error === null) continue;
      if (curveFit && error >= (cv[curveFit.curve.kind] as number)) continue;
      // Only where the CTCF fits too: steps the predictor cannot reach are reported, not papered over.
      if (!ctcfValid || ctcfCv === null || !(error < ctcfCv * (1 - SHAPE_MARGIN))) continue;
      const candidate = robustCurveFit(points, curveKind);
      if (candidate && points.every((p) => curveSeconds(candidate.curve, p.features) > 0))
        curveFit = candidate;
    }
    if (!curveFit && (!fit || !ctcfValid)) {
      failures.push({
        code: 'calibration-unfittable',
        details: {
          instance: group,
          stage,
          predictor: predictor.id,
          alpha: fit ? round(fit.ctcf.alpha, 4) : 'none',
          uncalibratableSeconds: Math.min(...points.map((p) => p.base)),
        },
      });
      continue;
    }
    const ctcf = fit && ctcfValid ? fit.ctcf : IDENTITY_CTCF;
    const chosen: CtcfShape = curveFit ? curveFit.curve.kind : ctcfShape;
    const curve = curveFit
      ? {
          kind: curveFit.curve.kind,
          a: round(curveFit.curve.a, 12),
          b: Number(curveFit.curve.b.toPrecision(10)),
          c: Number(curveFit.curve.c.toPrecision(10)),
        }
      : undefined;
    const before = points.map((p) => (p.evaluate({ alpha: 1, betaSeconds: 0 }) - p.measured) / p.measured);
    const after = points.map((p) => (p.evaluate(ctcf, curve) - p.measured) / p.measured);
    const scale = curveFit ? curveFit.scale : (fit?.scale ?? 0);
    const residual = (p: LinearPoint) =>
      curveFit ? curveResidual(p, curveFit.curve) : relativeResidual(p, ctcf);
    const outliers = points.filter(
      (p) => Math.abs(residual(p)) > OUTLIER_SIGMAS * Math.max(scale, 1e-6),
    ).length;
    const range = rangeOf(points.map((p) => p.sample));
    const meanAbsPctErrorAfter = round(meanAbsPct(after), 3);
    entries.push({
      ...(kind === 'instance' ? { instance: group } : { gpu: group }),
      stage,
      alpha: round(ctcf.alpha, 6),
      betaSeconds: round(ctcf.betaSeconds, 12),
      ...(curve ? { curve } : {}),
      fit: { points: points.length, meanAbsPctError: meanAbsPctErrorAfter, range },
    });
    reports.push({
      group,
      groupKind: kind,
      stage,
      alpha: ctcf.alpha,
      betaSeconds: ctcf.betaSeconds,
      samples: points.length,
      cvMeanAbsPctError: cv,
      chosen,
      ...(curve ? { curve } : {}),
      meanAbsPctErrorBefore: round(meanAbsPct(before), 3),
      meanAbsPctErrorAfter,
      outliers,
      range,
    });
  }
  return { entries, groups: reports, failures };
}
