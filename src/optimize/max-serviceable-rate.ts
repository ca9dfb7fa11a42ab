/** What a probe at one arrival rate found. */
export interface RateProbe {
  requestsPerSecond: number;
  /** The latency percentile the SLO is on, seconds (Infinity when requests were rejected or never finished). */
  latencySeconds: number;
  meetsSlo: boolean;
}

export interface MaxRateResult {
  /** Highest probed rate that met the SLO; 0 when even the lowest did not. */
  requestsPerSecond: number;
  /** The lowest probed rate that missed it (the true maximum lies in between); Infinity if none missed. */
  upperBoundRequestsPerSecond: number;
  /** (upper − lower) / lower: how far the true maximum may lie above the answer. */
  relativeUncertainty: number;
  probes: RateProbe[];
}

export interface MaxRateOptions {
  /** First rate to try. */
  initialRequestsPerSecond: number;
  /** Stop when the bracket is within this relative width (default 0.02). */
  relativeTolerance?: number;
  /** Give up after this many probes (default 30). */
  maxProbes?: number;
  /** Never probe above this rate (default 1e6). */
  ceilingRequestsPerSecond?: number;
  /** Stop halving below this rate and answer 0 (default initial / 1024). */
  floorRequestsPerSecond?: number;
}

/**
 * The OASIS paper's maximum serviceable request rate (its eq. 3): the highest arrival rate whose latency
 * percentile meets the SLO. Doubles (or halves) the rate to bracket it, then bisects geometrically. The
 * probe is passed in (a simulation); it must be deterministic for a given rate.
 */
export function maxServiceableRate(
  probe: (requestsPerSecond: number) => RateProbe,
  options: MaxRateOptions,
): MaxRateResult {
  const tolerance = options.relativeTolerance ?? 0.02;
  const maxProbes = options.maxProbes ?? 30;
  const ceiling = options.ceilingRequestsPerSecond ?? 1e6;
  const floor = options.floorRequestsPerSecond ?? options.initialRequestsPerSecond / 1024;
  const probes: RateProbe[] = [];
  const run = (rate: number) => {
    const p = probe(rate);
    probes.push(p);
    return p.meetsSlo;
  };
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  let rate = Math.min(options.initialRequestsPerSecond, ceiling);
  // Bracket.
  while (probes.length < maxProbes) {
    if (run(rate)) {
      low = rate;
      if (rate >= ceiling) break;
      rate = Math.min(rate * 2, ceiling);
    } else {
      high = rate;
      if (low > 0) break;
      rate /= 2;
      if (rate < floor) break;
    }
    if (low > 0 && Number.isFinite(high)) break;
  }
  // Bisect geometrically.
  while (low > 0 && Number.isFinite(high) && high / low - 1 > tolerance && probes.length < maxProbes) {
    const mid = Math.sqrt(low * high);
    if (run(mid)) low = mid;
    else high = mid;
  }
  return {
    requestsPerSecond: low,
    upperBoundRequestsPerSecond: high,
    relativeUncertainty: low > 0 && Number.isFinite(high) ? high / low - 1 : Number.POSITIVE_INFINITY,
    probes,
  };
}
