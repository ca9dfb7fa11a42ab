/**
 * A mixed-integer linear program, solver-neutral: named variables with bounds (integer or continuous),
 * linear constraints `lower ≤ Σ coefficient·variable ≤ upper`, and a linear objective. Use cases build
 * one and hand it to an injected `MilpSolver` (the HiGHS adapter in src/adapters/solver/, or a test
 * double), so this layer stays pure.
 */
export interface LinearTerm {
  variable: string;
  coefficient: number;
}

export interface MilpVariable {
  name: string;
  /** Default 0. */
  lower?: number;
  /** Default +∞. */
  upper?: number;
  /** Whole numbers only (with bounds 0..1: a binary flag). */
  integer?: boolean;
}

export interface MilpConstraint {
  name: string;
  terms: LinearTerm[];
  /** Omit for −∞. */
  lower?: number;
  /** Omit for +∞. */
  upper?: number;
}

export interface MilpModel {
  sense: 'minimize' | 'maximize';
  objective: LinearTerm[];
  /** Added to the objective value (does not change the optimum). */
  objectiveConstant?: number;
  variables: MilpVariable[];
  constraints: MilpConstraint[];
}

export type MilpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time-limit' | 'error';

export interface MilpSolution {
  status: MilpStatus;
  /** True only when the solver proved the objective optimal (within `mipRelativeGap`). */
  provenOptimal: boolean;
  /** Objective at `values` (absent without a solution). */
  objective?: number;
  /** Variable name → value (empty without a solution). Integer variables come back rounded. */
  values: Record<string, number>;
  /** The solver's own words, for messages. */
  solverStatus: string;
}

export interface MilpOptions {
  /** Stop after this long and return the best solution found (status 'time-limit'). */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which optimality is declared (default 0: exact). */
  mipRelativeGap?: number;
}

/** The solver port: synchronous (run the whole use case in a worker thread to keep a server responsive). */
export interface MilpSolver {
  readonly name: string;
  solve(model: MilpModel, options?: MilpOptions): MilpSolution;
}

/** Problems with a model before it reaches a solver: unknown or duplicate names, crossed bounds. */
export function milpModelProblems(model: MilpModel): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const v of model.variables) {
    if (names.has(v.name)) problems.push(`variable ${v.name} is declared twice`);
    names.add(v.name);
    if ((v.lower ?? 0) > (v.upper ?? Number.POSITIVE_INFINITY))
      problems.push(`variable ${v.name}: lower > upper`);
  }
  const check = (where: string, terms: LinearTerm[]) => {
    for (const t of terms) {
      if (!names.has(t.variable)) problems.push(`${where}: unknown variable ${t.variable}`);
      if (!Number.isFinite(t.coefficient))
        problems.push(`${where}: coefficient of ${t.variable} is ${t.coefficient}`);
    }
  };
  check('objective', model.objective);
  const rows = new Set<string>();
  for (const c of model.constraints) {
    if (rows.has(c.name)) problems.push(`constraint ${c.name} is declared twice`);
    rows.add(c.name);
    check(`constraint ${c.name}`, c.terms);
    if ((c.lower ?? Number.NEGATIVE_INFINITY) > (c.upper ?? Number.POSITIVE_INFINITY))
      problems.push(`constraint ${c.name}: lower > upper`);
  }
  return problems;
}

/** Σ coefficient·value. */
export function evaluateTerms(terms: LinearTerm[], values: Record<string, number>): number {
  let sum = 0;
  for (const t of terms) sum += t.coefficient * (values[t.variable] ?? 0);
  return sum;
}

/**
 * Constraints and bounds `values` breaks by more than `tolerance` (an independent check of any solver).
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function milpViolations(model: MilpModel, values: Record<string, number>, tolerance = 1e-6): string[] {
  const out: string[] = [];
  for (const v of model.variables) {
    const x = values[v.name] ?? 0;
    if (x < (v.lower ?? 0) - tolerance || x > (v.upper ?? Number.POSITIVE_INFINITY) + tolerance)
      out.push(`${v.name} = ${x} outside its bounds`);
    if (v.integer && Math.abs(x - Math.round(x)) > tolerance) out.push(`${v.name} = ${x} is not whole`);
  }
  for (const c of model.constraints) {
    const a = evaluateTerms(c.terms, values);
    if (
      a < (c.lower ?? Number.NEGATIVE_INFINITY) - tolerance ||
      a > (c.upper ?? Number.POSITIVE_INFINITY) + tolerance
    )
      out.push(`${c.name} = ${a} outside [${c.lower ?? '-inf'}, ${c.upper ?? 'inf'}]`);
  }
  return out;
}
