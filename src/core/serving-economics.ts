/**
 * Self-hosting vs a hosted API: the cost model of the inference-cost-optimization seed, with its
 * break-even example corrected (docs/economics.md). Pure functions; every quantity names its unit.
 */

export const SECONDS_PER_HOUR = 3600;
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
