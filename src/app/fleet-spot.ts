import type { Issue } from '../core/issue.js';
import { type SpotRisk, spotServingOutage } from '../core/spot-interruption.js';
import type { Workload } from '../sim/workload.js';
import { type ReplayPool, type ReplayVerdict, replayFleet } from './fleet-replay.js';
import type { FleetRequest } from './fleet-request.js';
import type { LatencySloTargets } from './latency-slo.js';

/** What spot capacity does to a latency-SLO fleet: how often an instance is out, and the SLO then. */
export interface FleetSpotImpact {
  interruptionsPerHour: number;
  restartSeconds: number;
  /** Expected share of time one instance is interrupted and not yet replaced. */
  instanceDownFraction: number;
  /** Chance that at least one instance of the fleet is out at a given moment. */
  anyDownProbability: number;
  /** SLO attainment of the replay with one instance of each type out (its pool's requests re-dealt). */
  oneOut: { type: string; sloAttainment: number; meets: boolean }[];
  /** (1 − P(any out)) · full attainment + P(any out) · attainment with one out, weighted by instances. */
  expectedSloAttainment: number;
}

/**
 * Spot serving impact: replays the workload with one instance of each pool missing (a pool of one drops
 * out, and the buckets only it served go unserved), and weighs those attainments by how often an
 * interruption leaves some instance out (core/spot-interruption.ts; at most one out at a time assumed).
 */
export function fleetSpotImpact(
  workload: Workload,
  bucketOf: Int32Array,
  pools: readonly ReplayPool[],
  full: ReplayVerdict,
  risk: SpotRisk,
  targets: LatencySloTargets,
  percentile: 95 | 99,
  seed: number,
): FleetSpotImpact {
  const instances = pools.reduce((a, p) => a + p.instances, 0);
  const outage = spotServingOutage(instances, risk);
  const oneOut = pools.map((pool, k) => {
    const fewer = pools
      .map((p, j) => (j === k ? { ...p, instances: p.instances - 1 } : p))
      .filter((p) => p.instances > 0);
    const v = replayFleet(workload, bucketOf, fewer, targets, percentile, seed);
    return {
      type: pool.type,
      sloAttainment: v.sloAttainment,
      meets: v.meets,
      weight: pool.instances / instances,
    };
  });
  const degraded = oneOut.reduce((a, o) => a + o.weight * o.sloAttainment, 0);
  return {
    interruptionsPerHour: risk.interruptionsPerHour,
    restartSeconds: risk.restartSeconds,
    instanceDownFraction: outage.instanceDownFraction,
    anyDownProbability: outage.anyDownProbability,
    oneOut: oneOut.map(({ weight: _w, ...o }) => o),
    expectedSloAttainment:
      (1 - outage.anyDownProbability) * full.sloAttainment + outage.anyDownProbability * degraded,
  };
}

/** Spot serving needs its risk stated: the interruption rate and the replacement time, only with spot. */
export function spotIssues(req: FleetRequest): Issue[] {
  if (req.pricing !== 'spot')
    return req.spotInterruptionsPerHour !== undefined || req.spotRestartSeconds !== undefined
      ? [
          {
            code: 'invalid-option',
            path: 'spotInterruptionsPerHour',
            message: 'applies to spot capacity only: add {{pricing}} spot',
          },
        ]
      : [];
  const missing: Issue[] = [];
  if (req.spotInterruptionsPerHour === undefined)
    missing.push({
      code: 'missing-option',
      path: 'spotInterruptionsPerHour',
      message:
        'latency-SLO serving on spot capacity: give the expected interruptions per instance-hour (no provider publishes a per-hour rate to default to)',
    });
  if (req.spotRestartSeconds === undefined)
    missing.push({
      code: 'missing-option',
      path: 'spotRestart',
      message:
        'latency-SLO serving on spot capacity: give the time to replace an interrupted instance and load the model (e.g. 10m)',
    });
  return missing;
}
