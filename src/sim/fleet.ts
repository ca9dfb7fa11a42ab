import type { QueryType } from './query-type.js';
import { QUERY_TYPES } from './query-type.js';
import type { ReplicaConfig, RouterPolicy } from './simulation-input.js';

/** Replicas of one kind: their engine, and the query types the router sends them (all when omitted). */
export interface FleetPool {
  /** A label for results (e.g. `LISO 3g.40gb`). */
  name: string;
  replica: ReplicaConfig;
  queryTypes?: readonly QueryType[];
}

/** From `atSeconds` on, pool p has `counts[p]` replicas taking new requests. */
export interface FleetStep {
  atSeconds: number;
  counts: number[];
}

/**
 * A fleet whose size and kind change over time: pools and a schedule of active counts (ascending times;
 * the last step at or before the first arrival holds from the start). A replica taken out of service takes
 * no new requests but finishes the ones it holds (drains). A request whose query type has no active replica
 * goes to any active one; when none is active anywhere it waits at the router until one is.
 */
export interface FleetSchedule {
  pools: FleetPool[];
  steps: FleetStep[];
}

/** Which replica slots exist, which are in service now, and where the router may send each query type. */
export class FleetState {
  /** Pool index of each replica slot. */
  readonly poolOf: number[] = [];
  readonly active: boolean[] = [];
  private readonly serves: boolean[][];
  private readonly slotsByPool: number[][] = [];
  private next = 0;
  private roundRobin = 0;

  constructor(
    readonly schedule: FleetSchedule,
    private readonly router: RouterPolicy,
  ) {
    schedule.pools.forEach((_, p) => {
      const most = Math.max(0, ...schedule.steps.map((s) => s.counts[p] ?? 0));
      const slots: number[] = [];
      for (let k = 0; k < most; k++) {
        slots.push(this.poolOf.length);
        this.poolOf.push(p);
        this.active.push(false);
      }
      this.slotsByPool.push(slots);
    });
    this.serves = schedule.pools.map((pool) =>
      QUERY_TYPES.map((q) => pool.queryTypes === undefined || pool.queryTypes.includes(q)),
    );
  }

  get slots(): number {
    return this.poolOf.length;
  }

  /** Time of the next step not yet applied (Infinity when none). */
  nextChangeSeconds(): number {
    return this.schedule.steps[this.next]?.atSeconds ?? Number.POSITIVE_INFINITY;
  }

  /** Applies every step at or before `t`. */
  applyUntil(t: number): void {
    while (
      this.next < this.schedule.steps.length &&
      (this.schedule.steps[this.next] as FleetStep).atSeconds <= t
    ) {
      const step = this.schedule.steps[this.next++] as FleetStep;
      this.slotsByPool.forEach((slots, p) => {
        const count = step.counts[p] ?? 0;
        slots.forEach((slot, k) => {
          this.active[slot] = k < count;
        });
      });
    }
  }

  /**
   * The slot a request of query type `q` goes to: the active slots serving q (else any active slot),
   * by least outstanding tokens or round robin; -1 when no slot is active.
   */
  route(q: number, outstandingTokens: (slot: number) => number): number {
    let candidates = this.candidates(q, true);
    if (candidates.length === 0) candidates = this.candidates(q, false);
    if (candidates.length === 0) return -1;
    if (this.router === 'round-robin') return candidates[this.roundRobin++ % candidates.length] as number;
    let best = candidates[0] as number;
    for (const slot of candidates) if (outstandingTokens(slot) < outstandingTokens(best)) best = slot;
    return best;
  }

  private candidates(q: number, byType: boolean): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < this.poolOf.length; slot++)
      if (this.active[slot] && (!byType || this.serves[this.poolOf[slot] as number]?.[q])) out.push(slot);
    return out;
  }
}

/**
 * The fixed fleet of a plain simulation: `replicas` identical replicas serving every type, always.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function staticFleet(replicas: number, replica: ReplicaConfig): FleetSchedule {
  return {
    pools: [{ name: 'replicas', replica }],
    steps: [{ atSeconds: Number.NEGATIVE_INFINITY, counts: [replicas] }],
  };
}
