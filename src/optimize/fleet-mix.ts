import type { LinearTerm, MilpModel, MilpOptions, MilpSolution, MilpSolver } from './milp.js';

/** An instance type the fleet may rent: its $/h (the cheapest place it is offered among those allowed). */
export interface FleetMixType {
  id: string;
  usdPerHour: number;
}

/** A request-size bucket and the arrival rate of its requests. */
export interface FleetMixBucket {
  id: string;
  requestsPerSecond: number;
}

/**
 * Mélange's problem: which instance types, how many of each, and which share of each size bucket goes
 * to which type, at the least $/h. `capacity[t][b]` is the maximum serviceable rate (requests/s within the
 * latency SLO) of ONE instance of type t fed only bucket b's requests; 0 where it cannot serve them.
 */
export interface FleetMixProblem {
  types: FleetMixType[];
  buckets: FleetMixBucket[];
  capacity: number[][];
  /**
   * Split each bucket into this many equal slices, each served wholly by one type (Mélange's slice
   * factor, binary per slice at 1). Omit to split each bucket's rate freely among types (continuous
   * shares: a router sends a fixed fraction of the bucket to each type) — never dearer than any slicing.
   */
  sliceFactor?: number;
}

export interface FleetMixCount {
  type: string;
  count: number;
  usdPerHour: number;
  /** Σ over buckets of share · rate / capacity: instances' worth of work given to this type (≤ count). */
  load: number;
}

export interface FleetMixShare {
  bucket: string;
  type: string;
  /** Fraction of the bucket's requests sent to this type (0 < share ≤ 1). */
  share: number;
  requestsPerSecond: number;
}

export interface FleetMix {
  counts: FleetMixCount[];
  shares: FleetMixShare[];
  usdPerHour: number;
}

export type FleetMixOutcome =
  | { status: 'optimal' | 'time-limit'; provenOptimal: boolean; mix: FleetMix; solution: MilpSolution }
  | { status: 'infeasible' | 'unbounded' | 'error'; solution: MilpSolution };

/** Rounding slack: a load of 2.0000000001 instances is 2 instances (floating-point noise, not demand). */
const LOAD_EPSILON = 1e-9;

export const countVariable = (t: number) => `y ${t}`;
export const shareVariable = (b: number, t: number) => `x ${b} ${t}`;

const servable = (c: number | undefined): c is number => c !== undefined && c > 0 && Number.isFinite(c);

/** Buckets with demand that no type can serve (their ids): the problem is infeasible with them. */
export function unservableBuckets(p: FleetMixProblem): string[] {
  return p.buckets
    .filter((b, bi) => b.requestsPerSecond > 0 && !p.types.some((_, ti) => servable(p.capacity[ti]?.[bi])))
    .map((b) => b.id);
}

/**
 * Types no optimum needs: t is dominated when another type costs no more per hour and serves every
 * bucket at least as fast (ties broken by index, so of two identical types one stays). Any fleet using
 * t stays feasible, at no higher cost, with each t instance swapped for one of the dominating type, so
 * removing t keeps the optimum; it shrinks the model HiGHS branches over.
 */
export function dominatedTypes(p: FleetMixProblem): boolean[] {
  const cap = (ti: number, bi: number) => {
    const c = p.capacity[ti]?.[bi];
    return servable(c) ? c : 0;
  };
  const live = p.buckets.flatMap((b, bi) => (b.requestsPerSecond > 0 ? [bi] : []));
  return p.types.map((t, ti) =>
    p.types.some((u, ui) => {
      if (ui === ti || u.usdPerHour > t.usdPerHour) return false;
      let strictly = u.usdPerHour < t.usdPerHour;
      for (const bi of live) {
        if (cap(ui, bi) < cap(ti, bi)) return false;
        if (cap(ui, bi) > cap(ti, bi)) strictly = true;
      }
      return strictly || ui < ti;
    }),
  );
}

/**
 * The fleet-mix MILP. Integer y[t] = instances of type t; x[b,t] = share of bucket b sent to type t
 * (continuous in [0, 1], or whole slices 0..k of k with a slice factor); dominated types are left out. Every bucket is fully served
 * (Σ_t x[b,t] = 1, or k); each type's load Σ_b x[b,t] · rate_b / capacity[t][b] fits its instances
 * (≤ y[t]) — Mélange's linear-load assumption, which the use case checks by replaying the trace through
 * the chosen fleet. Minimise Σ_t usdPerHour_t · y[t]. Types and buckets without capacity get no variable.
 */
export function fleetMixModel(p: FleetMixProblem): MilpModel {
  const k = p.sliceFactor;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1))
    throw new RangeError(`sliceFactor must be a whole number ≥ 1, got ${k}`);
  const model: MilpModel = { sense: 'minimize', objective: [], variables: [], constraints: [] };
  const dominated = dominatedTypes(p);
  const loads: LinearTerm[][] = p.types.map(() => []);
  const maxLoad = p.types.map(() => 0);
  p.buckets.forEach((b, bi) => {
    if (!(b.requestsPerSecond > 0)) return;
    const terms: LinearTerm[] = [];
    p.types.forEach((_, ti) => {
      const c = p.capacity[ti]?.[bi];
      if (!servable(c) || dominated[ti]) return;
      const x = shareVariable(bi, ti);
      model.variables.push(k === undefined ? { name: x, upper: 1 } : { name: x, integer: true, upper: k });
      terms.push({ variable: x, coefficient: 1 });
      const load = b.requestsPerSecond / c;
      loads[ti]?.push({ variable: x, coefficient: k === undefined ? load : load / k });
      maxLoad[ti] = (maxLoad[ti] as number) + load;
    });
    model.constraints.push({ name: `serve ${bi}`, terms, lower: k ?? 1, upper: k ?? 1 });
  });
  p.types.forEach((t, ti) => {
    const terms = loads[ti] as LinearTerm[];
    if (terms.length === 0) return;
    const y = countVariable(ti);
    model.variables.push({
      name: y,
      integer: true,
      upper: Math.ceil((maxLoad[ti] as number) - LOAD_EPSILON),
    });
    model.objective.push({ variable: y, coefficient: t.usdPerHour });
    model.constraints.push({
      name: `fit ${ti}`,
      terms: [...terms, { variable: y, coefficient: -1 }],
      upper: 0,
    });
  });
  return model;
}

/** Solves the fleet-mix MILP with the injected solver and reads the fleet back. */
export function solveFleetMix(
  p: FleetMixProblem,
  solver: MilpSolver,
  options?: MilpOptions,
): FleetMixOutcome {
  // A bucket no type serves has an empty `serve` row: infeasible without asking the solver (whose
  // answer for a model with no variables at all would be an empty "optimum").
  const unservable = unservableBuckets(p);
  if (unservable.length > 0)
    return {
      status: 'infeasible',
      solution: {
        status: 'infeasible',
        provenOptimal: false,
        values: {},
        solverStatus: `no type serves bucket ${unservable.join(', ')}`,
      },
    };
  const solution = solver.solve(fleetMixModel(p), options);
  if (solution.status !== 'optimal' && solution.status !== 'time-limit')
    return { status: solution.status, solution };
  const v = solution.values;
  const k = p.sliceFactor ?? 1;
  const shares: FleetMixShare[] = [];
  const load = p.types.map(() => 0);
  p.buckets.forEach((b, bi) => {
    p.types.forEach((t, ti) => {
      const share = (v[shareVariable(bi, ti)] ?? 0) / k;
      if (!(share > LOAD_EPSILON)) return;
      shares.push({ bucket: b.id, type: t.id, share, requestsPerSecond: share * b.requestsPerSecond });
      load[ti] = (load[ti] as number) + (share * b.requestsPerSecond) / (p.capacity[ti]?.[bi] as number);
    });
  });
  const counts: FleetMixCount[] = [];
  let usdPerHour = 0;
  p.types.forEach((t, ti) => {
    const count = v[countVariable(ti)] ?? 0;
    if (count <= 0) return;
    counts.push({ type: t.id, count, usdPerHour: count * t.usdPerHour, load: load[ti] as number });
    usdPerHour += count * t.usdPerHour;
  });
  return {
    status: solution.status,
    provenOptimal: solution.provenOptimal,
    mix: { counts, shares, usdPerHour },
    solution,
  };
}

/** Instances of type t needed to serve every bucket alone (undefined when some bucket is beyond it). */
export function singleTypeCount(p: FleetMixProblem, ti: number): number | undefined {
  let load = 0;
  for (const [bi, b] of p.buckets.entries()) {
    if (!(b.requestsPerSecond > 0)) continue;
    const c = p.capacity[ti]?.[bi];
    if (!servable(c)) return undefined;
    load += b.requestsPerSecond / c;
  }
  return Math.max(1, Math.ceil(load - LOAD_EPSILON));
}

/** Every type that can serve the whole distribution alone, cheapest first: the baseline a mix must beat. */
export function singleTypeFleets(p: FleetMixProblem): { type: string; count: number; usdPerHour: number }[] {
  const out: { type: string; count: number; usdPerHour: number }[] = [];
  p.types.forEach((t, ti) => {
    const count = singleTypeCount(p, ti);
    if (count !== undefined) out.push({ type: t.id, count, usdPerHour: count * t.usdPerHour });
  });
  return out.sort((a, b) => a.usdPerHour - b.usdPerHour || a.count - b.count);
}
