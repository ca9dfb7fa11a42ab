import type { StepTimer } from './step-timer.js';

/**
 * Uncertainty of a predicted time: the spread of measured / predicted over held-out end-to-end steps
 * (data/v1/error-bands.json, written by scripts/fit-step-model.ts; docs/step-model.md). A predicted time
 * t carries the band [t × p10, t × p90]: 80 % of held-out measurements fell inside it, 90 % at or below
 * t × p90.
 */

export type Stage = 'prefill' | 'decode';

/** One row of the bands file: p10/p50/p90 of measured / predicted over the held-out points of a group. */
export interface ErrorBandRow {
  engineGroup: string;
  gpuId: string;
  tensorParallel: number | 'all';
  stage: Stage;
  n: number;
  groups: number;
  medianAbsPct: number;
  p90AbsPct: number;
  biasPct: number;
  measuredOverPredictedP10: number;
  measuredOverPredictedP50: number;
  measuredOverPredictedP90: number;
}

/** The shapes an engine group's held-out points cover: a prediction outside them is an extrapolation. */
export interface FittedRange {
  engineGroup: string;
  gpuIds: string[];
  tensorParallel: number[];
  precisions: string[];
  models: string[];
  /** Prompt tokens of a whole prefill step (batch × prompt). */
  prefillBatchTokensMax: number;
  /** Sequences in a decode step. */
  decodeBatchMax: number;
  /** Longest context a decode step was measured at (prompt + output). */
  decodeContextTokensMax: number;
}

export interface ErrorBandsData {
  bands: ErrorBandRow[];
  fittedRanges: FittedRange[];
}

/** The band one stage's time carries, and which measurements it comes from. */
export interface StageBand {
  stage: Stage;
  /** measured / predicted at the 10th, 50th and 90th percentile. */
  p10: number;
  p50: number;
  p90: number;
  engineGroup: string;
  tensorParallel: number | 'all';
  n: number;
  groups: number;
}

/**
 * How much of the band a decision takes: `p90` checks the pessimistic edge (time × p90: nine in ten
 * held-out measurements were no slower), `p50` the median-corrected time, `none` the point prediction.
 */
export type Margin = 'none' | 'p50' | 'p90';
export const MARGINS: readonly Margin[] = ['none', 'p50', 'p90'];

/**
 * The band for a stage: the engine group at this tensor-parallel degree, else the engine group over all
 * degrees, else every engine group at this degree, else every engine group. `undefined` only when the
 * file has no row for the stage at all.
 */
export function selectBand(
  data: ErrorBandsData,
  engineGroup: string,
  tensorParallel: number,
  stage: Stage,
): StageBand | undefined {
  const rows = data.bands.filter((b) => b.stage === stage && b.gpuId === 'all');
  const find = (group: string, tp: number | 'all') =>
    rows.find((b) => b.engineGroup === group && b.tensorParallel === tp);
  const row =
    find(engineGroup, tensorParallel) ??
    find(engineGroup, 'all') ??
    find('all', tensorParallel) ??
    find('all', 'all');
  if (!row) return undefined;
  return {
    stage,
    p10: row.measuredOverPredictedP10,
    p50: row.measuredOverPredictedP50,
    p90: row.measuredOverPredictedP90,
    engineGroup: row.engineGroup,
    tensorParallel: row.tensorParallel,
    n: row.n,
    groups: row.groups,
  };
}

/** The factor a time is multiplied by under a margin. */
export function marginRatio(band: StageBand | undefined, margin: Margin): number {
  if (!band || margin === 'none') return 1;
  return margin === 'p90' ? band.p90 : band.p50;
}

/** [low, high] of a time under its band; the point itself when there is no band. */
export function bandSeconds(seconds: number, band: StageBand | undefined): { low: number; high: number } {
  if (!band) return { low: seconds, high: seconds };
  return { low: seconds * band.p10, high: seconds * band.p90 };
}

/** The shape of one prediction, checked against the fitted range. */
export interface PredictionShape {
  gpuId: string;
  tensorParallel: number;
  precision: string;
  /** Prompt tokens of the largest prefill step (batch × prompt for a whole-batch prefill). */
  prefillBatchTokens: number;
  decodeBatch: number;
  /** Longest context a decode step attends over (prompt + output). */
  contextTokens: number;
}

/**
 * What about a prediction lies outside the shapes its engine group was measured on, one phrase each
 * (empty: inside). The model is not checked: models differ in size and shape, and the bands already pool
 * two to three of them.
 */
export function outsideFittedRange(range: FittedRange, shape: PredictionShape): string[] {
  const out: string[] = [];
  if (!range.gpuIds.includes(shape.gpuId))
    out.push(`GPU ${shape.gpuId} (measured: ${range.gpuIds.join(', ')})`);
  const tps = range.tensorParallel;
  const [tpMin, tpMax] = [Math.min(...tps), Math.max(...tps)];
  if (shape.tensorParallel < tpMin || shape.tensorParallel > tpMax)
    out.push(`tensor parallel ${shape.tensorParallel} (measured: ${tpMin}–${tpMax})`);
  if (!range.precisions.includes(shape.precision))
    out.push(`precision ${shape.precision} (measured: ${range.precisions.join(', ')})`);
  if (shape.prefillBatchTokens > range.prefillBatchTokensMax)
    out.push(
      `${shape.prefillBatchTokens} prompt tokens in one prefill (measured up to ${range.prefillBatchTokensMax})`,
    );
  if (shape.decodeBatch > range.decodeBatchMax)
    out.push(`decode batch ${shape.decodeBatch} (measured up to ${range.decodeBatchMax})`);
  if (shape.contextTokens > range.decodeContextTokensMax)
    out.push(`context ${shape.contextTokens} tokens (measured up to ${range.decodeContextTokensMax})`);
  return out;
}

/**
 * A step timer whose steps take `ratios` times as long: prefill-only steps by the prefill ratio,
 * decode-only steps by the decode ratio, mixed steps by the larger (the SLO check's pessimistic edge).
 */
export function scaleStepTimer(timer: StepTimer, ratios: { prefill: number; decode: number }): StepTimer {
  if (ratios.prefill === 1 && ratios.decode === 1) return timer;
  return {
    stepSeconds(step) {
      const seconds = timer.stepSeconds(step);
      const hasPrefill = step.prefillTokens > 0;
      const hasDecode = step.decodeSequences > 0;
      const ratio =
        hasPrefill && hasDecode
          ? Math.max(ratios.prefill, ratios.decode)
          : hasPrefill
            ? ratios.prefill
            : ratios.decode;
      return seconds * ratio;
    },
  };
}
