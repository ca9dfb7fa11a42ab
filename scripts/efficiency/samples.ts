import type { OperatorWork } from '../../src/core/operator-time.js';
import { decodeAttentionWork, gemmWork, prefillAttentionWork } from '../../src/core/operator-work.js';
import type { AttentionRow, GemmRow } from './tables.js';

/** The three kernel classes of `EfficiencyProfile` that are fitted from per-operator tables. */
export const KERNEL_CLASSES = ['gemm', 'prefillAttention', 'decodeAttention'] as const;
export type KernelClass = (typeof KERNEL_CLASSES)[number];

/** One measured kernel: its roofline work, measured time, a stable shape key and a size bucket. */
export interface KernelSample extends OperatorWork {
  shapeKey: string;
  measuredSeconds: number;
  /** Label of the size bucket used to show where the roofline fails (e.g. `m 1–16`). */
  sizeBucket: string;
}

const BF16_BYTES = 2;

/**
 * Which rows count as LLM inference shapes. The tables sweep far wider grids than any deployment
 * runs; these bounds are documented in docs/efficiency-fit.md (generated from `FILTER_NOTES`).
 */
export const GEMM_LIMITS = { minN: 256, minK: 256, maxM: 16384 } as const;
export const ATTENTION_HEAD_DIMS: readonly number[] = [64, 128, 256];
export const PREFILL_LIMITS = { minTokens: 16 } as const;
/** Most KV tokens one GPU's cache holds for common models: batch × context ≤ 2²¹. */
export const DECODE_LIMITS = { maxCachedTokens: 2 ** 21 } as const;

export const FILTER_NOTES: Record<KernelClass, string> = {
  gemm:
    `bf16 only; n ≥ ${GEMM_LIMITS.minN} and k ≥ ${GEMM_LIMITS.minK} (the tables also sweep 32–128, ` +
    `narrower than any projection of a served model even at TP 8); m ≤ ${GEMM_LIMITS.maxM} tokens per ` +
    'step (vLLM batches at most a few thousand to 16k tokens per step; m = 32768 is dropped).',
  prefillAttention:
    `bf16 Q/KV, full attention (no window); head_dim ∈ {${ATTENTION_HEAD_DIMS.join(', ')}} (192 and 512 ` +
    `are MLA-style shapes the dense model does not use); prompt ≥ ${PREFILL_LIMITS.minTokens} tokens ` +
    '(isl = 1 is a decode step, and on B200 it even runs the decode kernel).',
  decodeAttention:
    `bf16 Q/KV, full attention; head_dim ∈ {${ATTENTION_HEAD_DIMS.join(', ')}}; batch × context ≤ 2^21 ` +
    'cached tokens (more KV than one GPU holds for the catalogued models).',
};

/** Ordered labels of the ranges `first–edge₁`, `edge₁+1–edge₂`, …, `> lastEdge`. */
export function bucketLabels(edges: readonly number[], unit: string, first: number): string[] {
  const labels: string[] = [];
  let lower = first;
  for (const edge of edges) {
    labels.push(`${unit} ${lower}–${edge}`);
    lower = edge + 1;
  }
  labels.push(`${unit} > ${lower - 1}`);
  return labels;
}

/** The size bucket of a GEMM with `m` tokens (`m 1–16`, …). */
export function gemmSizeBucket(m: number): string {
  return bucket(m, GEMM_BUCKETS.edges, GEMM_BUCKETS.unit, GEMM_BUCKETS.first);
}

function bucket(value: number, edges: readonly number[], unit: string, first: number): string {
  const labels = bucketLabels(edges, unit, first);
  const index = edges.findIndex((edge) => value <= edge);
  return labels[index < 0 ? edges.length : index] ?? unit;
}

const GEMM_BUCKETS = { edges: [16, 128, 1024], unit: 'm', first: 1 } as const;
const PREFILL_BUCKETS = { edges: [256, 2048], unit: 'prompt', first: PREFILL_LIMITS.minTokens } as const;
const DECODE_BUCKETS = { edges: [256, 4096], unit: 'context', first: 2 } as const;
/** Decode buckets also split by batch: large batches of short sequences are where it fails. */
export const DECODE_LARGE_BATCH = 128;

function decodeBucket(batch: number, contextTokens: number): string {
  const side = batch <= DECODE_LARGE_BATCH ? 'batch ≤' : 'batch >';
  return `${side} ${DECODE_LARGE_BATCH}, ${bucket(contextTokens, DECODE_BUCKETS.edges, DECODE_BUCKETS.unit, DECODE_BUCKETS.first)}`;
}

/** Every size bucket of a kernel class, in ascending order (for tables). */
export function sizeBucketLabels(kernelClass: KernelClass): string[] {
  switch (kernelClass) {
    case 'gemm':
      return bucketLabels(GEMM_BUCKETS.edges, GEMM_BUCKETS.unit, GEMM_BUCKETS.first);
    case 'prefillAttention':
      return bucketLabels(PREFILL_BUCKETS.edges, PREFILL_BUCKETS.unit, PREFILL_BUCKETS.first);
    case 'decodeAttention':
      return ['batch ≤', 'batch >'].flatMap((side) =>
        bucketLabels(DECODE_BUCKETS.edges, DECODE_BUCKETS.unit, DECODE_BUCKETS.first).map(
          (label) => `${side} ${DECODE_LARGE_BATCH}, ${label}`,
        ),
      );
  }
}

export function gemmSamples(rows: readonly GemmRow[]): KernelSample[] {
  const samples: KernelSample[] = [];
  for (const row of rows) {
    if (row.dtype !== 'bfloat16') continue;
    if (row.n < GEMM_LIMITS.minN || row.k < GEMM_LIMITS.minK || row.m > GEMM_LIMITS.maxM) continue;
    samples.push({
      ...gemmWork(row.m, row.n, row.k, BF16_BYTES),
      shapeKey: `gemm:${row.m}x${row.n}x${row.k}`,
      measuredSeconds: row.seconds,
      sizeBucket: gemmSizeBucket(row.m),
    });
  }
  return samples;
}

function isDenseBf16Attention(row: AttentionRow): boolean {
  return (
    row.attnDtype === 'bfloat16' &&
    row.kvCacheDtype === 'bfloat16' &&
    row.windowSize === 0 &&
    ATTENTION_HEAD_DIMS.includes(row.headDim)
  );
}

function headsKey(row: AttentionRow): string {
  return `${row.numHeads}/${row.numKeyValueHeads}x${row.headDim}`;
}

export function prefillSamples(rows: readonly AttentionRow[]): KernelSample[] {
  const samples: KernelSample[] = [];
  for (const row of rows) {
    if (!isDenseBf16Attention(row) || row.step !== 0 || row.isl < PREFILL_LIMITS.minTokens) continue;
    samples.push({
      ...prefillAttentionWork(
        row.batch,
        row.isl,
        row.numHeads,
        row.numKeyValueHeads,
        row.headDim,
        BF16_BYTES,
      ),
      shapeKey: `prefill:b${row.batch}:s${row.isl}:h${headsKey(row)}`,
      measuredSeconds: row.seconds,
      sizeBucket: bucket(row.isl, PREFILL_BUCKETS.edges, PREFILL_BUCKETS.unit, PREFILL_BUCKETS.first),
    });
  }
  return samples;
}

/** KV length a generation row attends to: AIConfigurator's `s = isl + step`. */
export function decodeContextTokens(row: AttentionRow): number {
  return row.isl + row.step;
}

export function decodeSamples(rows: readonly AttentionRow[]): KernelSample[] {
  const samples: KernelSample[] = [];
  for (const row of rows) {
    if (!isDenseBf16Attention(row)) continue;
    const contextTokens = decodeContextTokens(row);
    if (row.batch * contextTokens > DECODE_LIMITS.maxCachedTokens) continue;
    samples.push({
      ...decodeAttentionWork(
        row.batch,
        contextTokens,
        row.numHeads,
        row.numKeyValueHeads,
        row.headDim,
        BF16_BYTES,
        BF16_BYTES,
      ),
      shapeKey: `decode:b${row.batch}:s${contextTokens}:h${headsKey(row)}`,
      measuredSeconds: row.seconds,
      sizeBucket: decodeBucket(row.batch, contextTokens),
    });
  }
  return samples;
}
