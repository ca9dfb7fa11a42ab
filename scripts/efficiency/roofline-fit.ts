import { type OperatorEfficiency, operatorSeconds } from '../../src/core/operator-time.js';
import { absPctError, type ErrorSummary, median, summarizeErrors } from './error-stats.js';
import type { KernelSample } from './samples.js';

/**
 * Fits the product's roofline, t = max(FLOP/(peak·ce), bytes/(hbm·me)) + fixed, to measured kernels by
 * least squares on log(predicted/measured). Coarse-to-fine grid over the two efficiencies (log-spaced),
 * with the fixed cost solved exactly (safeguarded Newton) at every grid point. Deterministic.
 */

export interface Peaks {
  flopPerSecond: number;
  hbmBytesPerSecond: number;
}

export interface RooflineFit {
  efficiency: OperatorEfficiency;
  /** Mean squared log(predicted/measured) on the fitting samples. */
  meanSquaredLogError: number;
}

export const EFFICIENCY_RANGE = { min: 1e-3, max: 1 } as const;
const COARSE_POINTS = 25;
/** The coarse grid is searched on every k-th sample, at most this many; refinement uses all. */
const COARSE_SAMPLE_LIMIT = 3000;
const REFINE_ROUNDS = 5;
const REFINE_HALF_POINTS = 3;

interface Prepared {
  /** The serial pass at the full HBM rate (`serialBytes / hbm`), divided by the memory efficiency per grid point. */
  serialSeconds: Float64Array;
  computeSeconds: Float64Array;
  memorySeconds: Float64Array;
  logMeasured: Float64Array;
  maxMeasuredSeconds: number;
}

function prepare(samples: readonly KernelSample[], peaks: Peaks): Prepared {
  const count = samples.length;
  const prepared: Prepared = {
    computeSeconds: new Float64Array(count),
    serialSeconds: new Float64Array(count),
    memorySeconds: new Float64Array(count),
    logMeasured: new Float64Array(count),
    maxMeasuredSeconds: 0,
  };
  samples.forEach((sample, index) => {
    if (!(sample.measuredSeconds > 0)) throw new Error(`non-positive time for ${sample.shapeKey}`);
    prepared.computeSeconds[index] = sample.flop / peaks.flopPerSecond;
    prepared.memorySeconds[index] = sample.bytes / peaks.hbmBytesPerSecond;
    prepared.serialSeconds[index] = (sample.serialBytes ?? 0) / peaks.hbmBytesPerSecond;
    prepared.logMeasured[index] = Math.log(sample.measuredSeconds);
    prepared.maxMeasuredSeconds = Math.max(prepared.maxMeasuredSeconds, sample.measuredSeconds);
  });
  return prepared;
}

function rooflineSeconds(prepared: Prepared, computeEfficiency: number, memoryEfficiency: number) {
  const count = prepared.logMeasured.length;
  const seconds = new Float64Array(count);
  for (let index = 0; index < count; index += 1) {
    const compute = (prepared.computeSeconds[index] ?? 0) / computeEfficiency;
    const memory = (prepared.memorySeconds[index] ?? 0) / memoryEfficiency;
    const serial = (prepared.serialSeconds[index] ?? 0) / memoryEfficiency;
    seconds[index] = (compute > memory ? compute : memory) + serial;
  }
  return seconds;
}

/** Gradient and curvature of ½·Σ(log(r+f) − log t)² with respect to f. */
function derivatives(roofline: Float64Array, logMeasured: Float64Array, fixedSeconds: number) {
  let gradient = 0;
  let curvature = 0;
  for (let index = 0; index < roofline.length; index += 1) {
    const total = (roofline[index] ?? 0) + fixedSeconds;
    const residual = Math.log(total) - (logMeasured[index] ?? 0);
    gradient += residual / total;
    curvature += (1 - residual) / (total * total);
  }
  return { gradient, curvature };
}

function meanSquaredLogError(roofline: Float64Array, logMeasured: Float64Array, fixedSeconds: number) {
  let sum = 0;
  for (let index = 0; index < roofline.length; index += 1) {
    const residual = Math.log((roofline[index] ?? 0) + fixedSeconds) - (logMeasured[index] ?? 0);
    sum += residual * residual;
  }
  return sum / roofline.length;
}

/**
 * Best fixed cost f ∈ [0, maxFixedSeconds] for given roofline times: root of the gradient by Newton
 * steps from `startSeconds`, kept inside a shrinking bracket (bisection when a step leaves it).
 */
export function solveFixedSeconds(
  roofline: Float64Array,
  logMeasured: Float64Array,
  maxFixedSeconds: number,
  startSeconds = 0,
): number {
  if (derivatives(roofline, logMeasured, 0).gradient >= 0) return 0;
  let low = 0;
  let high = maxFixedSeconds;
  let fixed = Math.min(Math.max(startSeconds, 0), maxFixedSeconds);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    const { gradient, curvature } = derivatives(roofline, logMeasured, fixed);
    if (gradient < 0) low = fixed;
    else high = fixed;
    let next = curvature > 0 ? fixed - gradient / curvature : Number.NaN;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - fixed) <= 1e-9 * Math.max(next, 1e-12) || high - low <= 1e-15) return next;
    fixed = next;
  }
  return fixed;
}

function evaluateGridPoint(
  prepared: Prepared,
  computeEfficiency: number,
  memoryEfficiency: number,
  startFixedSeconds: number,
) {
  const roofline = rooflineSeconds(prepared, computeEfficiency, memoryEfficiency);
  const fixedSeconds = solveFixedSeconds(
    roofline,
    prepared.logMeasured,
    prepared.maxMeasuredSeconds,
    startFixedSeconds,
  );
  return {
    efficiency: { computeEfficiency, memoryEfficiency, fixedSeconds },
    meanSquaredLogError: meanSquaredLogError(roofline, prepared.logMeasured, fixedSeconds),
  };
}

function logGrid(center: number, halfWidthLog: number, halfPoints: number): number[] {
  const values: number[] = [];
  for (let offset = -halfPoints; offset <= halfPoints; offset += 1) {
    const value = center * Math.exp((halfWidthLog * offset) / halfPoints);
    values.push(Math.min(EFFICIENCY_RANGE.max, Math.max(EFFICIENCY_RANGE.min, value)));
  }
  return [...new Set(values)];
}

function searchGrid(
  prepared: Prepared,
  computeValues: readonly number[],
  memoryValues: readonly number[],
  best: RooflineFit | undefined,
): RooflineFit {
  let winner = best;
  for (const computeEfficiency of computeValues) {
    for (const memoryEfficiency of memoryValues) {
      const start = winner?.efficiency.fixedSeconds ?? 0;
      const candidate = evaluateGridPoint(prepared, computeEfficiency, memoryEfficiency, start);
      if (winner === undefined || candidate.meanSquaredLogError < winner.meanSquaredLogError) {
        winner = candidate;
      }
    }
  }
  if (winner === undefined) throw new Error('empty efficiency grid');
  return winner;
}

export function fitRoofline(samples: readonly KernelSample[], peaks: Peaks): RooflineFit {
  if (samples.length === 0) throw new Error('no samples to fit');
  const prepared = prepare(samples, peaks);
  const stride = Math.ceil(samples.length / COARSE_SAMPLE_LIMIT);
  const coarsePrepared = prepare(
    samples.filter((_, index) => index % stride === 0),
    peaks,
  );
  const spanLog = Math.log(EFFICIENCY_RANGE.max / EFFICIENCY_RANGE.min);
  const coarse = Array.from({ length: COARSE_POINTS }, (_, index) =>
    Math.min(EFFICIENCY_RANGE.max, EFFICIENCY_RANGE.min * Math.exp((spanLog * index) / (COARSE_POINTS - 1))),
  );
  const coarseBest = searchGrid(coarsePrepared, coarse, coarse, undefined).efficiency;
  let best = evaluateGridPoint(
    prepared,
    coarseBest.computeEfficiency,
    coarseBest.memoryEfficiency,
    coarseBest.fixedSeconds,
  );
  let halfWidthLog = spanLog / (COARSE_POINTS - 1);
  for (let round = 0; round < REFINE_ROUNDS; round += 1) {
    best = searchGrid(
      prepared,
      logGrid(best.efficiency.computeEfficiency, halfWidthLog, REFINE_HALF_POINTS),
      logGrid(best.efficiency.memoryEfficiency, halfWidthLog, REFINE_HALF_POINTS),
      best,
    );
    halfWidthLog /= REFINE_HALF_POINTS;
  }
  return best;
}

/** Rounds a fitted efficiency to what is committed: 4 significant digits. */
export function roundEfficiency(efficiency: OperatorEfficiency): OperatorEfficiency {
  return {
    computeEfficiency: Number(efficiency.computeEfficiency.toPrecision(4)),
    memoryEfficiency: Number(efficiency.memoryEfficiency.toPrecision(4)),
    fixedSeconds: Number(efficiency.fixedSeconds.toPrecision(4)),
  };
}

/** Error summary plus the median of predicted/measured (above 1: the model is pessimistic). */
export interface BiasedErrorSummary extends ErrorSummary {
  medianPredictedOverMeasured: number;
}

export interface KernelEvaluation extends BiasedErrorSummary {
  byRegime: Partial<Record<'compute' | 'memory', BiasedErrorSummary>>;
  /** By the samples' size bucket: where the roofline fails. */
  bySize: Record<string, BiasedErrorSummary>;
}

class ErrorCollector {
  readonly errors: number[] = [];
  readonly ratios: number[] = [];

  add(predictedSeconds: number, measuredSeconds: number): void {
    this.errors.push(absPctError(predictedSeconds, measuredSeconds));
    this.ratios.push(predictedSeconds / measuredSeconds);
  }

  summary(): BiasedErrorSummary {
    return {
      ...summarizeErrors(this.errors),
      medianPredictedOverMeasured: Number(median(this.ratios).toPrecision(3)),
    };
  }
}

/** Scores an efficiency on samples with the product's own `operatorSeconds`. */
export function evaluateRoofline(
  samples: readonly KernelSample[],
  peaks: Peaks,
  efficiency: OperatorEfficiency,
): KernelEvaluation {
  const all = new ErrorCollector();
  const byRegime = { compute: new ErrorCollector(), memory: new ErrorCollector() };
  const bySize = new Map<string, ErrorCollector>();
  for (const sample of samples) {
    const predicted = operatorSeconds(sample, peaks.flopPerSecond, peaks.hbmBytesPerSecond, efficiency);
    all.add(predicted.seconds, sample.measuredSeconds);
    byRegime[predicted.bound].add(predicted.seconds, sample.measuredSeconds);
    const sized = bySize.get(sample.sizeBucket) ?? new ErrorCollector();
    sized.add(predicted.seconds, sample.measuredSeconds);
    bySize.set(sample.sizeBucket, sized);
  }
  const regimes: KernelEvaluation['byRegime'] = {};
  for (const regime of ['compute', 'memory'] as const) {
    if (byRegime[regime].errors.length > 0) regimes[regime] = byRegime[regime].summary();
  }
  const sizes: Record<string, BiasedErrorSummary> = {};
  for (const [label, collector] of bySize) sizes[label] = collector.summary();
  return { ...all.summary(), byRegime: regimes, bySize: sizes };
}
