import { nearestRankPercentile } from '../sim/percentile.js';
import { simulate } from '../sim/simulate.js';
import type { ReplicaConfig } from '../sim/simulation-input.js';
import { REQUEST_OUTCOME, type RequestMetrics } from '../sim/simulation-result.js';
import type { Workload } from '../sim/workload.js';
import type { LatencySloTargets } from './latency-slo.js';

/** One pool of the replayed fleet: `instances` of a type holding `replicasPerInstance` replicas each. */
export interface ReplayPool {
  type: string;
  instances: number;
  replicasPerInstance: number;
  replica: ReplicaConfig;
  /** Share of each bucket's requests the router sends here (by bucket index). */
  shareByBucket: Map<number, number>;
}

export interface ReplayPoolVerdict {
  type: string;
  requests: number;
  replicas: number;
  ttftP95Seconds: number | null;
  tpotP95Seconds: number | null;
  e2eP95Seconds: number | null;
}

export interface ReplayVerdict {
  /** Every target met at the percentile over all requests, and none failed. */
  meets: boolean;
  /** Requests meeting every target ÷ all requests (rejected or unfinished ones miss). */
  sloAttainment: number;
  /** The judged percentile (95 or 99) of each latency over all completed requests. */
  ttftSeconds: number | null;
  tpotSeconds: number | null;
  e2eSeconds: number | null;
  failedRequests: number;
  pools: ReplayPoolVerdict[];
}

/**
 * Which pool each request goes to: requests of bucket b are dealt to the pools serving b in proportion to
 * their shares by smooth weighted round robin (deterministic; after n requests each pool holds its share of
 * n to within one request). Requests of a bucket no pool serves go to pool −1.
 */
export function dealRequests(bucketOf: Int32Array, pools: readonly ReplayPool[]): Int32Array {
  const out = new Int32Array(bucketOf.length).fill(-1);
  const credit = new Map<number, number[]>();
  for (let i = 0; i < bucketOf.length; i++) {
    const b = bucketOf[i] as number;
    let c = credit.get(b);
    if (!c) {
      c = pools.map(() => 0);
      credit.set(b, c);
    }
    let best = -1;
    for (let p = 0; p < pools.length; p++) {
      const share = pools[p]?.shareByBucket.get(b) ?? 0;
      if (!(share > 0)) continue;
      c[p] = (c[p] as number) + share;
      if (best < 0 || (c[p] as number) > (c[best] as number)) best = p;
    }
    if (best < 0) continue;
    c[best] = (c[best] as number) - 1;
    out[i] = best;
  }
  return out;
}

function subWorkload(w: Workload, ids: number[], label: string): Workload {
  return {
    arrivalSeconds: Float64Array.from(ids, (i) => w.arrivalSeconds[i] as number),
    inputTokens: Uint32Array.from(ids, (i) => w.inputTokens[i] as number),
    outputTokens: Uint32Array.from(ids, (i) => w.outputTokens[i] as number),
    source: `${w.source} (${label})`,
  };
}

const meetsAll = (m: RequestMetrics, i: number, t: LatencySloTargets) =>
  m.outcome[i] === REQUEST_OUTCOME.completed &&
  (t.ttftSeconds === undefined || (m.ttftSeconds[i] as number) <= t.ttftSeconds) &&
  (t.e2eSeconds === undefined || (m.e2eSeconds[i] as number) <= t.e2eSeconds) &&
  (t.tpotSeconds === undefined ||
    Number.isNaN(m.tpotSeconds[i] as number) ||
    (m.tpotSeconds[i] as number) <= t.tpotSeconds);

/**
 * Replays a workload through a fleet of pools: a router that sends each size bucket's requests to the pools
 * in the chosen shares, least outstanding tokens within a pool — one simulation per pool. The verdict is
 * over all requests together: the judged percentile of TTFT, TPOT and E2E, and the share meeting every target.
 */
export function replayFleet(
  workload: Workload,
  bucketOf: Int32Array,
  pools: readonly ReplayPool[],
  targets: LatencySloTargets,
  percentile: 95 | 99,
  seed: number,
): ReplayVerdict {
  const n = workload.arrivalSeconds.length;
  const dealt = dealRequests(bucketOf, pools);
  const idsByPool: number[][] = pools.map(() => []);
  let failedRequests = 0;
  for (let i = 0; i < n; i++) {
    const p = dealt[i] as number;
    if (p < 0) failedRequests++;
    else idsByPool[p]?.push(i);
  }
  const ttft: number[] = [];
  const tpot: number[] = [];
  const e2e: number[] = [];
  let good = 0;
  const poolVerdicts: ReplayPoolVerdict[] = [];
  pools.forEach((pool, p) => {
    const ids = idsByPool[p] as number[];
    const replicas = pool.instances * pool.replicasPerInstance;
    if (ids.length === 0) {
      poolVerdicts.push({
        type: pool.type,
        requests: 0,
        replicas,
        ttftP95Seconds: null,
        tpotP95Seconds: null,
        e2eP95Seconds: null,
      });
      return;
    }
    const run = simulate({
      workload: subWorkload(workload, ids, pool.type),
      replicas,
      replica: pool.replica,
      router: 'least-outstanding-tokens',
      seed,
    });
    const m = run.requests;
    for (let i = 0; i < ids.length; i++) {
      if (m.outcome[i] !== REQUEST_OUTCOME.completed) failedRequests++;
      else {
        ttft.push(m.ttftSeconds[i] as number);
        e2e.push(m.e2eSeconds[i] as number);
        if (!Number.isNaN(m.tpotSeconds[i] as number)) tpot.push(m.tpotSeconds[i] as number);
      }
      if (meetsAll(m, i, targets)) good++;
    }
    const key = percentile === 99 ? 'p99' : 'p95';
    poolVerdicts.push({
      type: pool.type,
      requests: ids.length,
      replicas,
      ttftP95Seconds: run.summary.ttftSeconds?.[key] ?? null,
      tpotP95Seconds: run.summary.tpotSeconds?.[key] ?? null,
      e2eP95Seconds: run.summary.e2eSeconds?.[key] ?? null,
    });
  });
  const at = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return nearestRankPercentile(xs, percentile) ?? null;
  };
  const result = { ttftSeconds: at(ttft), tpotSeconds: at(tpot), e2eSeconds: at(e2e) };
  const within = (observed: number | null, limit: number | undefined) =>
    limit === undefined || (observed !== null && observed <= limit);
  return {
    meets:
      failedRequests === 0 &&
      within(result.ttftSeconds, targets.ttftSeconds) &&
      within(result.tpotSeconds, targets.tpotSeconds) &&
      within(result.e2eSeconds, targets.e2eSeconds),
    sloAttainment: n > 0 ? good / n : 0,
    ...result,
    failedRequests,
    pools: poolVerdicts,
  };
}
