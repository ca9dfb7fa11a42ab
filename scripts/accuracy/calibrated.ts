import { fitCtcf, type ResolvedMeasurement } from '../../src/app/fit-ctcf.js';
import { type Calibration, resolveCalibration } from '../../src/core/calibration.js';
import type { MeasurementSample } from '../../src/core/measurement.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import type { StageCalibration, TimePredictor } from '../../src/core/time-predictor.js';
import type { PointShape } from './per-operator.js';
import type { StepContext } from './step-times.js';

/**
 * k-fold cross-validated CTCF calibration for the accuracy report: the points of one GPU are split into
 * k folds by a stable hash of each point's shape (model, TP, stage, batch, tokens), never by order; for
 * each fold, `fitCtcf` fits one (α, β) per stage on the other k − 1 folds and the fold is predicted with
 * that calibration. Every point is predicted exactly once, by a calibration that never saw it.
 */

export const CALIBRATION_FOLDS = 5;

/** A measured point of one GPU, with what the predictor needs to time it. */
export interface CalibrationPoint {
  ctx: StepContext;
  point: PointShape;
  /** The measured seconds as the predictor should see them (whole step, LM head included). */
  seconds: number;
}

/** 32-bit FNV-1a of a string. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function shapeKey(model: ModelConfig, tp: number, point: PointShape): string {
  return `${model.id}|tp${tp}|${point.stage}|b${point.batch}|t${point.tokens}`;
}

/** The fold of a point: a stable hash of its shape, independent of the order points are listed in. */
export function foldOf(model: ModelConfig, tp: number, point: PointShape, folds = CALIBRATION_FOLDS): number {
  return fnv1a(shapeKey(model, tp, point)) % folds;
}

function sampleOf(p: CalibrationPoint): MeasurementSample {
  return {
    stage: p.point.stage,
    batchSize: p.point.batch,
    inputTokens: p.point.stage === 'prefill' ? p.point.tokens : 1,
    contextTokens: p.point.tokens,
    offloadFraction: 0,
    seconds: p.seconds,
  };
}

/** One ResolvedMeasurement per (model, TP, precision, interconnect) among the points. */
export function resolvedMeasurements(
  points: readonly CalibrationPoint[],
  label: string,
): ResolvedMeasurement[] {
  const byKey = new Map<string, ResolvedMeasurement & { samples: MeasurementSample[] }>();
  for (const p of points) {
    const key = [
      p.ctx.model.id,
      p.ctx.tensorParallel,
      p.ctx.precision,
      p.ctx.gpuInterconnect,
      p.ctx.gpu.id,
    ].join('|');
    let m = byKey.get(key);
    if (!m) {
      m = {
        label: `${label} ${p.ctx.model.id} TP ${p.ctx.tensorParallel}`,
        model: p.ctx.model,
        gpu: p.ctx.gpu,
        precision: p.ctx.precision,
        tensorParallel: p.ctx.tensorParallel,
        gpuInterconnect: p.ctx.gpuInterconnect,
        samples: [],
      };
      byKey.set(key, m);
    }
    m.samples.push(sampleOf(p));
  }
  return [...byKey.values()];
}

export interface FoldCalibration {
  fold: number;
  calibration: StageCalibration;
  /** Both stages fitted (else the missing stage is identity). */
  calibrated: boolean;
  alpha: { prefill: number; decode: number };
  betaSeconds: { prefill: number; decode: number };
  trainPoints: number;
  failures: string[];
}

/**
 * For each fold f: fit on the points whose fold ≠ f, return the calibration to apply to fold f.
 * All points must be on one GPU (the calibration is keyed by GPU).
 */
export function crossValidatedCalibrations(
  points: readonly CalibrationPoint[],
  predictor: TimePredictor,
  label: string,
  folds = CALIBRATION_FOLDS,
): FoldCalibration[] {
  const gpuIds = new Set(points.map((p) => p.ctx.gpu.id));
  if (gpuIds.size !== 1) throw new Error(`${label}: calibration points must share one GPU`);
  const gpuId = [...gpuIds][0] as string;
  const out: FoldCalibration[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = points.filter((p) => foldOf(p.ctx.model, p.ctx.tensorParallel, p.point, folds) !== fold);
    const fit = fitCtcf(resolvedMeasurements(train, label), predictor, { folds, key: 'hardware' });
    const calibration: Calibration = {
      id: `${label} fold ${fold}`,
      description: 'accuracy report cross-validation',
      predictors: { [predictor.id]: fit.entries },
      sources: [],
    };
    const resolved = resolveCalibration(calibration, predictor.id, undefined, gpuId);
    out.push({
      fold,
      calibration: resolved.calibration,
      calibrated: resolved.calibrated,
      alpha: { prefill: resolved.calibration.prefill.alpha, decode: resolved.calibration.decode.alpha },
      betaSeconds: {
        prefill: resolved.calibration.prefill.betaSeconds,
        decode: resolved.calibration.decode.betaSeconds,
      },
      trainPoints: train.length,
      failures: fit.failures.map((f) => `${f.code} ${JSON.stringify(f.details)}`),
    });
  }
  return out;
}
