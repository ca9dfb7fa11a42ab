import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import {
  DISTSERVE_GRID,
  distServeSeconds,
  parseDistServeFile,
  parseMaxTokens,
} from '../accuracy/distserve.js';

/** One measured end-to-end step time (or mean decode step over a run), with what it depends on. */
export interface MeasuredStep {
  /** Engine group: `splitwise` (engine not named), `vllm` or `distserve` (DistServe's fits). */
  engineGroup: string;
  dataset: string;
  modelId: string;
  gpuId: string;
  tensorParallel: number;
  stage: 'prefill' | 'decode';
  batch: number;
  /** Prompt tokens per sequence. */
  inputTokens: number;
  /** Decode: output tokens the mean step is taken over (1 step at context inputTokens + 1 when 2). */
  outputTokens: number;
  /** Prefill: the whole batch's prefill; decode: the mean decode step. */
  measuredSeconds: number;
}

/** Leave-one-group-out group: model × GPU × TP × engine group. */
export function groupOf(s: MeasuredStep): string {
  return `${s.engineGroup} · ${s.modelId} · ${s.gpuId} · TP${s.tensorParallel}`;
}

const SPLITWISE_GPU: Record<string, string> = { 'a100-80gb': 'A100-80GB', 'h100-80gb': 'H100-SXM' };
const LLAMA2_70B_CONTEXT = 4096;

export interface SplitwiseSkips {
  derivedPowerCapped: number;
  bloomNoModelType: number;
  truncatedBatch64Tp2: number;
  beyondContext: number;
}

/**
 * Splitwise's DGX-A100/H100 measurements (profiling/splitwise/perf_model.csv), median per configuration
 * (each repeats 5–15 times). Left out: `h100-80gb-pcap` (derived: prompt_time exactly 1.3 × H100's,
 * token_time identical), bloom-176b (no supported Hugging Face model type; no proxy is used), batch 64 at
 * TP 2 (prefill below batch 32's: truncated), and configurations whose prompt + output exceed
 * Llama-2-70B's 4,096-token context (prefill: prompt alone). `e2e_time` is not used.
 */
export function splitwiseSteps(sharedDir: string): { steps: MeasuredStep[]; skipped: SplitwiseSkips } {
  const text = readFileSync(join(sharedDir, 'profiling', 'splitwise', 'perf_model.csv'), 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const skipped: SplitwiseSkips = {
    derivedPowerCapped: 0,
    bloomNoModelType: 0,
    truncatedBatch64Tp2: 0,
    beyondContext: 0,
  };
  const groups = new Map<string, { row: Record<string, string>; prompt: number[]; token: number[] }>();
  for (const row of rows) {
    if (row.hardware === 'h100-80gb-pcap') {
      skipped.derivedPowerCapped++;
      continue;
    }
    if (row.model !== 'llama2-70b') {
      skipped.bloomNoModelType++;
      continue;
    }
    const key = [row.hardware, row.tensor_parallel, row.prompt_size, row.batch_size, row.token_size].join(
      ':',
    );
    const g = groups.get(key) ?? { row, prompt: [], token: [] };
    g.prompt.push(Number(row.prompt_time));
    g.token.push(Number(row.token_time));
    groups.set(key, g);
  }
  const steps: MeasuredStep[] = [];
  for (const { row, prompt, token } of groups.values()) {
    const tp = Number(row.tensor_parallel);
    const batch = Number(row.batch_size);
    const input = Number(row.prompt_size);
    const output = Number(row.token_size);
    const gpuId = SPLITWISE_GPU[row.hardware ?? ''];
    if (!gpuId) throw new Error(`splitwise: unknown hardware ${row.hardware}`);
    if (tp === 2 && batch === 64) {
      skipped.truncatedBatch64Tp2 += 2;
      continue;
    }
    const base = {
      engineGroup: 'splitwise',
      dataset: 'Splitwise (measured)',
      modelId: 'meta-llama/Llama-2-70b-hf',
      gpuId,
      tensorParallel: tp,
      batch,
      inputTokens: input,
    };
    if (input <= LLAMA2_70B_CONTEXT) {
      steps.push({ ...base, stage: 'prefill', outputTokens: 1, measuredSeconds: median(prompt) / 1000 });
    } else skipped.beyondContext++;
    if (input + output <= LLAMA2_70B_CONTEXT) {
      steps.push({ ...base, stage: 'decode', outputTokens: output, measuredSeconds: median(token) / 1000 });
    } else skipped.beyondContext++;
  }
  // The same prefill is listed once per output length: keep one per (GPU, TP, batch, prompt).
  const seen = new Set<string>();
  return {
    steps: steps.filter((s) => {
      if (s.stage === 'decode') return true;
      const k = `${s.gpuId}:${s.tensorParallel}:${s.batch}:${s.inputTokens}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
    skipped,
  };
}

const DISTSERVE_MODELS: Record<string, string> = {
  'facebook/opt-13b': 'facebook/opt-13b',
  'facebook/opt-66b': 'facebook/opt-66b',
};

/**
 * DistServe's fitted A100-80GB curves for its own engine and for vLLM (profiling/distserve-fitted),
 * evaluated on the grid docs/accuracy.md uses; decode points above the KV capacity
 * (max_num_tokens.csv) are left out. OPT-175B has no curves.
 */
export function distServeSteps(sharedDir: string): MeasuredStep[] {
  const dir = join(sharedDir, 'profiling', 'distserve-fitted');
  const capacity = parseMaxTokens(readFileSync(join(dir, 'max_num_tokens.csv'), 'utf8'));
  const steps: MeasuredStep[] = [];
  for (const engine of ['vllm', 'distserve'] as const) {
    const file = parseDistServeFile(
      JSON.parse(readFileSync(join(dir, `profiler-a100-80g.${engine}.json`), 'utf8')),
      engine,
    );
    for (const [model, byTp] of Object.entries(file)) {
      const modelId = DISTSERVE_MODELS[model];
      if (!modelId) continue;
      for (const [tpText, curves] of Object.entries(byTp)) {
        const tp = Number(tpText);
        const base = {
          engineGroup: engine,
          dataset: `DistServe fit (${engine} engine)`,
          modelId,
          gpuId: 'A100-80GB',
          tensorParallel: tp,
        };
        for (const batch of DISTSERVE_GRID.prefillBatches) {
          for (const tokens of DISTSERVE_GRID.prefillTokens) {
            const measuredSeconds = distServeSeconds(curves, { stage: 'prefill', batch, tokens });
            steps.push({
              ...base,
              stage: 'prefill',
              batch,
              inputTokens: tokens,
              outputTokens: 1,
              measuredSeconds,
            });
          }
        }
        const cap = capacity.get(`${model}:${tp}`);
        for (const batch of DISTSERVE_GRID.decodeBatches) {
          for (const tokens of DISTSERVE_GRID.decodeTokens) {
            if (cap !== undefined && batch * tokens > cap) continue;
            const measuredSeconds = distServeSeconds(curves, { stage: 'decode', batch, tokens });
            // one decode step at KV length `tokens`: prompt tokens − 1, 2 outputs
            steps.push({
              ...base,
              stage: 'decode',
              batch,
              inputTokens: tokens - 1,
              outputTokens: 2,
              measuredSeconds,
            });
          }
        }
      }
    }
  }
  return steps;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
