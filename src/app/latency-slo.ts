import { QUERY_TYPES, type QueryType } from '../sim/query-type.js';
import type { RequestGroupSummary, SimulationSummary } from '../sim/simulation-result.js';

/** Latency targets on the 95th percentile (the OASIS paper's P95 ≤ 20 s; TTFT/TPOT targets). */
export interface LatencySloTargets {
  ttftSeconds?: number;
  tpotSeconds?: number;
  e2eSeconds?: number;
}

export interface SloVerdict {
  meets: boolean;
  /** Observed P95s, seconds (null where nothing completed). */
  ttftP95Seconds: number | null;
  tpotP95Seconds: number | null;
  e2eP95Seconds: number | null;
  /** Worst observed / limit over the targets given (> 1 misses); Infinity when requests failed. */
  worstRatio: number;
  /** Requests rejected or left unfinished: they miss every SLO. */
  failedRequests: number;
}

export function hasLatencyTargets(t: LatencySloTargets): boolean {
  return t.ttftSeconds !== undefined || t.tpotSeconds !== undefined || t.e2eSeconds !== undefined;
}

/**
 * Whether a simulation met every target at the given percentile (P95 unless told P99), with every request
 * served. The verdict's `…P95Seconds` fields hold the judged percentile.
 */
export function judgeLatencySlo(
  summary: RequestGroupSummary,
  targets: LatencySloTargets,
  percentile: 95 | 99 = 95,
): SloVerdict {
  const key = percentile === 99 ? 'p99' : 'p95';
  const ttft = summary.ttftSeconds?.[key] ?? null;
  const tpot = summary.tpotSeconds?.[key] ?? null;
  const e2e = summary.e2eSeconds?.[key] ?? null;
  const failedRequests = summary.rejected + summary.unfinished;
  const ratios: number[] = [];
  const check = (observed: number | null, limit: number | undefined) => {
    if (limit === undefined) return;
    ratios.push(observed === null ? Number.POSITIVE_INFINITY : observed / limit);
  };
  check(ttft, targets.ttftSeconds);
  check(tpot, targets.tpotSeconds);
  check(e2e, targets.e2eSeconds);
  const worstRatio = failedRequests > 0 ? Number.POSITIVE_INFINITY : Math.max(0, ...ratios);
  return {
    meets: worstRatio <= 1,
    ttftP95Seconds: ttft,
    tpotP95Seconds: tpot,
    e2eP95Seconds: e2e,
    worstRatio,
    failedRequests,
  };
}

/** One query type's requests at an answer and whether they alone met the targets. */
export interface TypeVerdict extends SloVerdict {
  requests: number;
}

/**
 * The verdict of each query type present in a simulation (its requests judged alone against the same
 * targets): where a mix passes overall while one type — long outputs, typically — misses.
 */
export function judgeByQueryType(
  summary: SimulationSummary,
  targets: LatencySloTargets,
  percentile: 95 | 99 = 95,
): Partial<Record<QueryType, TypeVerdict>> {
  const out: Partial<Record<QueryType, TypeVerdict>> = {};
  for (const t of QUERY_TYPES) {
    const group = summary.byQueryType[t];
    if (group.count > 0) out[t] = { ...judgeLatencySlo(group, targets, percentile), requests: group.count };
  }
  return out;
}
