import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CLI_ENTRY } from './cli.js';
import { loadAverages } from './machine.js';

/** Issue 10's sweep: Llama-3.1-8B on A100-80GB (whole + every MIG profile) × 3 clocks × 3 batch limits × 3 variants × 4 types. */
export const COST_TABLE_ARGS = [
  'cost-table',
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--gpu',
  'A100-80GB',
  '--json',
];
/** Issue 10's target: the whole table in one command on the 2-core machine. */
export const COST_TABLE_TARGET_SECONDS = 180;

export interface CostTableBench {
  command: string;
  wallSeconds: number;
  exitCode: number | null;
  configurations: number;
  rows: number;
  unservable: number;
  hardware: string[];
  probeRequests: number;
  closedLoopRequests: number;
  loadAverage: { start: [number, number, number]; end: [number, number, number] };
  target: { name: string; target: string; measured: string; met: boolean };
}

/** Runs the built CLI once, as a user would (worker threads on every core), and reads its JSON answer. */
export function measureCostTable(repoRoot: string): CostTableBench {
  const start = loadAverages();
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [CLI_ENTRY, ...COST_TABLE_ARGS], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (run.error) throw run.error;
  const table = JSON.parse(run.stdout) as {
    rows: unknown[];
    unservable: unknown[];
    settings: {
      configurations: number;
      hardware: string[];
      probeRequests: number;
      closedLoopRequests: number;
    };
  };
  return {
    command: ['infersave', ...COST_TABLE_ARGS].join(' '),
    wallSeconds,
    exitCode: run.status,
    configurations: table.settings.configurations,
    rows: table.rows.length,
    unservable: table.unservable.length,
    hardware: table.settings.hardware,
    probeRequests: table.settings.probeRequests,
    closedLoopRequests: table.settings.closedLoopRequests,
    loadAverage: { start, end: loadAverages() },
    target: {
      name: 'Hardware cost table, Llama-3.1-8B on A100-80GB (whole + MIG) × 3 clocks × 3 batch limits × 3 variants × 4 types, one command',
      target: `< ${COST_TABLE_TARGET_SECONDS} s`,
      measured: `${wallSeconds.toFixed(1)} s`,
      met: wallSeconds < COST_TABLE_TARGET_SECONDS && run.status === 0,
    },
  };
}

export function renderCostTableSection(b: CostTableBench): string[] {
  return [
    '## Hardware cost table (issue 10)',
    '',
    `\`${b.command}\`: ${b.configurations} configurations (${b.hardware.join(', ')}), ${b.rows} rows (open-loop Poisson and closed-loop ramp each), ${b.unservable} configurations that serve nothing (the model does not fit the slice), in **${b.wallSeconds.toFixed(1)} s** wall on every core (exit ${b.exitCode}); load average ${b.loadAverage.start.join(' ')} → ${b.loadAverage.end.join(' ')}.`,
    '',
    `Request counts are shrunk to what the P95 needs: ${b.probeRequests} requests per open-loop probe (the P95 of 200 is the 190th latency; its distribution-free 95 % interval spans ranks 183–198), closed loops of max(3c, ${b.closedLoopRequests}) requests (three waves at concurrency c), rate bisection to 5 %, and prefix caching over prompts that share no prefix copied from its standard twin (identical simulations).`,
    '',
  ];
}
