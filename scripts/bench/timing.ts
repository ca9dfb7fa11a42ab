import { performance } from 'node:perf_hooks';

/** Milliseconds one call of `fn` takes. */
export function timeOnce(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; returns the timed samples in ms. */
export function timeRuns(fn: () => void, options: { warmup: number; runs: number }): number[] {
  for (let i = 0; i < options.warmup; i++) fn();
  return Array.from({ length: options.runs }, () => timeOnce(fn));
}
