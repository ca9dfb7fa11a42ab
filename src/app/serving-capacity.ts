import { type MaxRateResult, maxServiceableRate } from '../optimize/max-serviceable-rate.js';
import { scaleToRate } from '../sim/scale-workload.js';
import { simulate } from '../sim/simulate.js';
import type { RouterPolicy } from '../sim/simulation-input.js';
import type { Workload } from '../sim/workload.js';
import { judgeLatencySlo, type LatencySloTargets, type SloVerdict } from './latency-slo.js';
import type { ServingReplica } from './serving-replica.js';

export interface CapacityRequest {
  serving: ServingReplica;
  /** Instances (each holding serving.replicasPerInstance replicas). */
  instances: number;
  /** The traffic shape, time-scaled to each probed rate. */
  workload: Workload;
  targets: LatencySloTargets;
  router: RouterPolicy;
  seed: number;
  relativeTolerance?: number;
}

export interface CapacityResult extends MaxRateResult {
  /** The verdict at the answer (absent when no rate met the SLO). */
  atAnswer?: SloVerdict;
  simulations: number;
}

/** Runs the workload time-scaled to `requestsPerSecond` on `instances` instances. */
export function simulateAtRate(req: Omit<CapacityRequest, 'relativeTolerance'>, requestsPerSecond: number) {
  return simulate({
    workload: scaleToRate(req.workload, requestsPerSecond),
    replicas: req.instances * req.serving.replicasPerInstance,
    replica: req.serving.replica,
    router: req.router,
    seed: req.seed,
  });
}

/**
 * The highest arrival rate (requests/s) this many instances serve with every P95 target met and every
 * request served — OASIS's maximum serviceable request rate — by bracketing and bisection over
 * simulations of the same traffic shape time-scaled to each rate.
 */
export function servingCapacity(req: CapacityRequest): CapacityResult {
  const verdicts = new Map<number, SloVerdict>();
  // A first guess: the decode throughput of a full batch is far above any serviceable rate; start low.
  const result = maxServiceableRate(
    (rate) => {
      const verdict = judgeLatencySlo(simulateAtRate(req, rate).summary, req.targets);
      verdicts.set(rate, verdict);
      return {
        requestsPerSecond: rate,
        latencySeconds: verdict.e2eP95Seconds ?? Number.POSITIVE_INFINITY,
        meetsSlo: verdict.meets,
      };
    },
    { initialRequestsPerSecond: 1, relativeTolerance: req.relativeTolerance ?? 0.03, maxProbes: 40 },
  );
  const atAnswer = verdicts.get(result.requestsPerSecond);
  return { ...result, ...(atAnswer ? { atAnswer } : {}), simulations: result.probes.length };
}
