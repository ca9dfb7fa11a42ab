import { probabilityMoreThanOut, type SpotRisk, spotServingOutage } from '../core/spot-interruption.js';

/** What spot capacity does to a fleet sized for latency SLOs (recommend under latency SLOs, --pricing spot). */
export interface LatencySpotImpact {
  interruptionsPerHour: number;
  /** The user's time to replace an interrupted instance and load the model (--spot-restart; no default). */
  replacementSeconds: number;
  /** Expected share of time one instance is out: λR / (1 + λR) (≈ λR when small). */
  instanceDownFraction: number;
  /**
   * Expected share of time the SLO is at risk: some instance is out. The fleet is the fewest instances
   * that met the targets (one fewer either missed in simulation or lacks the capacity for the rate), so
   * any instance out leaves it short.
   */
  sloAtRiskFraction: number;
  /** One spare instance: the SLO is at risk only while two or more are out. */
  withOneSpare: { instances: number; fleetUsdPerHour: number; sloAtRiskFraction: number };
}

/**
 * A latency-SLO fleet of `instances` on spot (core/spot-interruption.ts: alternating renewal per
 * instance, instances out independently).
 */
export function latencySpotImpact(
  instances: number,
  priceUsdPerHour: number,
  risk: SpotRisk,
): LatencySpotImpact {
  const outage = spotServingOutage(instances, risk);
  const down = outage.instanceDownFraction;
  return {
    interruptionsPerHour: risk.interruptionsPerHour,
    replacementSeconds: risk.restartSeconds,
    instanceDownFraction: down,
    sloAtRiskFraction: outage.anyDownProbability,
    withOneSpare: {
      instances: instances + 1,
      fleetUsdPerHour: (instances + 1) * priceUsdPerHour,
      sloAtRiskFraction: probabilityMoreThanOut(instances + 1, 1, down),
    },
  };
}
