import Papa from 'papaparse';
import type { PointShape } from './per-operator.js';

/**
 * DistServe's fitted A100-80GB step-time curves (shared data profiling/distserve-fitted), as DistServe's
 * simulator (simdistserve) evaluates them, in milliseconds:
 * prefill = a + b·Σ prompt tokens + c·Σ (prompt tokens²); decode = a + b·Σ context + c·batch, with the
 * `decoding_smallbs` coefficients when batch < `decoding_large_small_bs_threshold`, else `decoding_largebs`.
 */

export interface DistServeCurves {
  threshold: number;
  prefill: [number, number, number];
  smallBatch: [number, number, number];
  largeBatch: [number, number, number];
}

/** model id → TP degree (string) → curves. */
export type DistServeFile = Record<string, Record<string, DistServeCurves>>;

function triple(value: unknown, where: string): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((x) => typeof x === 'number')) {
    throw new Error(`${where}: expected three numbers`);
  }
  const [a, b, c] = value as number[];
  return [a ?? 0, b ?? 0, c ?? 0];
}

export function parseDistServeFile(raw: unknown, label: string): DistServeFile {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${label}: not an object`);
  const file: DistServeFile = {};
  for (const [model, byTp] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof byTp !== 'object' || byTp === null) throw new Error(`${label}: ${model}: not an object`);
    file[model] = {};
    for (const [tp, entry] of Object.entries(byTp as Record<string, unknown>)) {
      const where = `${label}: ${model} TP ${tp}`;
      const e = entry as Record<string, unknown>;
      const threshold = e.decoding_large_small_bs_threshold;
      if (typeof threshold !== 'number') throw new Error(`${where}: decoding_large_small_bs_threshold`);
      (file[model] as Record<string, DistServeCurves>)[tp] = {
        threshold,
        prefill: triple(e.prefill, `${where}: prefill`),
        smallBatch: triple(e.decoding_smallbs, `${where}: decoding_smallbs`),
        largeBatch: triple(e.decoding_largebs, `${where}: decoding_largebs`),
      };
    }
  }
  return file;
}

/** Seconds of a step of `batch` equal sequences under the fitted curves. */
export function distServeSeconds(curves: DistServeCurves, point: PointShape): number {
  if (point.stage === 'prefill') {
    const [a, b, c] = curves.prefill;
    return (a + b * point.batch * point.tokens + c * point.batch * point.tokens ** 2) / 1000;
  }
  const [a, b, c] = point.batch < curves.threshold ? curves.smallBatch : curves.largeBatch;
  return (a + b * point.batch * point.tokens + c * point.batch) / 1000;
}

/** KV token capacity per (model, tp) at pp 1, from max_num_tokens.csv. */
export function parseMaxTokens(text: string): Map<string, number> {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const out = new Map<string, number>();
  for (const row of parsed.data) {
    if (row.pp !== '1') continue;
    out.set(`${row.model}:${row.tp}`, Number(row.max_num_tokens));
  }
  return out;
}

export const DISTSERVE_GRID = {
  prefillBatches: [1, 2, 4, 8],
  prefillTokens: [128, 256, 512, 1024, 2048],
  decodeBatches: [1, 4, 16, 32, 64, 128, 256],
  decodeTokens: [128, 512, 1024, 2048],
};
