import { type MaxRateResult, maxServiceableRate } from '../optimize/max-serviceable-rate.js';
import { scaleToRate } from '../sim/scale-workload.js';
import { simulate } from '../sim/simulate.js';
import type { RouterPolicy } from '../sim/simulation-input.js';
import type { SimulationSummary } from '../sim/simulation-result.js';
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
  /** The percentile the targets bound (default 95). */
  percentile?: 95 | 99;
  router: RouterPolicy;
  seed: number;
  /** τ of the simulation's per-query-type breakdown (default 500 tokens). */
  queryTypeThresholdTokens?: number;
  relativeTolerance?: number;
  /**
   * First rate to probe: 1 req/s (default), or `saturated` — the fleet's saturated throughput, which saves
   * the bracketing doublings when the answer lies near saturation (a loose SLO, as in a cost table).
   */
  startAt?: 'one' | 'saturated';
}

export interface CapacityResult extends MaxRateResult {
  /** The verdict at the answer (absent when no rate met the SLO). */
  atAnswer?: SloVerdict;
  /** The simulation at the answer, for its power and token rates (absent when no rate met the SLO). */
  answerSummary?: SimulationSummary;
  /** The fleet's saturated throughput (see saturatedThroughput): the answer's ceiling. */
  saturatedRequestsPerSecond: number;
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
    ...(req.queryTypeThresholdTokens !== undefined
      ? { queryTypeThresholdTokens: req.queryTypeThresholdTokens }
      : {}),
  });
}

/** A closed loop's answer: completions per second in its steady state, and the whole run's summary. */
export interface ClosedLoopRun {
  steadyRequestsPerSecond: number;
  summary: SimulationSummary;
}

/**
 * A closed loop of `concurrency` requests in flight over `total` requests (the workload's lengths
 * repeated), all ready at time 0. Its steady-state throughput is measured between the first wave and the
 * drain — completions total/4 … 3·total/4 — since the first requests finish in clusters and the last few
 * drain alone.
 */
export function closedLoopRun(
  req: Omit<CapacityRequest, 'relativeTolerance'>,
  concurrency: number,
  total: number,
): ClosedLoopRun {
  const n = req.workload.arrivalSeconds.length;
  const inputTokens = new Uint32Array(total);
  const outputTokens = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    inputTokens[i] = req.workload.inputTokens[i % n] as number;
    outputTokens[i] = req.workload.outputTokens[i % n] as number;
  }
  const run = simulate({
    workload: { arrivalSeconds: new Float64Array(total), inputTokens, outputTokens, source: 'closed loop' },
    replicas: req.instances * req.serving.replicasPerInstance,
    replica: req.serving.replica,
    router: req.router,
    seed: req.seed,
    closedLoop: { concurrency },
  });
  const finish: number[] = [];
  const { arrivalSeconds, e2eSeconds } = run.requests;
  for (let i = 0; i < total; i++) {
    const e2e = e2eSeconds[i] as number;
    if (!Number.isNaN(e2e)) finish.push((arrivalSeconds[i] as number) + e2e);
  }
  finish.sort((a, b) => a - b);
  const first = Math.floor(finish.length / 4);
  const last = Math.floor((3 * finish.length) / 4);
  const span = (finish[last] ?? 0) - (finish[first] ?? 0);
  return {
    steadyRequestsPerSecond:
      finish.length >= 8 && span > 0 ? (last - first) / span : run.summary.throughput.requestsPerSecond,
    summary: run.summary,
  };
}

/**
 * Requests/s the fleet completes when saturated: a closed loop that keeps every replica's `maxNumSeqs`
 * sequences busy, over four times that many requests (closedLoopRun) — the steady state. A probe's own N
 * requests all at once would not do: they finish in clusters, and a few long outputs drain alone.
 */
export function saturatedThroughput(req: Omit<CapacityRequest, 'relativeTolerance'>): number {
  const n = req.workload.arrivalSeconds.length;
  const replicas = req.instances * req.serving.replicasPerInstance;
  const concurrency = replicas * req.serving.replica.maxNumSeqs;
  return closedLoopRun(req, concurrency, Math.max(n, 4 * concurrency)).steadyRequestsPerSecond;
}

/**
 * The highest arrival rate (requests/s) this many instances serve with every P95 target met and every
 * request served — OASIS's maximum serviceable request rate — by bracketing and bisection over
 * simulations of the same traffic shape time-scaled to each rate.
 */
export function servingCapacity(req: CapacityRequest): CapacityResult {
  const verdicts = new Map<number, SloVerdict>();
  let answer: { rate: number; summary: SimulationSummary } | undefined;
  // A probe of N requests queues at most N deep: above the rate the replicas sustain, a short probe still
  // drains within a loose SLO, so bisection alone would climb to the ceiling (1e6 req/s). The fleet's
  // saturated throughput caps the answer.
  const saturatedRequestsPerSecond = saturatedThroughput(req);
  // A first guess: the decode throughput of a full batch is far above any serviceable rate; start low.
  const result = maxServiceableRate(
    (rate) => {
      const summary = simulateAtRate(req, rate).summary;
      const verdict = judgeLatencySlo(summary, req.targets, req.percentile ?? 95);
      verdicts.set(rate, verdict);
      if (verdict.meets && (!answer || rate > answer.rate)) answer = { rate, summary };
      return {
        requestsPerSecond: rate,
        latencySeconds: verdict.e2eP95Seconds ?? Number.POSITIVE_INFINITY,
        meetsSlo: verdict.meets,
      };
    },
    {
      initialRequestsPerSecond:
        req.startAt === 'saturated' && saturatedRequestsPerSecond > 0 ? saturatedRequestsPerSecond : 1,
      relativeTolerance: req.relativeTolerance ?? 0.03,
      maxProbes: 40,
      ...(saturatedRequestsPerSecond > 0 ? { ceilingRequestsPerSecond: saturatedRequestsPerSecond } : {}),
    },
  );
  const atAnswer = verdicts.get(result.requestsPerSecond);
  return {
    ...result,
    ...(atAnswer ? { atAnswer } : {}),
    ...(answer && answer.rate === result.requestsPerSecond ? { answerSummary: answer.summary } : {}),
    saturatedRequestsPerSecond,
    simulations: result.probes.length + 1,
  };
}
