import highsModule from 'highs';
import {
  evaluateTerms,
  type LinearTerm,
  type MilpModel,
  type MilpOptions,
  type MilpSolution,
  type MilpSolver,
  type MilpStatus,
  milpModelProblems,
} from '../../optimize/milp.js';

// The package's types describe a CommonJS module whose `default` is the loader; its ESM build exports the
// loader itself. Accept either.
type Loader = (typeof highsModule)['default'];
const loadHighs: Loader = ((highsModule as unknown as { default?: Loader }).default ?? highsModule) as Loader;
type Highs = Awaited<ReturnType<Loader>>;
let loading: Promise<Highs> | undefined;

const STATUS: Record<string, MilpStatus> = {
  Optimal: 'optimal',
  Infeasible: 'infeasible',
  Unbounded: 'unbounded',
  'Primal infeasible or unbounded': 'infeasible',
  'Time limit reached': 'time-limit',
};

const number = (x: number) => {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite number ${x} in a MILP`);
  // LP format has no exponent-free guarantee for tiny numbers; toPrecision keeps 17 significant digits.
  return Number(x.toPrecision(17)).toString();
};

/** CPLEX LP text with generated names (x0…, c0…), so any model name is safe. */
export function toLpText(model: MilpModel): { text: string; columnOf: Map<string, string> } {
  const columnOf = new Map(model.variables.map((v, i) => [v.name, `x${i}`]));
  const expr = (terms: LinearTerm[]) => {
    const merged = new Map<string, number>();
    for (const t of terms) merged.set(t.variable, (merged.get(t.variable) ?? 0) + t.coefficient);
    const parts = [...merged]
      .filter(([, c]) => c !== 0)
      .map(([v, c]) => `${c < 0 ? '-' : '+'} ${number(Math.abs(c))} ${columnOf.get(v)}`);
    return parts.length > 0 ? parts.join(' ') : `0 ${columnOf.get(model.variables[0]?.name ?? '') ?? 'x0'}`;
  };
  const lines = [
    model.sense === 'minimize' ? 'Minimize' : 'Maximize',
    ` obj: ${expr(model.objective)}`,
    'Subject To',
  ];
  model.constraints.forEach((c, i) => {
    const lhs = expr(c.terms);
    const lo = c.lower ?? Number.NEGATIVE_INFINITY;
    const hi = c.upper ?? Number.POSITIVE_INFINITY;
    if (lo === hi) lines.push(` c${i}: ${lhs} = ${number(lo)}`);
    else {
      if (Number.isFinite(lo)) lines.push(` c${i}l: ${lhs} >= ${number(lo)}`);
      if (Number.isFinite(hi)) lines.push(` c${i}u: ${lhs} <= ${number(hi)}`);
    }
  });
  lines.push('Bounds');
  for (const v of model.variables) {
    const col = columnOf.get(v.name) as string;
    const lo = v.lower ?? 0;
    const hi = v.upper ?? Number.POSITIVE_INFINITY;
    lines.push(
      ` ${Number.isFinite(lo) ? number(lo) : '-inf'} <= ${col} <= ${Number.isFinite(hi) ? number(hi) : '+inf'}`,
    );
  }
  const integers = model.variables.filter((v) => v.integer).map((v) => columnOf.get(v.name));
  if (integers.length > 0) lines.push('General', ` ${integers.join(' ')}`);
  lines.push('End');
  return { text: lines.join('\n'), columnOf };
}

/**
 * The HiGHS MILP solver (the `highs` package: HiGHS compiled to WebAssembly). Loading the module takes
 * a few hundred milliseconds once per process; solving is synchronous, so a server runs use cases that
 * solve in its worker pool.
 */
export async function loadHighsSolver(): Promise<MilpSolver> {
  loading ??= loadHighs();
  const highs = await loading;
  return {
    name: 'HiGHS 1.15.3 (highs npm, wasm)',
    solve(model: MilpModel, options: MilpOptions = {}): MilpSolution {
      const problems = milpModelProblems(model);
      if (problems.length > 0) throw new Error(`invalid MILP: ${problems.join('; ')}`);
      if (model.variables.length === 0)
        return {
          status: 'optimal',
          provenOptimal: true,
          objective: model.objectiveConstant ?? 0,
          values: {},
          solverStatus: 'Empty',
        };
      const { text, columnOf } = toLpText(model);
      const result = highs.solve(text, {
        output_flag: false,
        mip_rel_gap: options.mipRelativeGap ?? 0,
        ...(options.timeLimitSeconds !== undefined ? { time_limit: options.timeLimitSeconds } : {}),
      });
      const status = STATUS[result.Status] ?? 'error';
      const hasSolution =
        status === 'optimal' || (status === 'time-limit' && Object.keys(result.Columns).length > 0);
      const values: Record<string, number> = {};
      if (hasSolution) {
        for (const v of model.variables) {
          const column = result.Columns[columnOf.get(v.name) as string] as { Primal?: number } | undefined;
          const x = column?.Primal ?? 0;
          values[v.name] = v.integer ? Math.round(x) : x;
        }
      }
      return {
        status,
        provenOptimal: status === 'optimal',
        ...(hasSolution
          ? { objective: evaluateTerms(model.objective, values) + (model.objectiveConstant ?? 0) }
          : {}),
        values,
        solverStatus: result.Status,
      };
    },
  };
}
