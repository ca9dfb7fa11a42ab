import type { CalibrationEntry, MeasuredRange, Stage } from '../core/calibration.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Issue } from '../core/issue.js';
import type { MeasurementSample } from '../core/measurement.js';
import type { BatchShape } from '../core/memory.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { Ctcf, TimePredictor } from '../core/time-predictor.js';

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

export type CtcfShape = 'alpha-beta' | 'alpha';

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
  evaluate(ctcf: Ctcf): number;
}

const HUBER_K = 1.345;
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
  const evaluate = (ctcf: Ctcf): number => {
    const p = predictor.predict({
      model: m.model,
      gpu: m.gpu,
      precision: m.precision,
      tensorParallel: m.tensorParallel,
      gpuInterconnect: m.gpuInterconnect,
      batch,
      offloadFraction: sample.offloadFraction,
      calibration: { prefill: ctcf, decode: ctcf },
    });
    return sample.stage === 'prefill' ? p.prefill.seconds : p.decode.seconds;
  };
  const base = evaluate({ alpha: 0, betaSeconds: 0 });
  const x = evaluate({ alpha: 1, betaSeconds: 0 }) - base;
  const z = evaluate({ alpha: 0, betaSeconds: 1 }) - base;
  if (![base, x, z].every(Number.isFinite)) return undefined;
  return { base, x, z, measured: sample.seconds, sample, evaluate };
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Weighted least squares of (y − base)/m on x/m (and z/m): relative residuals, so every step counts. */
function weightedSolve(
  points: readonly LinearPoint[],
  weights: readonly number[],
  shape: CtcfShape,
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
  shape: CtcfShape,
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
    const fit = robustFit(train, shape);
    if (!fit) return null;
    for (const p of test) errors.push(relativeResidual(p, fit.ctcf));
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
 * chosen only when it lowers the CV error by more than 2 % of it. A non-positive alpha is a failure.
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
    };
    const withBeta = cv['alpha-beta'];
    const alphaOnly = cv.alpha;
    let chosen: CtcfShape = 'alpha';
    if (withBeta !== null && (alphaOnly === null || withBeta < alphaOnly * (1 - SHAPE_MARGIN)))
      chosen = 'alpha-beta';
    let fit = robustFit(points, chosen);
    if (!fit && chosen === 'alpha-beta') {
      chosen = 'alpha';
      fit = robustFit(points, chosen);
    }
    if (!fit || !(fit.ctcf.alpha > 0)) {
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
    const ctcf = fit.ctcf;
    const before = points.map((p) => (p.evaluate({ alpha: 1, betaSeconds: 0 }) - p.measured) / p.measured);
    const after = points.map((p) => (p.evaluate(ctcf) - p.measured) / p.measured);
    const outliers = points.filter(
      (p) => Math.abs(relativeResidual(p, ctcf)) > OUTLIER_SIGMAS * Math.max(fit.scale, 1e-6),
    ).length;
    const range = rangeOf(points.map((p) => p.sample));
    const meanAbsPctErrorAfter = round(meanAbsPct(after), 3);
    entries.push({
      ...(kind === 'instance' ? { instance: group } : { gpu: group }),
      stage,
      alpha: round(ctcf.alpha, 6),
      betaSeconds: round(ctcf.betaSeconds, 12),
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
      meanAbsPctErrorBefore: round(meanAbsPct(before), 3),
      meanAbsPctErrorAfter,
      outliers,
      range,
    });
  }
  return { entries, groups: reports, failures };
}
