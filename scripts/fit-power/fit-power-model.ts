import {
  clockPowerFactor,
  type GpuPowerSpec,
  type PowerModelCoefficients,
} from '../../src/core/gpu-power.js';

/** One measured average power with the activity our time model predicts for its run. */
export interface PowerObservation {
  /** Which published table (the unit left out in cross-validation), e.g. `OASIS Table 3`. */
  table: string;
  label: string;
  gpu: GpuPowerSpec;
  clockMhz: number;
  busyFraction: number;
  computeBoundFraction: number;
  measuredWatts: number;
}

export interface FitError {
  points: number;
  meanAbsPctError: number;
  maxAbsPctError: number;
}

export interface PowerFit {
  coefficients: PowerModelCoefficients;
  inSample: FitError;
  /** Per table: the error on its points of a model fitted without them. */
  leaveOneTableOut: Record<string, FitError>;
  /** In-sample predictions, observation by observation. */
  predictedWatts: number[];
}

/** Power the model predicts for an observation, before the power-limit cap (cap applied). */
export function predictObservationWatts(o: PowerObservation, c: PowerModelCoefficients): number {
  const s = clockPowerFactor(o.clockMhz / (o.gpu.smClock?.maxMhz ?? o.clockMhz), c.voltageKneeClockFraction);
  const range = o.gpu.powerLimitWatts - o.gpu.idleWatts;
  const blend = c.memoryActivity + (c.computeActivity - c.memoryActivity) * o.computeBoundFraction;
  return Math.min(o.gpu.powerLimitWatts, o.gpu.idleWatts + o.busyFraction * range * blend * s);
}

/**
 * Weighted (relative-error) least squares for the two activities at a fixed knee: power − idle is linear
 * in them, features busy·range·s·(1 − c) and busy·range·s·c. Constrained to 0 ≤ memory ≤ compute
 * ≤ 1 (compute-bound kernels keep the tensor cores busy as well as streaming memory; at activity 1 a
 * busy GPU at its top clock draws its limit): when the free solution breaks it, the best fit on the
 * boundary is taken.
 */
function activitiesAtKnee(
  obs: readonly PowerObservation[],
  knee: number,
): { m: number; c: number; sse: number } {
  const rows = obs.map((o) => {
    const s = clockPowerFactor(o.clockMhz / (o.gpu.smClock?.maxMhz ?? o.clockMhz), knee);
    const base = o.busyFraction * (o.gpu.powerLimitWatts - o.gpu.idleWatts) * s;
    const w = 1 / o.measuredWatts;
    return {
      xm: base * (1 - o.computeBoundFraction) * w,
      xc: base * o.computeBoundFraction * w,
      y: (o.measuredWatts - o.gpu.idleWatts) * w,
    };
  });
  // A weak prior (1 % of one observation's weight) that the two activities are equal: it decides only
  // when the data cannot tell them apart (every run memory-bound, say), never against the data.
  const prior = Math.sqrt(PRIOR_WEIGHT);
  rows.push({ xm: -prior, xc: prior, y: 0 });
  const sse = (m: number, c: number) => rows.reduce((acc, r) => acc + (r.xm * m + r.xc * c - r.y) ** 2, 0);
  let smm = 0;
  let scc = 0;
  let smc = 0;
  let smy = 0;
  let scy = 0;
  for (const r of rows) {
    smm += r.xm * r.xm;
    scc += r.xc * r.xc;
    smc += r.xm * r.xc;
    smy += r.xm * r.y;
    scy += r.xc * r.y;
  }
  const det = smm * scc - smc * smc;
  const candidates: { m: number; c: number }[] = [];
  if (Math.abs(det) > 1e-12 * (smm * scc + 1e-300)) {
    const m = (smy * scc - scy * smc) / det;
    const c = (scy * smm - smy * smc) / det;
    if (m >= 0 && c >= m && c <= 1) candidates.push({ m, c });
  }
  // The edges of 0 ≤ m ≤ c ≤ 1 (the problem is convex, so the best edge point wins when the free one is out).
  if (scc > 0) candidates.push({ m: 0, c: clamp01(scy / scc) });
  if (smm > 0) candidates.push({ m: clamp01((smy - smc) / smm), c: 1 });
  const sum = smm + scc + 2 * smc;
  if (sum > 0) {
    const both = clamp01((smy + scy) / sum);
    candidates.push({ m: both, c: both });
  }
  let best = { m: 0, c: 0, sse: sse(0, 0) };
  for (const k of candidates) {
    const e = sse(k.m, k.c);
    if (e < best.sse) best = { ...k, sse: e };
  }
  return best;
}

/** Weight of the equal-activities prior, as a share of one observation's (relative error)². */
export const PRIOR_WEIGHT = 0.01;

/** Fits the knee by a 0.005 grid over [0.3, 1] and the two activities by least squares at each knee. */
export function fitPowerCoefficients(obs: readonly PowerObservation[]): PowerModelCoefficients {
  let best = { knee: 1, m: 0, c: 0, sse: Number.POSITIVE_INFINITY };
  for (let i = 0; i <= 140; i++) {
    const knee = 0.3 + i * 0.005;
    const a = activitiesAtKnee(obs, knee);
    if (a.sse < best.sse - 1e-15) best = { knee, ...a };
  }
  return {
    computeActivity: best.c,
    memoryActivity: best.m,
    voltageKneeClockFraction: Math.round(best.knee * 1000) / 1000,
  };
}

function errors(obs: readonly PowerObservation[], predicted: readonly number[]): FitError {
  const pct = obs.map(
    (o, i) => (100 * Math.abs((predicted[i] as number) - o.measuredWatts)) / o.measuredWatts,
  );
  return {
    points: obs.length,
    meanAbsPctError: pct.length ? pct.reduce((a, b) => a + b, 0) / pct.length : 0,
    maxAbsPctError: pct.length ? Math.max(...pct) : 0,
  };
}

/** Fits on all observations and cross-validates by leaving each table out in turn. */
export function fitPowerModel(obs: readonly PowerObservation[]): PowerFit {
  const coefficients = fitPowerCoefficients(obs);
  const predictedWatts = obs.map((o) => predictObservationWatts(o, coefficients));
  const leaveOneTableOut: Record<string, FitError> = {};
  for (const table of [...new Set(obs.map((o) => o.table))]) {
    const train = obs.filter((o) => o.table !== table);
    const test = obs.filter((o) => o.table === table);
    const c = fitPowerCoefficients(train);
    leaveOneTableOut[table] = errors(
      test,
      test.map((o) => predictObservationWatts(o, c)),
    );
  }
  return { coefficients, inSample: errors(obs, predictedWatts), leaveOneTableOut, predictedWatts };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
