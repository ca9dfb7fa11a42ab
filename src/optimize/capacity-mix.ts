/**
 * The capacity mix over a horizon of windows: a reserved baseline of `b` replicas paid every hour of the
 * horizon, on-demand replicas per window for the interactive demand above it, and deferrable (batch) work
 * on the baseline's idle replicas first, the rest wherever its replica-second is cheapest (spot with its
 * expected reruns, or on-demand — the caller passes that price).
 *
 * For a fixed b every other choice is forced: window w needs n_w replicas, so max(0, n_w − b) on-demand
 * (fewer misses the SLO, more only adds cost); batch work is indifferent to when it runs, so it fills the
 * idle baseline replica-seconds Σ max(0, b − n_w)·len_w (already paid) before anything else. Total cost is
 * then a function of the single integer b, and searching b = 0 … B̄ is exact, where B̄ = peak n + ⌈batch ÷
 * horizon⌉: at B̄ there is no on-demand and the slack holds all batch work, so every larger b only adds
 * reserved hours.
 */

export interface CapacityMixWindow {
  seconds: number;
  /** Replicas the window's interactive traffic needs to meet the SLO. */
  replicas: number;
}

export interface CapacityMixProblem {
  windows: readonly CapacityMixWindow[];
  reservedUsdPerReplicaHour: number;
  onDemandUsdPerReplicaHour: number;
  /**
   * Billed seconds before an on-demand replica serves (it starts that long before its window: the plan
   * knows its demand ahead); charged once per replica added over the previous window.
   */
  scaleUpSeconds: number;
  /** Deferrable work, replica-seconds of a saturated replica. */
  batchReplicaSeconds: number;
  /** $ per replica-second of batch work not on the baseline's idle time (spot's expected, or on-demand). */
  batchUsdPerReplicaSecond: number;
}

export interface CapacityMixCost {
  reservedReplicas: number;
  reservedUsd: number;
  /** On-demand replicas per window, parallel to the problem's windows. */
  onDemandReplicas: number[];
  onDemandReplicaHours: number;
  onDemandUsd: number;
  /** Batch replica-seconds run on idle reserved replicas (no extra cost) and elsewhere. */
  batchOnReservedReplicaSeconds: number;
  batchElsewhereReplicaSeconds: number;
  batchUsd: number;
  totalUsd: number;
}

/** The cost of the plan with `reserved` baseline replicas (every other choice forced, see above). */
export function capacityMixCost(p: CapacityMixProblem, reserved: number): CapacityMixCost {
  let horizonSeconds = 0;
  let onDemandReplicaSeconds = 0;
  let starts = 0;
  let slack = 0;
  let previous = 0;
  const onDemandReplicas = p.windows.map((w) => {
    const od = Math.max(0, w.replicas - reserved);
    horizonSeconds += w.seconds;
    onDemandReplicaSeconds += od * w.seconds;
    starts += Math.max(0, od - previous);
    slack += Math.max(0, reserved - w.replicas) * w.seconds;
    previous = od;
    return od;
  });
  const reservedUsd = (reserved * horizonSeconds * p.reservedUsdPerReplicaHour) / 3600;
  const onDemandReplicaHours = (onDemandReplicaSeconds + starts * p.scaleUpSeconds) / 3600;
  const onDemandUsd = onDemandReplicaHours * p.onDemandUsdPerReplicaHour;
  const onReserved = Math.min(p.batchReplicaSeconds, slack);
  const elsewhere = p.batchReplicaSeconds - onReserved;
  const batchUsd = elsewhere * p.batchUsdPerReplicaSecond;
  return {
    reservedReplicas: reserved,
    reservedUsd,
    onDemandReplicas,
    onDemandReplicaHours,
    onDemandUsd,
    batchOnReservedReplicaSeconds: onReserved,
    batchElsewhereReplicaSeconds: elsewhere,
    batchUsd,
    totalUsd: reservedUsd + onDemandUsd + batchUsd,
  };
}

/** The smallest baseline whose idle time holds all batch work with no on-demand: the search's upper end. */
export function fullyReservedBaseline(p: CapacityMixProblem): number {
  const peak = p.windows.reduce((m, w) => Math.max(m, w.replicas), 0);
  const horizonSeconds = p.windows.reduce((a, w) => a + w.seconds, 0);
  let b = peak;
  // The slack grows by at least the horizon per extra replica: this loop runs at most ⌈batch ÷ horizon⌉ times.
  while (horizonSeconds > 0 && capacityMixCost(p, b).batchElsewhereReplicaSeconds > 0) b++;
  return b;
}

/** The cheapest baseline by exhaustive search over 0 … fullyReservedBaseline (exact; ties: the smaller b). */
export function cheapestCapacityMix(p: CapacityMixProblem): { best: CapacityMixCost; candidates: number } {
  const upper = fullyReservedBaseline(p);
  let best = capacityMixCost(p, 0);
  for (let b = 1; b <= upper; b++) {
    const c = capacityMixCost(p, b);
    if (c.totalUsd < best.totalUsd - 1e-9 * Math.max(1, best.totalUsd)) best = c;
  }
  return { best, candidates: upper + 1 };
}
