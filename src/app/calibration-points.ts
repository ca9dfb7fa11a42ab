import type { MeasuredRange, Stage } from '../core/calibration.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { MeasurementSample, ServingRun } from '../core/measurement.js';
import type { BatchShape } from '../core/memory.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import {
  type Ctcf,
  IDENTITY_CTCF,
  type StageCalibration,
  type StageCurve,
  type TimePredictor,
  uniformCurveFeatures,
} from '../core/time-predictor.js';
import { type LinearPoint, round } from './ctcf-robust-fit.js';
import { peakRooflinePredictor } from './peak-roofline.js';

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
  /** Serving engine the samples were measured on (the file's `software.engine`). */
  engine?: string;
  /** The serving runs the samples were derived from, when the file has them (fitted through the simulator). */
  servingRuns?: readonly ServingRun[];
}

/**
 * The batch shape whose prefill (or single decode step) is the sample's step: prefill is `{B, Lin, 1}`
 * and its prefill stage; a decode step at context C is `{B, C − 1, 2}`, whose decode stage is exactly
 * one step at context C (the roofline's Simpson rule evaluates C three times; the paper's equation 6
 * uses Lin + Lout/2 = C).
 */
export function batchFor(sample: MeasurementSample): BatchShape | undefined {
  if (sample.stage === 'prefill')
    return { batchSize: sample.batchSize, inputTokens: sample.inputTokens, outputTokens: 1 };
  if (sample.contextTokens < 2) return undefined;
  return { batchSize: sample.batchSize, inputTokens: sample.contextTokens - 1, outputTokens: 2 };
}

export function linearPoint(
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
  const peak = peakRooflinePredictor.predict({
    model: m.model,
    gpu: m.gpu,
    precision: m.precision,
    tensorParallel: m.tensorParallel,
    gpuInterconnect: m.gpuInterconnect,
    batch,
    offloadFraction: sample.offloadFraction,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
  });
  const peakSeconds = sample.stage === 'prefill' ? peak.prefill.seconds : peak.decode.seconds;
  if (!Number.isFinite(peakSeconds)) return undefined;
  return { base, x, z, measured: sample.seconds, sample, pcie, features, peakSeconds, evaluate };
}

export function rangeOf(samples: readonly MeasurementSample[]): MeasuredRange {
  const span = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  return {
    batchSize: span(samples.map((s) => s.batchSize)),
    inputTokens: span(samples.map((s) => s.inputTokens)),
    contextTokens: span(samples.map((s) => s.contextTokens)),
  };
}

/** The smallest step of a stage (one sequence, one token; decode at context 2), timed like a sample. */
export function smallestPoint(
  m: ResolvedMeasurement,
  stage: Stage,
  predictor: TimePredictor,
): LinearPoint | undefined {
  const sample: MeasurementSample =
    stage === 'prefill'
      ? { stage, batchSize: 1, inputTokens: 1, contextTokens: 1, offloadFraction: 0, seconds: 1 }
      : { stage, batchSize: 1, inputTokens: 1, contextTokens: 2, offloadFraction: 0, seconds: 1 };
  return linearPoint(m, sample, predictor);
}

/** The corners of a group's measured range, timed like samples (for the plausibility check). */
export function cornerPoints(
  m: ResolvedMeasurement,
  stage: Stage,
  range: MeasuredRange,
  predictor: TimePredictor,
): LinearPoint[] {
  const points: LinearPoint[] = [];
  for (const batchSize of [range.batchSize.min, range.batchSize.max])
    for (const tokens of stage === 'prefill'
      ? [range.inputTokens.min, range.inputTokens.max]
      : [range.contextTokens.min, range.contextTokens.max]) {
      const sample: MeasurementSample =
        stage === 'prefill'
          ? { stage, batchSize, inputTokens: tokens, contextTokens: tokens, offloadFraction: 0, seconds: 1 }
          : { stage, batchSize, inputTokens: 1, contextTokens: tokens, offloadFraction: 0, seconds: 1 };
      const p = linearPoint(m, sample, predictor);
      if (p) points.push(p);
    }
  return points;
}

const microseconds = (s: number) => `${round(s * 1e6, 1)} µs`;

/** Samples (file#index) measured faster than the hardware's peak, as a short list. */
export function namedSamples(
  list: readonly { label: string; index: number; seconds: number; peak: number }[],
) {
  const shown = list
    .slice(0, 5)
    .map((s) => `${s.label}#${s.index} (${microseconds(s.seconds)} < ${microseconds(s.peak)})`);
  return list.length > 5 ? `${shown.join(', ')} and ${list.length - 5} more` : shown.join(', ');
}
