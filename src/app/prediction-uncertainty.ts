import type { Issue } from '../core/issue.js';
import {
  bandSeconds,
  type ErrorBandsData,
  MARGINS,
  type Margin,
  marginRatio,
  outsideFittedRange,
  type PredictionShape,
  type StageBand,
  selectBand,
} from '../core/prediction-band.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { resolveEngine } from './request-inputs.js';

/** `--margin` when none is given: the SLO check takes the band's pessimistic (p90) edge. */
export const DEFAULT_MARGIN: Margin = 'p90';

/** Where a use case's bands come from: the bands file and the engine group matching its time model. */
export type UncertaintyModel =
  | { available: true; bands: ErrorBandsData; engineGroup: string; engine: string; margin: Margin }
  | { available: false; reason: string; margin: Margin };

/** A low–high pair: seconds, or tokens per second (low = the slow edge). */
export interface Span {
  low: number;
  high: number;
}

/** The band of one prediction, and what of it lies outside the measured range. */
export type Uncertainty =
  | {
      available: true;
      margin: Margin;
      /** p10–p90 of measured / predicted and where it was measured. */
      prefill: StageBand;
      decode: StageBand;
      /** The engine's own steps were never measured: the band pools every measured engine. */
      engineTransferred: boolean;
      /** Phrases naming what lies outside the measured shapes (empty: inside). */
      outsideFittedRange: string[];
    }
  | { available: false; margin: Margin; reason: string };

/** --margin none|p50|p90 (default p90). */
export function readMargin(o: OptionReader): Margin {
  return o.oneOf('margin', MARGINS) ?? DEFAULT_MARGIN;
}

/**
 * Which bands apply to the time model a request chose: the step model's (roofline or profiled with an
 * engine, uncalibrated). The paper predictor, kernel-only timing and calibrated times have none.
 */
export function resolveUncertaintyModel(
  data: PlannerData,
  o: OptionReader,
  predictorId: string,
  margin: Margin,
): UncertaintyModel {
  const none = (reason: string): UncertaintyModel => ({ available: false, reason, margin });
  if (predictorId === 'paper')
    return none('the paper predictor has no held-out end-to-end band (docs/accuracy.md)');
  const engine = resolveEngine(data, o);
  if (!engine.ok || engine.value === undefined)
    return none(
      'kernels only (--engine none): no band; kernel-only steps were ~25 % too fast (docs/step-model.md)',
    );
  const bands = data.errorBands?.();
  if (!bands?.ok) return none('no error bands in this installation (data/v1/error-bands.json)');
  const id = engine.value.id;
  const measured = bands.value.bands.some((b) => b.engineGroup === id);
  return { available: true, bands: bands.value, engineGroup: measured ? id : 'all', engine: id, margin };
}

/** `uncertaintyOf` memoised by shape (a recommendation asks for the same few shapes many times). */
export function memoisedUncertainty(
  model: UncertaintyModel,
): (shape: PredictionShape, calibrated: BandExemption) => Uncertainty {
  const seen = new Map<string, Uncertainty>();
  return (shape, calibrated) => {
    const key = `${shape.gpuId}|${shape.tensorParallel}|${shape.precision}|${shape.prefillBatchTokens}|${shape.decodeBatch}|${shape.contextTokens}|${calibrated}`;
    let u = seen.get(key);
    if (!u) {
      u = uncertaintyOf(model, shape, calibrated);
      seen.set(key, u);
    }
    return u;
  };
}

/** The band of one prediction of the given shape (none for a calibrated one). */
/**
 * Times the step model's band does not describe: `true` for calibrated ones, `flexgen-cost-model` for an
 * offloaded batch FlexGen's cost model timed (docs/flexgen.md has its held-out error).
 */
export type BandExemption = boolean | 'flexgen-cost-model';

/** The exemption of a prediction: calibrated, or timed by FlexGen's cost model (its warning says so). */
export function bandExemptionOf(calibrated: boolean, warnings: readonly Issue[]): BandExemption {
  if (calibrated) return true;
  return warnings.some((w) => w.code === 'flexgen-cost-model') ? 'flexgen-cost-model' : false;
}

export function uncertaintyOf(
  model: UncertaintyModel,
  shape: PredictionShape,
  calibrated: BandExemption = false,
): Uncertainty {
  if (!model.available) return { available: false, margin: model.margin, reason: model.reason };
  if (calibrated === 'flexgen-cost-model')
    return {
      available: false,
      margin: model.margin,
      reason:
        'timed by FlexGen’s cost model: the step model’s band does not apply (docs/flexgen.md gives its held-out error)',
    };
  if (calibrated)
    return {
      available: false,
      margin: model.margin,
      reason:
        'calibrated times: the step model’s band does not apply (`infersave calibrate` reports the cross-validated error)',
    };
  const prefill = selectBand(model.bands, model.engineGroup, shape.tensorParallel, 'prefill');
  const decode = selectBand(model.bands, model.engineGroup, shape.tensorParallel, 'decode');
  const range = model.bands.fittedRanges.find((r) => r.engineGroup === model.engineGroup);
  if (!prefill || !decode || !range)
    return { available: false, margin: model.margin, reason: 'the bands file has no band for this stage' };
  const engineTransferred = model.engineGroup !== model.engine;
  return {
    available: true,
    margin: model.margin,
    prefill,
    decode,
    engineTransferred,
    outsideFittedRange: [
      ...(engineTransferred ? [`engine ${model.engine} (no measured steps of its own)`] : []),
      ...outsideFittedRange(range, shape),
    ],
  };
}

/** The factors the SLO check multiplies prefill and decode times by under the margin (1 without a band). */
export function marginRatios(u: Uncertainty): { prefill: number; decode: number } {
  if (!u.available) return { prefill: 1, decode: 1 };
  return { prefill: marginRatio(u.prefill, u.margin), decode: marginRatio(u.decode, u.margin) };
}

/** Per-stage times of one batch (the batch view of predict and recommend). */
export interface BatchTimes {
  prefillSeconds: number;
  decodeSeconds: number;
  decodeStepSeconds: number;
  batchSeconds: number;
  tokensPerSecond: number;
  outputTokensPerSecond: number;
}

/** The batch view's times as bands; a time the prefill/decode split does not cover scales with the batch. */
export function batchBands(t: BatchTimes, u: Uncertainty) {
  const p = u.available ? u.prefill : undefined;
  const d = u.available ? u.decode : undefined;
  const prefill = bandSeconds(t.prefillSeconds, p);
  const decode = bandSeconds(t.decodeSeconds, d);
  const rest = t.batchSeconds - t.prefillSeconds - t.decodeSeconds;
  const batch = { low: prefill.low + decode.low + rest, high: prefill.high + decode.high + rest };
  const rate = (tps: number): Span => ({
    low: (tps * t.batchSeconds) / batch.high,
    high: (tps * t.batchSeconds) / batch.low,
  });
  const r = marginRatios(u);
  const atMargin = t.prefillSeconds * r.prefill + t.decodeSeconds * r.decode + rest;
  return {
    prefillSeconds: prefill,
    decodeSeconds: decode,
    decodeStepSeconds: bandSeconds(t.decodeStepSeconds, d),
    batchSeconds: batch,
    tokensPerSecond: rate(t.tokensPerSecond),
    outputTokensPerSecond: rate(t.outputTokensPerSecond),
    /** Input + output tokens/s with the stage times at the margin: what the SLO check compares. */
    tokensPerSecondAtMargin: (t.tokensPerSecond * t.batchSeconds) / atMargin,
  };
}

/** Serving-simulator percentiles (TTFT, TPOT, E2E) as bands: TPOT by the decode band, TTFT and E2E by
 * the envelope of both (their steps mix prefill and decode). Queueing is not re-simulated. */
export function latencyRatios(u: Uncertainty) {
  if (!u.available) return undefined;
  const envelope = { p10: Math.min(u.prefill.p10, u.decode.p10), p90: Math.max(u.prefill.p90, u.decode.p90) };
  return { ttft: envelope, tpot: { p10: u.decode.p10, p90: u.decode.p90 }, e2e: envelope };
}

/** The JSON contract's `uncertainty` object. */
export function uncertaintyJson(u: Uncertainty, bands?: ReturnType<typeof batchBands>) {
  if (!u.available) return { available: false as const, margin: u.margin, reason: u.reason };
  const stage = (b: StageBand) => ({
    measuredOverPredictedP10: b.p10,
    measuredOverPredictedP50: b.p50,
    measuredOverPredictedP90: b.p90,
    engineGroup: b.engineGroup,
    tensorParallel: b.tensorParallel,
    points: b.n,
    groups: b.groups,
  });
  return {
    available: true as const,
    margin: u.margin,
    method: 'p10–p90 of measured / predicted over held-out end-to-end steps (data/v1/error-bands.json)',
    prefill: stage(u.prefill),
    decode: stage(u.decode),
    outsideFittedRange: u.outsideFittedRange,
    ...(bands ? { bands } : {}),
  };
}

/** The warning a prediction outside the measured shapes carries (none inside). */
export function extrapolationWarnings(u: Uncertainty): Issue[] {
  if (!u.available || u.outsideFittedRange.length === 0) return [];
  return [{ code: 'outside-fitted-range', details: { outside: u.outsideFittedRange } }];
}
