import { nearestRankPercentile } from './percentile.js';
import { QUERY_TYPES, type QueryType } from './query-type.js';
import type { ReplicaScheduler } from './replica-scheduler.js';
import type { RequestTable } from './request-table.js';
import type { SimulationCounters } from './simulation-counters.js';
import type { SimulationInput } from './simulation-input.js';
import {
  type LatencyStats,
  REQUEST_OUTCOME,
  type RejectionReason,
  type RequestGroupSummary,
  type SimulationSummary,
} from './simulation-result.js';

export interface SummaryInputs {
  input: SimulationInput;
  table: RequestTable;
  counters: SimulationCounters;
  replicas: readonly ReplicaScheduler[];
  startSeconds: number;
  endSeconds: number;
  rejectedByReason: Record<RejectionReason, number>;
  truncated: SimulationSummary['truncated'];
  queryTypeThresholdTokens: number;
  /** Mean KV blocks of a replica (they differ between the pools of a fleet). */
  kvBlocksPerReplica: number;
}

/** Latency samples of one group, sorted ascending. */
interface Samples {
  ttft: Float64Array;
  tpot: Float64Array;
  e2e: Float64Array;
  queueing: Float64Array;
}

/** Index 4 collects all requests; 0–3 are the query types. */
const ALL = 4;

/** The run's summary: everything over all requests, then the same per query type. */
export function summarizeSimulation(s: SummaryInputs): SimulationSummary {
  const { table: t, counters: c, input } = s;
  const makespan = s.endSeconds - s.startSeconds;
  const perSecond = (x: number) => (makespan > 0 ? x / makespan : 0);
  const replicaSeconds = makespan * s.replicas.length;
  const perReplicaSecond = (x: number) => (replicaSeconds > 0 ? x / replicaSeconds : 0);
  const count = new Float64Array(5);
  const completed = new Float64Array(5);
  const rejected = new Float64Array(5);
  const good = new Float64Array(5);
  const outputTokens = new Float64Array(5);
  const totalTokens = new Float64Array(5);
  const slo = input.slo;
  const bump = (a: Float64Array, q: number, x: number) => {
    a[q] = (a[q] as number) + x;
    a[ALL] = (a[ALL] as number) + x;
  };
  const multiToken = new Float64Array(5);
  for (let i = 0; i < t.count; i++) {
    if (t.outcome[i] !== REQUEST_OUTCOME.completed) continue;
    const q = t.queryType[i] as number;
    bump(completed, q, 1);
    if ((t.outputTokens[i] as number) > 1) bump(multiToken, q, 1);
  }
  const perType: Samples[] = [0, 1, 2, 3].map((q) => ({
    ttft: new Float64Array(completed[q] as number),
    tpot: new Float64Array(multiToken[q] as number),
    e2e: new Float64Array(completed[q] as number),
    queueing: new Float64Array(completed[q] as number),
  }));
  const filled = new Int32Array(4);
  const filledTpot = new Int32Array(4);
  for (let i = 0; i < t.count; i++) {
    const q = t.queryType[i] as number;
    bump(count, q, 1);
    const outcome = t.outcome[i];
    if (outcome === REQUEST_OUTCOME.rejected) bump(rejected, q, 1);
    if (outcome !== REQUEST_OUTCOME.completed) continue;
    const output = t.outputTokens[i] as number;
    bump(outputTokens, q, output);
    bump(totalTokens, q, output + (t.inputTokens[i] as number));
    const arrival = t.arrivalSeconds[i] as number;
    const ttft = (t.firstTokenSeconds[i] as number) - arrival;
    const e2e = (t.finishSeconds[i] as number) - arrival;
    const tpot = output > 1 ? (e2e - ttft) / (output - 1) : Number.NaN;
    const sample = perType[q] as Samples;
    const k = filled[q] as number;
    filled[q] = k + 1;
    sample.ttft[k] = ttft;
    sample.e2e[k] = e2e;
    sample.queueing[k] = (t.admittedSeconds[i] as number) - arrival;
    if (output > 1) {
      const kt = filledTpot[q] as number;
      filledTpot[q] = kt + 1;
      sample.tpot[kt] = tpot;
    }
    if (
      slo &&
      (slo.ttftSeconds === undefined || ttft <= slo.ttftSeconds) &&
      (slo.e2eSeconds === undefined || e2e <= slo.e2eSeconds) &&
      (slo.tpotSeconds === undefined || output <= 1 || tpot <= slo.tpotSeconds)
    )
      bump(good, q, 1);
  }
  for (const sample of perType) {
    sample.ttft.sort();
    sample.tpot.sort();
    sample.e2e.sort();
    sample.queueing.sort();
  }
  const metric = (key: keyof Samples) => mergeSorted(perType.map((p) => p[key]));
  const samples: Samples[] = [
    ...perType,
    { ttft: metric('ttft'), tpot: metric('tpot'), e2e: metric('e2e'), queueing: metric('queueing') },
  ];

  const group = (g: number): RequestGroupSummary => {
    const sample = samples[g] as Samples;
    const n = count[g] as number;
    const pick = (a: Float64Array) => (g === ALL ? sum4(a) : (a[g] as number));
    const hitTokens = pick(c.prefixHitTokens);
    const promptTokens = pick(c.prefixPromptTokens);
    return {
      count: n,
      completed: completed[g] as number,
      rejected: rejected[g] as number,
      unfinished: n - (completed[g] as number) - (rejected[g] as number),
      throughput: {
        requestsPerSecond: perSecond(completed[g] as number),
        outputTokensPerSecond: perSecond(outputTokens[g] as number),
        totalTokensPerSecond: perSecond(totalTokens[g] as number),
      },
      ttftSeconds: latencyStats(sample.ttft),
      tpotSeconds: latencyStats(sample.tpot),
      e2eSeconds: latencyStats(sample.e2e),
      queueingSeconds: latencyStats(sample.queueing),
      goodput: slo
        ? { fraction: n > 0 ? (good[g] as number) / n : 0, requestsPerSecond: perSecond(good[g] as number) }
        : null,
      preemptions: pick(c.preemptions),
      prefixCache: { hitTokens, promptTokens, hitRate: promptTokens > 0 ? hitTokens / promptTokens : 0 },
      meanRunning: perReplicaSecond(pick(c.runningIntegral)),
      meanWaiting: perReplicaSecond(pick(c.waitingIntegral)),
      meanKvBlocks: perReplicaSecond(pick(c.kvBlocksIntegral)),
    };
  };

  const kvBlocks = s.kvBlocksPerReplica;
  let kvIntegral = 0;
  let kvMax = 0;
  let queuedMax = 0;
  let evictions = 0;
  for (const r of s.replicas) {
    kvIntegral += r.kvBlocksIntegral;
    kvMax = Math.max(kvMax, r.maxKvBlocksUsed);
    queuedMax = Math.max(queuedMax, r.maxQueued);
    evictions += r.pool.evictions;
  }
  const byQueryType = Object.fromEntries(QUERY_TYPES.map((name, q) => [name, group(q)])) as Record<
    QueryType,
    RequestGroupSummary
  >;
  return {
    seed: input.seed,
    replicas: s.replicas.length,
    makespanSeconds: makespan,
    steps: c.steps,
    busy: { stepSeconds: c.busySeconds, promptStepSeconds: c.promptStepSeconds },
    ...group(ALL),
    rejectedByReason: s.rejectedByReason,
    batchSize: { mean: c.steps > 0 ? c.batchSequencesSum / c.steps : 0, max: c.batchSequencesMax },
    kvBlockUtilisation: {
      mean: kvBlocks > 0 ? perReplicaSecond(kvIntegral) / kvBlocks : 0,
      max: kvBlocks > 0 ? kvMax / kvBlocks : 0,
    },
    queueDepth: { mean: perReplicaSecond(sum4(c.waitingIntegral)), max: queuedMax },
    preemption: {
      recompute: c.recomputePreemptions,
      swap: c.swapPreemptions,
      deviceToHostBytes: c.deviceToHostBytes,
      hostToDeviceBytes: c.hostToDeviceBytes,
    },
    prefixCacheEvictions: evictions,
    byQueryType,
    queryTypeThresholdTokens: s.queryTypeThresholdTokens,
    truncated: s.truncated,
  };
}

function sum4(a: Float64Array): number {
  return (a[0] as number) + (a[1] as number) + (a[2] as number) + (a[3] as number);
}

/** Merges ascending arrays into one ascending array. */
function mergeSorted(parts: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Float64Array(total);
  const at = new Int32Array(parts.length);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let value = Number.POSITIVE_INFINITY;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p] as Float64Array;
      const j = at[p] as number;
      if (j < part.length && (best < 0 || (part[j] as number) < value)) {
        best = p;
        value = part[j] as number;
      }
    }
    out[k] = value;
    at[best] = (at[best] as number) + 1;
  }
  return out;
}

/** Mean, max and nearest-rank P50/P90/P95/P99 of ascending-sorted values; null for none. */
export function latencyStats(sorted: Float64Array): LatencyStats | null {
  if (sorted.length === 0) return null;
  let total = 0;
  for (let k = 0; k < sorted.length; k++) total += sorted[k] as number;
  const at = (p: number) => nearestRankPercentile(sorted, p) as number;
  return {
    count: sorted.length,
    mean: total / sorted.length,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1] as number,
  };
}
