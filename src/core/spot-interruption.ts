import { SECONDS_PER_HOUR } from './billing.js';

/**
 * Spot capacity as a risk, not a discount: interruptions arrive as a Poisson process at λ per instance-hour
 * (the user's figure — providers publish no per-hour rate to default to), and an interrupted unit of work
 * (one batch: the checkpoint granularity) is lost and rerun from its start after a restart of R seconds
 * (a replacement instance loading the model; billed like any running time).
 *
 * For work of T seconds: attempts until one runs T seconds uninterrupted are geometric with success
 * probability e^{−λT}; the expected time spent is (e^{λT} − 1)(1/λ + R) and the expected number of
 * interruptions e^{λT} − 1 (λ = 0 gives T and 0). Those are the renewal-reward results for restart-from-
 * scratch work under Poisson failures.
 */
export interface SpotRisk {
  interruptionsPerHour: number;
  restartSeconds: number;
}

export interface SpotExpectation {
  /** Expected wall time to finish the work, interruptions and restarts included. */
  expectedSeconds: number;
  expectedInterruptions: number;
  /** Probability the work finishes without any interruption. */
  uninterruptedProbability: number;
}

/** Expected time and interruptions for `units` pieces of work of `unitSeconds` each, run one after another. */
export function spotExpectation(unitSeconds: number, units: number, risk: SpotRisk): SpotExpectation {
  if (
    !(unitSeconds >= 0) ||
    !(units >= 0) ||
    !(risk.interruptionsPerHour >= 0) ||
    !(risk.restartSeconds >= 0)
  )
    throw new RangeError('spotExpectation: times, counts and rates must be ≥ 0');
  const lambda = risk.interruptionsPerHour / SECONDS_PER_HOUR;
  if (lambda === 0 || unitSeconds === 0)
    return { expectedSeconds: unitSeconds * units, expectedInterruptions: 0, uninterruptedProbability: 1 };
  const x = lambda * unitSeconds;
  const retries = Math.expm1(x);
  // (e^x − 1)/λ = T · (e^x − 1)/x, with its series 1 + x/2 where x is too small to divide by.
  const stretch = x < 1e-9 ? 1 + x / 2 : retries / x;
  return {
    expectedSeconds: units * (unitSeconds * stretch + retries * risk.restartSeconds),
    expectedInterruptions: units * retries,
    uninterruptedProbability: Math.exp(-lambda * unitSeconds * units),
  };
}

/**
 * Always-on serving on spot: the expected share of time an instance is out (interrupted and not yet
 * replaced), λR / (1 + λR) — an alternating renewal process of up-times with mean 1/λ and down-times R —
 * and the probability that at least one of `instances` is out at a given moment.
 */
export function spotServingOutage(
  instances: number,
  risk: SpotRisk,
): { instanceDownFraction: number; anyDownProbability: number } {
  const lambdaR = (risk.interruptionsPerHour / SECONDS_PER_HOUR) * risk.restartSeconds;
  const down = lambdaR / (1 + lambdaR);
  return { instanceDownFraction: down, anyDownProbability: probabilityMoreThanOut(instances, 0, down) };
}

/**
 * The chance that more than `spare` of `instances` are out at once, each out independently with
 * probability `down` (binomial tail): 1 − Σ_{k=0}^{spare} C(n, k) · down^k · (1 − down)^{n−k}.
 * Independence is an assumption: a provider reclaiming capacity may take several instances of one
 * pool together, so the real tail is heavier.
 */
export function probabilityMoreThanOut(instances: number, spare: number, down: number): number {
  let within = 0;
  let choose = 1;
  for (let k = 0; k <= Math.min(spare, instances); k++) {
    if (k > 0) choose = (choose * (instances - k + 1)) / k;
    within += choose * down ** k * (1 - down) ** (instances - k);
  }
  return Math.max(0, 1 - within);
}
