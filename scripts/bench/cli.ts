import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Summary, summarize } from './stats.js';

export const CLI_ENTRY = 'dist/src/adapters/cli/main.js';

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

export interface BuildInfo {
  rebuilt: boolean;
  reason: string;
  tscExitCode: number | null;
  ms: number;
}

/** Builds dist/ with tsc when the CLI entry is missing or older than a file under src/ or data/. */
export function ensureBuilt(repoRoot: string): BuildInfo {
  const entry = join(repoRoot, CLI_ENTRY);
  const sourceMtime = Math.max(newestMtimeMs(join(repoRoot, 'src')), newestMtimeMs(join(repoRoot, 'data')));
  const reason = !existsSync(entry)
    ? `${CLI_ENTRY} missing`
    : statSync(entry).mtimeMs < sourceMtime
      ? `${CLI_ENTRY} older than src/ or data/`
      : '';
  if (!reason) return { rebuilt: false, reason: 'dist/ up to date', tscExitCode: null, ms: 0 };
  const start = performance.now();
  const run = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'inherit' });
  return { rebuilt: true, reason, tscExitCode: run.status, ms: performance.now() - start };
}

export interface CliTiming {
  label: string;
  command: string;
  runs: number;
  wallMs: number[];
  wall: Summary;
  exitCodes: number[];
  stdoutBytes: number;
}

/** Spawns `node <args>` once untimed (warms the file cache), then `runs` times timed. */
export function timeNode(label: string, args: string[], options: { cwd: string; runs: number }): CliTiming {
  const spawn = () =>
    spawnSync(process.execPath, args, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  spawn();
  const wallMs: number[] = [];
  const exitCodes: number[] = [];
  let stdoutBytes = 0;
  for (let i = 0; i < options.runs; i++) {
    const start = performance.now();
    const run = spawn();
    wallMs.push(performance.now() - start);
    if (run.error) throw run.error;
    exitCodes.push(run.status ?? -1);
    stdoutBytes = Buffer.byteLength(run.stdout ?? '');
  }
  return {
    label,
    command: ['node', ...args].join(' '),
    runs: options.runs,
    wallMs,
    wall: summarize(wallMs),
    exitCodes,
    stdoutBytes,
  };
}
