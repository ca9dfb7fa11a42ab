import type { CalibrationEntry, MeasuredRange, Stage } from '../core/calibration.js';
import type { Issue } from '../core/issue.js';
import { curveSeconds, IDENTITY_CTCF, type StageCurve, type TimePredictor } from '../core/time-predictor.js';
import {
  cornerPoints,
  linearPoint,
  namedSamples,
  type ResolvedMeasurement,
  rangeOf,
  smallestPoint,
} from './calibration-points.js';
import {
  type CtcfOnlyShape,
  type CtcfShape,
  crossValidate,
  ctcfConstraints,
  type GroupConstraints,
  type LinearPoint,
  MIN_ALPHA,
  meanAbsPct,
  relativeResidual,
  robustFit,
  round,
} from './ctcf-robust-fit.js';
import { curveConstraints, curveResidual, robustCurveFit } from './fit-step-curve.js';

export type { ResolvedMeasurement } from './calibration-points.js';
export type { CtcfShape } from './ctcf-robust-fit.js';

const CURVE_KINDS: readonly StageCurve['kind'][] = ['distserve-prefill', 'distserve-decode'];

/** One fitted group (instance or GPU, and stage), as the paper's Table III reports it. */
export interface CtcfGroupReport {
  group: string;
  groupKind: 'instance' | 'gpu';
  /** The rest of the group's key (absent when fitted per hardware only). */
  model?: string;
  tensorParallel?: number;
  precision?: string;
  engine?: string;
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
  /**
   * `full` (default): one fit per (instance or GPU, model, tensor-parallel degree, precision, engine,
   * stage), each entry naming its whole key. `hardware`: one fit per (instance or GPU, stage) across
   * models and layouts, entries naming only the hardware (the accuracy report's per-GPU calibration).
   */
  key?: 'full' | 'hardware';
}

const OUTLIER_SIGMAS = 5;
/** alpha+beta must beat alpha alone by this relative margin in CV error to be chosen (parsimony). */
const SHAPE_MARGIN = 0.02;

interface Group {
  kind: 'instance' | 'gpu';
  group: string;
  stage: Stage;
  /** The first measurement of the group: its model, GPU and layout (all the group's share them). */
  first: ResolvedMeasurement;
  key: Pick<CalibrationEntry, 'model' | 'tensorParallel' | 'precision' | 'engine'>;
  points: LinearPoint[];
  labels: string[];
}

/**
 * Fits the paper's CTCF (alpha, beta per layer) per (instance or GPU, model, tensor-parallel degree,
 * precision, engine, stage) from timed steps. For each sample the predictor is evaluated at CTCF (0,0),
 * (1,0) and (0,1): its time is then base + alpha·x + beta·z (x: uncalibrated on-GPU time, z: layers ×
 * steps), so measured ≈ that line is a linear regression. Both shapes (alpha+beta, and alpha alone with
 * beta = 0) are fitted robustly (Huber IRLS on relative residuals) and compared by deterministic 5-fold
 * cross-validation; alpha+beta is chosen only when it lowers the CV error by more than 2 % of it. Two
 * direct step-time curves are candidates in the same CV (DistServe's shapes, fitted by the same Huber
 * IRLS on the measured steps less the stage's uncalibrated PCIe time): prefill a + b·Σtokens +
 * c·Σtokens², decode a + b·Σcontext + c·batch. The lower-error curve is chosen only when it beats the
 * chosen CTCF shape by more than 2 % (CTCF extrapolates with the predictor's physics).
 *
 * Every fit is constrained so the calibrated time stays positive and plausible over the whole range it
 * can be applied to (`ctcfConstraints`, `curveConstraints`: never below the hardware's 100 %-of-peak
 * time at the stage's smallest step, increasing from there). A group whose fit still claims more than
 * the hardware can do — calibrated time below the 100 %-of-peak roofline at a sample or a corner of the
 * measured range — is refused (`calibration-faster-than-hardware`, naming the samples); samples measured
 * faster than that roofline are named either way (`measurement-faster-than-hardware`). An alpha pinned
 * at its lower bound is `calibration-unfittable` (those steps are below what the predictor can reach).
 */
export function fitCtcf(
  measurements: readonly ResolvedMeasurement[],
  predictor: TimePredictor,
  options: FitCtcfOptions = {},
): CtcfFit {
  const folds = options.folds ?? 5;
  const fullKey = (options.key ?? 'full') === 'full';
  const failures: Issue[] = [];
  const groups = new Map<string, Group>();
  for (const m of measurements) {
    const kind = m.instance !== undefined ? 'instance' : 'gpu';
    const group = m.instance ?? m.gpu.id;
    const key: Group['key'] = fullKey
      ? {
          model: m.model.id,
          tensorParallel: m.tensorParallel,
          precision: m.precision,
          ...(m.engine !== undefined ? { engine: m.engine } : {}),
        }
      : {};
    m.samples.forEach((sample, index) => {
      const point = linearPoint(m, sample, predictor);
      if (!point) {
        failures.push({
          code: 'calibration-sample-untimed',
          details: { file: m.label, sample: index, stage: sample.stage, predictor: predictor.id },
        });
        return;
      }
      const id = [kind, group, sample.stage, key.model, key.tensorParallel, key.precision, key.engine].join(
        '\u0000',
      );
      const entry = groups.get(id) ?? {
        kind,
        group,
        stage: sample.stage,
        first: m,
        key,
        points: [],
        labels: [],
      };
      entry.points.push(point);
      entry.labels.push(`${m.label}#${index}`);
      groups.set(id, entry);
    });
  }
  const entries: CalibrationEntry[] = [];
  const reports: CtcfGroupReport[] = [];
  const ordered = [...groups.values()].sort(
    (a, b) =>
      a.group.localeCompare(b.group) ||
      (a.key.model ?? '').localeCompare(b.key.model ?? '') ||
      (a.key.tensorParallel ?? 0) - (b.key.tensorParallel ?? 0) ||
      (a.key.precision ?? '').localeCompare(b.key.precision ?? '') ||
      (a.key.engine ?? '').localeCompare(b.key.engine ?? '') ||
      (a.stage === b.stage ? 0 : a.stage === 'prefill' ? -1 : 1),
  );
  for (const g of ordered) {
    const { kind, group, stage, points } = g;
    const where = { instance: group, stage, predictor: predictor.id, ...g.key };
    const tooFast = points
      .map((p, i) => ({ p, label: g.labels[i] as string }))
      .filter(({ p }) => p.measured < p.peakSeconds)
      .map(({ p, label }) => {
        const [file, index] = [
          label.slice(0, label.lastIndexOf('#')),
          Number(label.slice(label.lastIndexOf('#') + 1)),
        ];
        return { label: file, index, seconds: p.measured, peak: p.peakSeconds };
      });
    if (tooFast.length > 0)
      failures.push({
        code: 'measurement-faster-than-hardware',
        details: { ...where, count: tooFast.length, samples: namedSamples(tooFast) },
      });
    const smallest = smallestPoint(g.first, stage, predictor);
    const constraints: GroupConstraints = smallest
      ? {
          ctcf: ctcfConstraints(smallest),
          curve: (curveKind) =>
            curveConstraints(curveKind, smallest.features, smallest.peakSeconds - smallest.pcie),
        }
      : {
          ctcf: () => [{ coefficients: [1], min: MIN_ALPHA }],
          curve: (k) =>
            curveConstraints(k, { tokens: 1, tokenSquares: 1, contextTokens: 2, sequences: 1 }, 0),
        };
    const cv: Record<CtcfShape, number | null> = {
      'alpha-beta': crossValidate(points, 'alpha-beta', folds, constraints),
      alpha: crossValidate(points, 'alpha', folds, constraints),
      'distserve-prefill': crossValidate(points, 'distserve-prefill', folds, constraints),
      'distserve-decode': crossValidate(points, 'distserve-decode', folds, constraints),
    };
    const withBeta = cv['alpha-beta'];
    const alphaOnly = cv.alpha;
    let ctcfShape: CtcfOnlyShape = 'alpha';
    if (withBeta !== null && (alphaOnly === null || withBeta < alphaOnly * (1 - SHAPE_MARGIN)))
      ctcfShape = 'alpha-beta';
    let fit = robustFit(points, ctcfShape, constraints.ctcf(ctcfShape));
    if (!fit && ctcfShape === 'alpha-beta') {
      ctcfShape = 'alpha';
      fit = robustFit(points, ctcfShape, constraints.ctcf(ctcfShape));
    }
    const ctcfValid = fit !== undefined && fit.ctcf.alpha > MIN_ALPHA * 1.001;
    // A curve must beat the CTCF by the same margin: CTCF extrapolates with the predictor's physics.
    const ctcfCv = ctcfValid ? cv[ctcfShape] : null;
    let curveFit: { curve: StageCurve; scale: number } | undefined;
    for (const curveKind of CURVE_KINDS) {
      const error = cv[curveKind];
      if (error === null) continue;
      if (curveFit && error >= (cv[curveFit.curve.kind] as number)) continue;
      // Only where the CTCF fits too: steps the predictor cannot reach are reported, not papered over.
      if (!ctcfValid || ctcfCv === null || !(error < ctcfCv * (1 - SHAPE_MARGIN))) continue;
      const candidate = robustCurveFit(points, curveKind, constraints.curve(curveKind));
      if (candidate && points.every((p) => curveSeconds(candidate.curve, p.features) > 0))
        curveFit = candidate;
    }
    if (!curveFit && (!fit || !ctcfValid)) {
      failures.push({
        code: 'calibration-unfittable',
        details: {
          ...where,
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
          b: Math.max(0, Number(curveFit.curve.b.toPrecision(10))),
          c: Math.max(0, Number(curveFit.curve.c.toPrecision(10))),
        }
      : undefined;
    const range = rangeOf(points.map((p) => p.sample));
    const checked = [...points, ...cornerPoints(g.first, stage, range, predictor)];
    const belowPeak = checked.filter((p) => !(p.evaluate(ctcf, curve) >= p.peakSeconds * (1 - 1e-9)));
    if (belowPeak.length > 0) {
      failures.push({
        code: 'calibration-faster-than-hardware',
        details: {
          ...where,
          samples: namedSamples(
            belowPeak.map((p) => {
              const i = points.indexOf(p);
              const label = i >= 0 ? (g.labels[i] as string) : 'range corner#-1';
              const cut = label.lastIndexOf('#');
              return {
                label: label.slice(0, cut),
                index: Number(label.slice(cut + 1)),
                seconds: p.evaluate(ctcf, curve),
                peak: p.peakSeconds,
              };
            }),
          ),
        },
      });
      continue;
    }
    const before = points.map((p) => (p.evaluate({ alpha: 1, betaSeconds: 0 }) - p.measured) / p.measured);
    const after = points.map((p) => (p.evaluate(ctcf, curve) - p.measured) / p.measured);
    const scale = curveFit ? curveFit.scale : (fit?.scale ?? 0);
    const residual = (p: LinearPoint) =>
      curveFit ? curveResidual(p, curveFit.curve) : relativeResidual(p, ctcf);
    const outliers = points.filter(
      (p) => Math.abs(residual(p)) > OUTLIER_SIGMAS * Math.max(scale, 1e-6),
    ).length;
    const meanAbsPctErrorAfter = round(meanAbsPct(after), 3);
    entries.push({
      ...(kind === 'instance' ? { instance: group } : { gpu: group }),
      ...g.key,
      stage,
      alpha: round(ctcf.alpha, 6),
      betaSeconds: round(ctcf.betaSeconds, 12),
      ...(curve ? { curve } : {}),
      fit: {
        points: points.length,
        meanAbsPctError: meanAbsPctErrorAfter,
        cvMeanAbsPctError: cv[chosen],
        range,
      },
    });
    reports.push({
      group,
      groupKind: kind,
      ...g.key,
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
