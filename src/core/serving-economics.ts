import { SECONDS_PER_HOUR } from './billing.js';

/**
 * Self-hosting vs a hosted API: the cost model of the inference-cost-optimization seed, with its
 * break-even example corrected (docs/economics.md). Pure functions; every quantity names its unit.
 */

/** 365 × 24 / 12: the average month. */
export const HOURS_PER_MONTH = 730;

/** Dollars per million tokens for a machine costing `usdPerHour` that produces `tokensPerSecond`. */
export function usdPerMillionTokens(usdPerHour: number, tokensPerSecond: number): number {
  return (usdPerHour / (tokensPerSecond * SECONDS_PER_HOUR)) * 1e6;
}

export interface StageSplit {
  /** Seconds of one batch spent in prefill and in decode. */
  prefillSeconds: number;
  decodeSeconds: number;
  /** Tokens the batch reads (input, prompt) and writes (output). */
  inputTokens: number;
  outputTokens: number;
}

/**
 * $/M input and $/M output tokens: the machine's time is apportioned to the stage that uses it (prefill
 * time to input tokens, decode time to output tokens), so the two add back to the whole cost.
 */
export function usdPerMillionByStage(
  usdPerHour: number,
  split: StageSplit,
): { inputUsdPerMillionTokens: number; outputUsdPerMillionTokens: number } {
  const usdPerSecond = usdPerHour / SECONDS_PER_HOUR;
  return {
    inputUsdPerMillionTokens: ((usdPerSecond * split.prefillSeconds) / split.inputTokens) * 1e6,
    outputUsdPerMillionTokens: ((usdPerSecond * split.decodeSeconds) / split.outputTokens) * 1e6,
  };
}

/** An API's price for the workload's token mix: dollars per million tokens, input and output blended. */
export function blendedUsdPerMillionTokens(
  inputUsdPerMillionTokens: number,
  outputUsdPerMillionTokens: number,
  inputTokensPerRequest: number,
  outputTokensPerRequest: number,
): number {
  const total = inputTokensPerRequest + outputTokensPerRequest;
  return (
    (inputUsdPerMillionTokens * inputTokensPerRequest + outputUsdPerMillionTokens * outputTokensPerRequest) /
    total
  );
}

export interface SelfHostFleet {
  /** Price of one replica (instance), always on. */
  replicaUsdPerHour: number;
  /** Tokens (input + output) one replica serves per month within the SLO, at the utilisation allowed. */
  replicaTokensPerMonth: number;
  hoursPerMonth: number;
}

/** Replicas needed for a monthly volume (at least one: an always-on service keeps one running). */
export function replicasFor(fleet: SelfHostFleet, tokensPerMonth: number): number {
  return Math.max(1, Math.ceil(tokensPerMonth / fleet.replicaTokensPerMonth - 1e-12));
}

/** Monthly cost of always-on self-hosting at a volume: whole replicas, paid busy or idle. */
export function selfHostUsdPerMonth(fleet: SelfHostFleet, tokensPerMonth: number): number {
  return replicasFor(fleet, tokensPerMonth) * fleet.replicaUsdPerHour * fleet.hoursPerMonth;
}

export function apiUsdPerMonth(blendedUsdPerMillion: number, tokensPerMonth: number): number {
  return (blendedUsdPerMillion * tokensPerMonth) / 1e6;
}

export interface BreakEven {
  /** Cost of one replica for a month. */
  replicaUsdPerMonth: number;
  /**
   * Smallest monthly volume at which self-hosting costs no more than the API (one replica), or undefined
   * when one replica at its full allowed load still costs more per token than the API.
   */
  firstTokensPerMonth?: number;
  /** Volume above which self-hosting is never dearer (the step gaps between replicas have closed). */
  alwaysTokensPerMonth?: number;
  /** Self-hosting's cost per million tokens with every replica at its allowed load. */
  fullLoadUsdPerMillionTokens: number;
}

/**
 * Where self-hosting becomes cheaper than an API priced `blendedUsdPerMillion`. With n replicas it is
 * cheaper on [n·P/a, n·C] (P: replica $/month, a: API $/token, C: replica tokens/month), an interval
 * that exists for every n exactly when P/a ≤ C; gaps (n·C, (n+1)·P/a) close once n ≥ P / (a·C − P).
 */
export function breakEven(fleet: SelfHostFleet, blendedUsdPerMillion: number): BreakEven {
  const replicaUsdPerMonth = fleet.replicaUsdPerHour * fleet.hoursPerMonth;
  const usdPerToken = blendedUsdPerMillion / 1e6;
  const fullLoadUsdPerMillionTokens = (replicaUsdPerMonth / fleet.replicaTokensPerMonth) * 1e6;
  const first = replicaUsdPerMonth / usdPerToken;
  if (first > fleet.replicaTokensPerMonth) return { replicaUsdPerMonth, fullLoadUsdPerMillionTokens };
  const margin = usdPerToken * fleet.replicaTokensPerMonth - replicaUsdPerMonth;
  // Largest n with a gap: n·C < (n+1)·P/a  ⇔  n < P / (a·C − P).
  const lastGap = margin > 0 ? Math.ceil(replicaUsdPerMonth / margin) - 1 : Number.POSITIVE_INFINITY;
  const always = Number.isFinite(lastGap) ? ((lastGap + 1) * replicaUsdPerMonth) / usdPerToken : undefined;
  return {
    replicaUsdPerMonth,
    firstTokensPerMonth: first,
    ...(always !== undefined ? { alwaysTokensPerMonth: Math.max(first, always) } : {}),
    fullLoadUsdPerMillionTokens,
  };
}

/** Most replica steps examined per fleet before its gaps are taken as never closing. */
const MAX_STEPS = 10_000;

/**
 * Break-even when self-hosting may use whichever of several instance types is cheapest at each volume
 * (whole instances of one type): self-hosting wins wherever some type's interval [n·P/a, n·C] covers the
 * volume. `first` is the smallest such volume; `always` the start of the covered run that never ends.
 */
export function breakEvenAcross(
  fleets: readonly SelfHostFleet[],
  blendedUsdPerMillion: number,
): { firstTokensPerMonth?: number; firstFleet?: number; alwaysTokensPerMonth?: number } {
  const usdPerToken = blendedUsdPerMillion / 1e6;
  const intervals: [number, number][] = [];
  let firstTokensPerMonth: number | undefined;
  let firstFleet: number | undefined;
  fleets.forEach((fleet, index) => {
    const single = breakEven(fleet, blendedUsdPerMillion);
    if (single.firstTokensPerMonth === undefined) return;
    if (firstTokensPerMonth === undefined || single.firstTokensPerMonth < firstTokensPerMonth) {
      firstTokensPerMonth = single.firstTokensPerMonth;
      firstFleet = index;
    }
    const always = single.alwaysTokensPerMonth ?? Number.POSITIVE_INFINITY;
    for (let n = 1; n <= MAX_STEPS; n += 1) {
      const start = (n * single.replicaUsdPerMonth) / usdPerToken;
      if (start >= always) break;
      intervals.push([start, n * fleet.replicaTokensPerMonth]);
    }
    if (Number.isFinite(always)) intervals.push([always, Number.POSITIVE_INFINITY]);
  });
  intervals.sort((x, y) => x[0] - y[0]);
  let runStart: number | undefined;
  let runEnd = Number.NEGATIVE_INFINITY;
  for (const [start, end] of intervals) {
    if (runStart === undefined || start > runEnd * (1 + 1e-12)) runStart = start;
    runEnd = Math.max(runEnd, end);
    if (runEnd === Number.POSITIVE_INFINITY) break;
  }
  return {
    ...(firstTokensPerMonth !== undefined ? { firstTokensPerMonth, firstFleet } : {}),
    ...(runEnd === Number.POSITIVE_INFINITY && runStart !== undefined
      ? { alwaysTokensPerMonth: runStart }
      : {}),
  };
}

/** The cheapest whole-instance fleet of one type for a volume: its index, replicas and monthly cost. */
export function cheapestFleetFor(
  fleets: readonly SelfHostFleet[],
  tokensPerMonth: number,
): { fleet: number; replicas: number; usdPerMonth: number } {
  let best = { fleet: 0, replicas: 0, usdPerMonth: Number.POSITIVE_INFINITY };
  fleets.forEach((fleet, index) => {
    const usdPerMonth = selfHostUsdPerMonth(fleet, tokensPerMonth);
    if (usdPerMonth < best.usdPerMonth)
      best = { fleet: index, replicas: replicasFor(fleet, tokensPerMonth), usdPerMonth };
  });
  return best;
}
