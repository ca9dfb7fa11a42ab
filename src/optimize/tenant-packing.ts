import type { MilpModel, MilpSolution, MilpSolver } from './milp.js';

/** One way to configure a GPU: MIG on with these instances, or MIG off (`whole`). */
export interface GpuLayout {
  name: string;
  /** MIG profile → instances; empty for a whole GPU. */
  profiles: Record<string, number>;
  whole: boolean;
  /** Power of one GPU in this layout at the load it carries, W (needed for the power objective only). */
  watts?: number;
}

export interface PackingGpuType {
  id: string;
  usdPerHour: number;
  layouts: GpuLayout[];
}

/** A place a tenant's replica can run: a MIG profile of a GPU type, or a whole GPU (`profile: null`). */
export interface PackingOption {
  gpu: string;
  profile: string | null;
}

export interface PackingTenant {
  name: string;
  requestsPerSecond: number;
  /** Maximum serviceable rate of one replica on each option (0 or absent: cannot serve there). */
  capacity: { option: PackingOption; requestsPerSecond: number }[];
}

export type PackingObjective = 'gpus' | 'cost' | 'power';

export interface PackingProblem {
  tenants: PackingTenant[];
  gpuTypes: PackingGpuType[];
  objective: PackingObjective;
}

export interface PackingPlan {
  /** How many GPUs of each type run each layout. */
  gpus: { gpu: string; layout: string; count: number }[];
  /** Replicas per tenant and option, with the share of the tenant's rate each carries. */
  replicas: { tenant: string; option: PackingOption; count: number; capacityRequestsPerSecond: number }[];
  gpuCount: number;
  usdPerHour: number;
  watts: number | null;
  objective: number;
}

export type PackingOutcome =
  | { status: 'optimal' | 'time-limit'; provenOptimal: boolean; plan: PackingPlan; solution: MilpSolution }
  | { status: 'infeasible' | 'unbounded' | 'error'; solution: MilpSolution };

const TIE_BREAK = 1e-3;

const optionKey = (o: PackingOption) => `${o.gpu}|${o.profile ?? 'whole'}`;

/**
 * The multi-tenant packing MILP. Integer y[g,l] = GPUs of type g in layout l; integer n[t,o] = replicas of
 * tenant t on option o. For every GPU type and MIG profile, replicas placed on it ≤ the instances the
 * chosen layouts provide (whole-GPU replicas ≤ whole GPUs); every tenant's replicas together serve its rate
 * (Σ capacity · n ≥ rate: a router splitting a Poisson stream in proportion to capacity gives each replica
 * a Poisson stream within its own maximum serviceable rate). Minimise GPUs, $/h or W.
 */
export function packingModel(p: PackingProblem): MilpModel {
  const model: MilpModel = { sense: 'minimize', objective: [], variables: [], constraints: [] };
  const supply = new Map<string, { variable: string; coefficient: number }[]>();
  for (const g of p.gpuTypes)
    g.layouts.forEach((l, li) => {
      const y = `y ${g.id} ${li}`;
      model.variables.push({ name: y, integer: true });
      const cost = p.objective === 'gpus' ? 1 : p.objective === 'cost' ? g.usdPerHour : l.watts;
      if (cost === undefined)
        throw new RangeError(`layout ${l.name} of ${g.id} has no watts for the power objective`);
      // Tie-break: among plans equal in the objective, prefer layouts with fewer MIG instances (so a
      // layout lists what is used). 1e-3 of the cost per instance stays below one GPU's cost while fewer
      // than 1000 instances are in play, so it never changes the primary optimum.
      const instances = Object.values(l.profiles).reduce((a, b) => a + b, 0);
      model.objective.push({ variable: y, coefficient: cost * (1 + TIE_BREAK * instances) });
      const provide = (key: string, count: number) => {
        const list = supply.get(key) ?? [];
        list.push({ variable: y, coefficient: count });
        supply.set(key, list);
      };
      if (l.whole) provide(optionKey({ gpu: g.id, profile: null }), 1);
      for (const [profile, count] of Object.entries(l.profiles))
        provide(optionKey({ gpu: g.id, profile }), count);
    });
  const demand = new Map<string, { variable: string; coefficient: number }[]>();
  p.tenants.forEach((t, ti) => {
    const terms: { variable: string; coefficient: number }[] = [];
    for (const c of t.capacity) {
      const key = optionKey(c.option);
      if (!(c.requestsPerSecond > 0) || !supply.has(key)) continue;
      const n = `n ${ti} ${key}`;
      model.variables.push({
        name: n,
        integer: true,
        upper: Math.ceil(t.requestsPerSecond / c.requestsPerSecond),
      });
      terms.push({ variable: n, coefficient: c.requestsPerSecond });
      const list = demand.get(key) ?? [];
      list.push({ variable: n, coefficient: 1 });
      demand.set(key, list);
    }
    model.constraints.push({ name: `serve ${ti}`, terms, lower: t.requestsPerSecond });
  });
  for (const [key, used] of demand) {
    const provided = (supply.get(key) ?? []).map((s) => ({
      variable: s.variable,
      coefficient: -s.coefficient,
    }));
    model.constraints.push({ name: `fit ${key}`, terms: [...used, ...provided], upper: 0 });
  }
  return model;
}

/** Solves the packing MILP with the injected solver and reads the plan back. */
export function packTenants(p: PackingProblem, solver: MilpSolver): PackingOutcome {
  const model = packingModel(p);
  const solution = solver.solve(model);
  if (solution.status !== 'optimal' && solution.status !== 'time-limit')
    return { status: solution.status, solution };
  const v = solution.values;
  const gpus: PackingPlan['gpus'] = [];
  let gpuCount = 0;
  let usdPerHour = 0;
  let watts: number | null = 0;
  for (const g of p.gpuTypes)
    g.layouts.forEach((l, li) => {
      const count = v[`y ${g.id} ${li}`] ?? 0;
      if (count <= 0) return;
      gpus.push({ gpu: g.id, layout: l.name, count });
      gpuCount += count;
      usdPerHour += count * g.usdPerHour;
      watts = l.watts === undefined || watts === null ? null : watts + count * l.watts;
    });
  const replicas: PackingPlan['replicas'] = [];
  p.tenants.forEach((t, ti) => {
    for (const c of t.capacity) {
      const count = v[`n ${ti} ${optionKey(c.option)}`] ?? 0;
      if (count > 0)
        replicas.push({
          tenant: t.name,
          option: c.option,
          count,
          capacityRequestsPerSecond: c.requestsPerSecond,
        });
    }
  });
  return {
    status: solution.status,
    provenOptimal: solution.provenOptimal,
    plan: { gpus, replicas, gpuCount, usdPerHour, watts, objective: primaryObjective(p, gpus) },
    solution,
  };
}

/** The objective without the tie-break: GPUs, $/h or W. */
function primaryObjective(p: PackingProblem, gpus: PackingPlan['gpus']): number {
  let sum = 0;
  for (const g of gpus) {
    const type = p.gpuTypes.find((x) => x.id === g.gpu) as PackingGpuType;
    const layout = type.layouts.find((l) => l.name === g.layout) as GpuLayout;
    sum +=
      g.count * (p.objective === 'gpus' ? 1 : p.objective === 'cost' ? type.usdPerHour : (layout.watts ?? 0));
  }
  return sum;
}
