import { performance } from 'node:perf_hooks';
import { type FleetMixProblem, fleetMixModel, solveFleetMix } from '../../src/optimize/fleet-mix.js';
import type { MilpSolver } from '../../src/optimize/milp.js';

export interface FleetSolveCase {
  name: string;
  types: number;
  buckets: number;
  /** Variables before dominated types are dropped (types × buckets shares + types counts). */
  variables: number;
  /** Variables the solver received. */
  variablesSolved: number;
  sliceFactor: number | null;
  mipRelativeGap: number;
  status: string;
  seconds: number;
  usdPerHour: number | null;
}

export interface FleetBench {
  cases: FleetSolveCase[];
  targets: { name: string; target: string; measured: string; met: boolean }[];
}

/**
 * A synthetic fleet problem shaped like a real one: each type has a speed and a $/h roughly proportional to
 * it (±30 %), each bucket a prompt and output length (doubling steps); one instance serves a bucket at
 * speed ÷ (input + 20 · output) req/s (±10 %), and not at all when the bucket's sequence exceeds the type's
 * memory. Deterministic in `seed`; only the solver's speed is measured, not any real capacity.
 */
export function syntheticFleetProblem(types: number, buckets: number, seed = 12345): FleetMixProblem {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const t = Array.from({ length: types }, (_, i) => {
    const speed = 1 + 20 * rnd();
    return { id: `t${i}`, usdPerHour: speed * (0.2 + 0.1 * rnd()) * (1 + 0.3 * rnd()), speed, memory: rnd() };
  });
  const side = Math.ceil(Math.sqrt(buckets));
  const b = Array.from({ length: buckets }, (_, i) => ({
    id: `b${i}`,
    requestsPerSecond: 0.05 + 2 * rnd(),
    input: 100 * 2 ** (i % side),
    output: 20 * 2 ** Math.floor(i / side / 1.5),
  }));
  const capacity = t.map((type) =>
    b.map((bucket) =>
      (bucket.input + bucket.output) / 200_000 > type.memory
        ? 0
        : ((type.speed * 2000) / (bucket.input + 20 * bucket.output)) * (0.9 + 0.2 * rnd()),
    ),
  );
  return {
    types: t.map(({ id, usdPerHour }) => ({ id, usdPerHour })),
    buckets: b.map(({ id, requestsPerSecond }) => ({ id, requestsPerSecond })),
    capacity,
  };
}

function timeCase(
  name: string,
  p: FleetMixProblem,
  solver: MilpSolver,
  mipRelativeGap: number,
  timeLimitSeconds: number,
): FleetSolveCase {
  const start = performance.now();
  const out = solveFleetMix(p, solver, { mipRelativeGap, timeLimitSeconds });
  const seconds = (performance.now() - start) / 1000;
  return {
    name,
    types: p.types.length,
    buckets: p.buckets.length,
    variables: p.types.length * p.buckets.length + p.types.length,
    variablesSolved: fleetMixModel(p).variables.length,
    sliceFactor: p.sliceFactor ?? null,
    mipRelativeGap,
    status: out.status,
    seconds,
    usdPerHour: out.status === 'optimal' || out.status === 'time-limit' ? out.mix.usdPerHour : null,
  };
}

/** The fleet-mix MILP at 10k variables (100 types × 100 buckets): exact, and to a 0.01 % gap. */
export function measureFleetSolve(solver: MilpSolver, quick: boolean): FleetBench {
  const p = syntheticFleetProblem(100, 100);
  const limit = quick ? 30 : 60;
  const cases = [
    timeCase('100 types × 100 buckets, free split, gap 1e-4', p, solver, 1e-4, limit),
    timeCase('100 types × 100 buckets, free split, exact', p, solver, 0, limit),
    timeCase(
      '100 types × 100 buckets, slice factor 1, gap 1e-3',
      { ...p, sliceFactor: 1 },
      solver,
      1e-3,
      limit,
    ),
    timeCase(
      '40 types × 12 buckets (a real-sized problem), exact',
      syntheticFleetProblem(40, 12),
      solver,
      0,
      limit,
    ),
  ];
  const headline = cases[0] as FleetSolveCase;
  return {
    cases,
    targets: [
      {
        name: 'fleet MILP, 10k variables (gap 1e-4)',
        target: '< 10 s',
        measured: `${headline.seconds.toFixed(2)} s (${headline.status})`,
        met: headline.status === 'optimal' && headline.seconds < 10,
      },
    ],
  };
}

export function renderFleetSection(bench: FleetBench): string[] {
  return [
    '## Fleet-mix MILP (HiGHS)',
    '',
    'A synthetic problem shaped like a real one (scripts/bench/fleet-bench.ts); dominated types are dropped before solving.',
    '',
    '| case | variables (solved) | status | seconds | $/h |',
    '|---|---|---|---|---|',
    ...bench.cases.map(
      (c) =>
        `| ${c.name} | ${c.variables} (${c.variablesSolved}) | ${c.status} | ${c.seconds.toFixed(2)} | ${c.usdPerHour?.toFixed(3) ?? '—'} |`,
    ),
    '',
  ];
}
