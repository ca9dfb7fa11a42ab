import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { constrainedLeastSquares } from '../../src/core/constrained-least-squares.js';

/**
 * vLLM's per-step CPU work, from Vidur's measurements of an older vLLM/Sarathi on A100
 * (profiling/vidur-legacy-2024-05/a100/cpu_overheads.csv): schedule + sampler + input preparation +
 * output processing (medians, ms) per step, fitted as a line in the batch size. Ray's TP broadcast
 * (`ray_comm_time`, ~6 ms at TP > 1) is left out: current vLLM broadcasts through shared memory, and
 * tensor-parallel costs are fitted separately on end-to-end steps.
 */
export function vidurCpuOverheads(sharedDir: string): {
  perStepSeconds: number;
  perSequenceSeconds: number;
  points: number;
  medianAbsPctError: number;
} {
  const path = join(sharedDir, 'profiling', 'vidur-legacy-2024-05', 'a100', 'cpu_overheads.csv');
  const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of rows) {
    const ms =
      Number(r.schedule_median) +
      Number(r.sampler_e2e_median) +
      Number(r.prepare_inputs_e2e_median) +
      Number(r.process_model_outputs_median);
    if (!Number.isFinite(ms)) throw new Error(`${path}: a row without the four medians`);
    xs.push(Number(r.batch_size));
    ys.push(ms / 1000);
  }
  const theta = constrainedLeastSquares(
    xs.map((x) => [x, 1]),
    ys,
    xs.map(() => 1),
    [],
  );
  const line = theta ? { slope: theta[0] as number, intercept: theta[1] as number } : undefined;
  if (!line) throw new Error(`${path}: no spread in batch size`);
  const errors = xs
    .map((x, i) => Math.abs((line.intercept + line.slope * x) / (ys[i] as number) - 1) * 100)
    .sort((a, b) => a - b);
  return {
    perStepSeconds: line.intercept,
    perSequenceSeconds: line.slope,
    points: xs.length,
    medianAbsPctError: errors[errors.length >> 1] ?? Number.NaN,
  };
}
