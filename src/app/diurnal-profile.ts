import { Random } from '../sim/random.js';

/**
 * A synthetic day-shaped arrival rate, for planning a horizon longer than a trace (the shared traces span
 * about an hour):
 *
 *   rate(t) = mean × (1 + amplitude × cos(2π (t − peakHour·3600) / 86 400)),  t in seconds from midnight,
 *
 * repeated for `days`. Its mean over a whole day is `mean`; it peaks at mean × (1 + amplitude) at the peak
 * hour and bottoms at mean × (1 − amplitude) twelve hours later. Requests per window are Poisson with the
 * rate's integral over the window as mean (seeded); the request sizes come from the trace the caller gives.
 * The defaults are an illustration, not a measurement: give your own service's figures.
 */
export interface DiurnalProfile {
  meanRequestsPerSecond: number;
  /** 0 ≤ amplitude ≤ 1: the swing about the mean, as a share of it. */
  amplitude: number;
  /** Hour of day (0–24) of the peak. */
  peakHour: number;
  days: number;
}

export const DIURNAL_DEFAULTS = { amplitude: 0.5, peakHour: 14, days: 30 } as const;

const DAY_SECONDS = 86_400;

/**
 * The profile's rate at t seconds from the first midnight, requests/s.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function diurnalRate(p: DiurnalProfile, tSeconds: number): number {
  return (
    p.meanRequestsPerSecond *
    (1 + p.amplitude * Math.cos((2 * Math.PI * (tSeconds - p.peakHour * 3600)) / DAY_SECONDS))
  );
}

/** ∫ rate dt over [t0, t1]: the expected requests in that span. */
export function diurnalExpectedRequests(p: DiurnalProfile, t0: number, t1: number): number {
  const phase = (t: number) => (2 * Math.PI * (t - p.peakHour * 3600)) / DAY_SECONDS;
  const swing = (p.amplitude * DAY_SECONDS * (Math.sin(phase(t1)) - Math.sin(phase(t0)))) / (2 * Math.PI);
  return p.meanRequestsPerSecond * (t1 - t0 + swing);
}

/**
 * A Poisson count with mean μ: by multiplying uniforms below μ = 30, above it the normal approximation
 * round(μ + √μ·z) (its error in the tail probabilities is O(1/√μ), well under the count's own noise), ≥ 0.
 */
function poisson(random: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random.float();
  while (product > limit) {
    k++;
    product *= random.float();
  }
  return k;
}

/** The profile's windows of `windowSeconds` over its days: start, end and a Poisson request count each. */
export function diurnalWindows(
  p: DiurnalProfile,
  windowSeconds: number,
  seed: number,
): { startSeconds: number; endSeconds: number; requests: number }[] {
  const random = new Random(seed, 7);
  const end = p.days * DAY_SECONDS;
  const count = Math.ceil(end / windowSeconds - 1e-9);
  return Array.from({ length: count }, (_, k) => {
    const startSeconds = k * windowSeconds;
    const endSeconds = Math.min(end, startSeconds + windowSeconds);
    return {
      startSeconds,
      endSeconds,
      requests: poisson(random, diurnalExpectedRequests(p, startSeconds, endSeconds)),
    };
  });
}
