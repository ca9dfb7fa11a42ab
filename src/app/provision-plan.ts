import { QUERY_TYPES, type QueryType, queryTypeIndex } from '../sim/query-type.js';
import type { Workload } from '../sim/workload.js';

/** Maximum serviceable rate of one replica per query type: on the whole GPU and on each MIG slice. */
export interface TypeCapacity {
  wholeRequestsPerSecond: number;
  /** Cheapest first (by price share). */
  slices: { profile: string; priceShare: number; requestsPerSecond: number }[];
}

/** What serves one query type in one window: `replicas` of a slice (profile) or of whole GPUs (null). */
export interface TypeDecision {
  type: QueryType;
  profile: string | null;
  replicas: number;
  /** Whole-GPU equivalents billed: replicas × (1 or the slice's price share). */
  gpuEquivalents: number;
  /** rate / whole-GPU MSRR: OASIS's GPUs required (eq. 5). */
  gpusRequired: number;
}

export interface ProvisionWindow {
  startSeconds: number;
  endSeconds: number;
  /** Requests arriving in the window, per query type (SISO, SILO, LISO, LILO). */
  counts: number[];
}

/** Fixed windows from the first arrival; the last one ends at the last arrival (it may be shorter). */
export function provisionWindows(
  w: Workload,
  windowSeconds: number,
  thresholdTokens: number,
): ProvisionWindow[] {
  const n = w.arrivalSeconds.length;
  const start = w.arrivalSeconds[0] as number;
  const end = w.arrivalSeconds[n - 1] as number;
  const count = Math.max(1, Math.ceil((end - start) / windowSeconds + 1e-12));
  const windows: ProvisionWindow[] = Array.from({ length: count }, (_, k) => ({
    startSeconds: start + k * windowSeconds,
    endSeconds: Math.min(start + (k + 1) * windowSeconds, Math.max(end, start + windowSeconds)),
    counts: [0, 0, 0, 0],
  }));
  for (let i = 0; i < n; i++) {
    const k = Math.min(count - 1, Math.floor(((w.arrivalSeconds[i] as number) - start) / windowSeconds));
    const q = queryTypeIndex(w.inputTokens[i] as number, w.outputTokens[i] as number, thresholdTokens);
    const c = (windows[k] as ProvisionWindow).counts;
    c[q] = (c[q] as number) + 1;
  }
  return windows;
}

/**
 * OASIS Algorithm 1 for one query type at one rate: GPUs required = rate / MSRR(whole GPU); below one, the
 * cheapest MIG slice whose own MSRR covers the rate (a whole GPU when none does); otherwise ⌈required⌉ whole
 * GPUs. No traffic, no replicas.
 */
export function decideType(
  type: QueryType,
  requestsPerSecond: number,
  capacity: TypeCapacity,
): TypeDecision | null {
  if (!(requestsPerSecond > 0)) return null;
  const whole = capacity.wholeRequestsPerSecond;
  const gpusRequired = whole > 0 ? requestsPerSecond / whole : Number.POSITIVE_INFINITY;
  if (gpusRequired < 1) {
    // A slice as dear as the whole GPU (7g) never beats it: the whole GPU has at least its SMs.
    const slice = capacity.slices.find((s) => s.priceShare < 1 && s.requestsPerSecond >= requestsPerSecond);
    if (slice)
      return { type, profile: slice.profile, replicas: 1, gpuEquivalents: slice.priceShare, gpusRequired };
    return { type, profile: null, replicas: 1, gpuEquivalents: 1, gpusRequired };
  }
  const replicas = Number.isFinite(gpusRequired) ? Math.ceil(gpusRequired) : 1;
  return { type, profile: null, replicas, gpuEquivalents: replicas, gpusRequired };
}

/** Decisions for every type with traffic at these per-type rates. */
export function decideWindow(
  rates: number[],
  capacity: Partial<Record<QueryType, TypeCapacity>>,
): TypeDecision[] {
  const out: TypeDecision[] = [];
  QUERY_TYPES.forEach((type, q) => {
    const cap = capacity[type];
    const d = cap ? decideType(type, rates[q] as number, cap) : null;
    if (d) out.push(d);
  });
  return out;
}

export const poolKey = (d: { type: QueryType; profile: string | null }) =>
  `${d.type} ${d.profile ?? 'whole GPU'}`;

/** A provisioning strategy's plan: what serves in each window, as pools and counts, and what it bills. */
export interface FleetPlan {
  /** Pool keys (`LISO 3g.40gb`), in order. */
  pools: { key: string; type: QueryType; profile: string | null; share: number }[];
  /** Replicas in service per pool from each time on. */
  steps: { atSeconds: number; counts: number[] }[];
  /** Per window: whole-GPU-hours billed, and the decisions in force after the window's change. */
  billedGpuHours: number[];
  decisions: TypeDecision[][];
}

/**
 * Turns per-window decisions into a fleet schedule. A change decided at a window's start takes effect
 * `delaySeconds` later (make before break: the old replicas serve until the new ones are up); during the
 * delay both are billed (the larger count of each pool).
 */
export function fleetPlan(
  windows: ProvisionWindow[],
  decisions: TypeDecision[][],
  delaySeconds: number,
): FleetPlan {
  const pools: FleetPlan['pools'] = [];
  const index = new Map<string, number>();
  for (const ds of decisions)
    for (const d of ds) {
      const key = poolKey(d);
      if (index.has(key)) continue;
      index.set(key, pools.length);
      pools.push({
        key,
        type: d.type,
        profile: d.profile,
        share: d.profile === null ? 1 : d.gpuEquivalents / d.replicas,
      });
    }
  const countsOf = (ds: TypeDecision[]) => {
    const counts = new Array<number>(pools.length).fill(0);
    for (const d of ds) counts[index.get(poolKey(d)) as number] = d.replicas;
    return counts;
  };
  const steps: FleetPlan['steps'] = [];
  const billedGpuHours: number[] = [];
  let previous: number[] | undefined;
  windows.forEach((w, k) => {
    const counts = countsOf(decisions[k] ?? []);
    const length = w.endSeconds - w.startSeconds;
    const changed = previous !== undefined && counts.some((c, p) => c !== previous?.[p]);
    const effective = previous === undefined ? w.startSeconds : w.startSeconds + (changed ? delaySeconds : 0);
    if (previous === undefined || changed) steps.push({ atSeconds: effective, counts });
    const overlap = previous === undefined ? 0 : Math.min(length, effective - w.startSeconds);
    let gpuSeconds = 0;
    pools.forEach((pool, p) => {
      const before = previous?.[p] ?? 0;
      const after = counts[p] as number;
      gpuSeconds += pool.share * (Math.max(before, after) * overlap + after * (length - overlap));
    });
    billedGpuHours.push(gpuSeconds / 3600);
    previous = counts;
  });
  return { pools, steps, billedGpuHours, decisions };
}
