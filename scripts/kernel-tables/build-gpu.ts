import { relative } from 'node:path';
import { loadGpuTables, type MeasuredGpuFolder } from '../accuracy/tables.js';
import { fastestAllReducePoints } from '../efficiency/allreduce-fit.js';
import type { AttentionRow } from '../efficiency/tables.js';
import { flattenGrid, sortedAxis, toMicroseconds } from './grid.js';

/**
 * Which measured shapes a kernel table keeps (documented in docs/modelling.md, "Profiled predictor"):
 * the AIConfigurator sweeps are far wider than LLM serving needs.
 */
export const KERNEL_FILTERS = {
  /** bf16 GEMMs with n, k ≥ 256 (the 32–128 widths are narrower than any projection even at TP 8). */
  gemmMinWidth: 256,
  /** At most 16k tokens per step (vLLM's largest chunked-prefill budgets); m = 32768 is dropped. */
  gemmMaxM: 16384,
  /** Full-attention bf16 Q/KV with a dense model's head dims (192/512 are MLA shapes). */
  headDims: [64, 128, 256] as readonly number[],
  /** isl = 1 context rows are decode steps (B200 even runs the decode kernel there). */
  prefillMinTokens: 16,
} as const;

export const FILTER_NOTES: readonly string[] = [
  `gemm: bfloat16 only; n ≥ ${KERNEL_FILTERS.gemmMinWidth} and k ≥ ${KERNEL_FILTERS.gemmMinWidth}; m ≤ ${KERNEL_FILTERS.gemmMaxM}`,
  `attention: bfloat16 Q and KV cache, full attention (window 0), head_dim ∈ {${KERNEL_FILTERS.headDims.join(', ')}}; duplicate shapes (two kernel sources) keep the faster`,
  `prefill attention: prompt ≥ ${KERNEL_FILTERS.prefillMinTokens} tokens (step 0); decode attention: context = isl + step`,
  'all-reduce: half precision, the faster of NCCL and vLLM custom all-reduce at each (GPUs, bytes)',
  'latencies in microseconds, 4 significant digits; null where a grid point was not measured',
];

export interface AttentionTableJson {
  heads: number;
  kvHeads: number;
  headDim: number;
  batch: number[];
  tokens: number[];
  microseconds: (number | null)[];
}

export interface KernelTablesJson {
  schemaVersion: 1;
  generatedBy: string;
  gpuId: string;
  device: string;
  sources: { title: string; url?: string; note?: string }[];
  filters: readonly string[];
  gemm: { m: number[]; n: number[]; k: number[]; microseconds: (number | null)[] };
  prefillAttention: AttentionTableJson[];
  decodeAttention: AttentionTableJson[];
  allReduce: { gpus: number; bytes: number[]; microseconds: number[] }[];
}

function keepAttention(row: AttentionRow): boolean {
  return (
    row.attnDtype === 'bfloat16' &&
    row.kvCacheDtype === 'bfloat16' &&
    row.windowSize === 0 &&
    KERNEL_FILTERS.headDims.includes(row.headDim)
  );
}

function attentionTables(
  rows: readonly AttentionRow[],
  tokensOf: (row: AttentionRow) => number,
): AttentionTableJson[] {
  const groups = new Map<string, AttentionRow[]>();
  for (const row of rows) {
    const key = `${row.numHeads}/${row.numKeyValueHeads}/${row.headDim}`;
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  const tables: AttentionTableJson[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const batch = sortedAxis(group.map((r) => r.batch));
    const tokens = sortedAxis(group.map(tokensOf));
    tables.push({
      heads: first.numHeads,
      kvHeads: first.numKeyValueHeads,
      headDim: first.headDim,
      batch,
      tokens,
      microseconds: flattenGrid(
        [batch, tokens],
        group.map((r) => ({ at: [r.batch, tokensOf(r)], seconds: r.seconds })),
      ),
    });
  }
  return tables.sort((a, b) => a.headDim - b.headDim || a.heads - b.heads || a.kvHeads - b.kvHeads);
}

/** One GPU's kernel tables from its AIConfigurator CSVs under `sharedDir`. */
export function buildGpuKernelTables(sharedDir: string, source: MeasuredGpuFolder): KernelTablesJson {
  const tables = loadGpuTables(sharedDir, source);
  const gemmRows = tables.gemm.filter(
    (r) =>
      r.dtype === 'bfloat16' &&
      r.n >= KERNEL_FILTERS.gemmMinWidth &&
      r.k >= KERNEL_FILTERS.gemmMinWidth &&
      r.m <= KERNEL_FILTERS.gemmMaxM,
  );
  const m = sortedAxis(gemmRows.map((r) => r.m));
  const n = sortedAxis(gemmRows.map((r) => r.n));
  const k = sortedAxis(gemmRows.map((r) => r.k));
  const prefillRows = tables.contextAttention.filter(
    (r) => keepAttention(r) && r.step === 0 && r.isl >= KERNEL_FILTERS.prefillMinTokens,
  );
  const decodeRows = tables.generationAttention.filter(keepAttention);
  const byGpus = new Map<number, { bytes: number; seconds: number }[]>();
  for (const point of fastestAllReducePoints(tables.nccl, tables.customAllReduce)) {
    const list = byGpus.get(point.numGpus) ?? [];
    list.push({ bytes: point.messageBytes, seconds: point.seconds });
    byGpus.set(point.numGpus, list);
  }
  const folder = relative(sharedDir, `${sharedDir}/profiling/aiconfigurator-vllm-csv/${source.folder}`);
  return {
    schemaVersion: 1,
    generatedBy: 'scripts/build-kernel-tables.ts',
    gpuId: source.gpuId,
    device: source.device,
    sources: [
      {
        title:
          'NVIDIA AIConfigurator vLLM kernel database (gemm_perf, context/generation_attention_perf, nccl_perf, custom_allreduce_perf)',
        url: 'https://github.com/ai-dynamo/aiconfigurator',
        note: `shared/data/${folder}`,
      },
    ],
    filters: FILTER_NOTES,
    gemm: {
      m,
      n,
      k,
      microseconds: flattenGrid(
        [m, n, k],
        gemmRows.map((r) => ({ at: [r.m, r.n, r.k], seconds: r.seconds })),
      ),
    },
    prefillAttention: attentionTables(prefillRows, (r) => r.isl),
    decodeAttention: attentionTables(decodeRows, (r) => r.isl + r.step),
    allReduce: [...byGpus.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([gpus, points]) => {
        const sorted = [...points].sort((a, b) => a.bytes - b.bytes);
        return {
          gpus,
          bytes: sorted.map((p) => p.bytes),
          microseconds: sorted.map((p) => toMicroseconds(p.seconds)),
        };
      }),
  };
}

/** Compact deterministic JSON: fixed key order, no indentation (one number per line would triple it). */
export function kernelTablesJsonText(file: KernelTablesJson): string {
  return `${JSON.stringify(file)}\n`;
}
