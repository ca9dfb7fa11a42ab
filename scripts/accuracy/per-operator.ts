import { kvHeadsPerGpu } from '../../src/core/kv-cache.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import { fastestAllReducePoints } from '../efficiency/allreduce-fit.js';
import type { GpuTables } from '../efficiency/fit-gpu.js';
import { decodeContextTokens } from '../efficiency/samples.js';
import type { AttentionRow } from '../efficiency/tables.js';

/**
 * "Measured" per-layer step times from AIConfigurator's per-operator tables: Σ over the layer's GEMMs of
 * the measured GEMM latency + the measured attention latency + two measured all-reduces when TP > 1,
 * times the layer count. Lookups are exact; nothing is interpolated.
 */

const BF16_BYTES = 2;

export interface IndexedTables {
  gpuId: string;
  gemm: Map<string, number>;
  gemmN: number[];
  gemmK: number[];
  prefillAttention: Map<string, number>;
  decodeAttention: Map<string, number>;
  /** `${numGpus}:${messageBytes}` → seconds (faster of NCCL and vLLM custom, as vLLM picks). */
  allReduce: Map<string, number>;
}

export const gemmKey = (m: number, n: number, k: number) => `gemm:${m}x${n}x${k}`;
/** Same keys as scripts/efficiency/samples.ts, so a point's kernels can be excluded from a fit. */
export const prefillKey = (b: number, s: number, h: number, kv: number, d: number) =>
  `prefill:b${b}:s${s}:h${h}/${kv}x${d}`;
export const decodeKey = (b: number, s: number, h: number, kv: number, d: number) =>
  `decode:b${b}:s${s}:h${h}/${kv}x${d}`;

function isDenseBf16(row: AttentionRow): boolean {
  return (
    row.attnDtype === 'bfloat16' &&
    row.kvCacheDtype === 'bfloat16' &&
    row.windowSize === 0 &&
    row.kernelSource !== ''
  );
}

export function indexTables(tables: GpuTables): IndexedTables {
  const gemm = new Map<string, number>();
  const ns = new Set<number>();
  const ks = new Set<number>();
  for (const row of tables.gemm) {
    if (row.dtype !== 'bfloat16') continue;
    gemm.set(gemmKey(row.m, row.n, row.k), row.seconds);
    ns.add(row.n);
    ks.add(row.k);
  }
  const prefillAttention = new Map<string, number>();
  for (const row of tables.contextAttention) {
    if (!isDenseBf16(row) || row.step !== 0) continue;
    prefillAttention.set(
      prefillKey(row.batch, row.isl, row.numHeads, row.numKeyValueHeads, row.headDim),
      row.seconds,
    );
  }
  const decodeAttention = new Map<string, number>();
  for (const row of tables.generationAttention) {
    if (!isDenseBf16(row)) continue;
    decodeAttention.set(
      decodeKey(row.batch, decodeContextTokens(row), row.numHeads, row.numKeyValueHeads, row.headDim),
      row.seconds,
    );
  }
  const allReduce = new Map<string, number>();
  for (const point of fastestAllReducePoints(tables.nccl, tables.customAllReduce)) {
    allReduce.set(`${point.numGpus}:${point.messageBytes}`, point.seconds);
  }
  const descending = (set: Set<number>) => [...set].sort((a, b) => b - a);
  return {
    gpuId: tables.gpuId,
    gemm,
    gemmN: descending(ns),
    gemmK: descending(ks),
    prefillAttention,
    decodeAttention,
    allReduce,
  };
}

/**
 * Splits `value` into at most `maxPieces` sizes from `grid` (descending), greedily largest first, or
 * undefined when that does not add up exactly. A GEMM whose n (or k) is not in the table is timed as its
 * column (or row) blocks, each a measured GEMM: the same FLOP, a few µs of extra launches.
 */
export function splitWidth(value: number, grid: readonly number[], maxPieces = 3): number[] | undefined {
  if (grid.includes(value)) return [value];
  const pieces: number[] = [];
  let rest = value;
  while (rest > 0 && pieces.length < maxPieces) {
    const piece = grid.find((size) => size <= rest);
    if (piece === undefined) return undefined;
    pieces.push(piece);
    rest -= piece;
  }
  return rest === 0 ? pieces : undefined;
}

export interface GemmShape {
  name: string;
  n: number;
  k: number;
}

/** The layer's GEMMs per GPU as src/core/layer-operators.ts `layerGemms` counts them (dense models). */
export function layerGemmShapes(model: ModelConfig, tp: number): GemmShape[] {
  const heads = model.numAttentionHeads / tp;
  const kv = kvHeadsPerGpu(model, tp);
  const inner = model.intermediateSize / tp;
  return [
    { name: 'qkv', n: (heads + 2 * kv) * model.headDim, k: model.hiddenSize },
    { name: 'o', n: model.hiddenSize, k: heads * model.headDim },
    { name: 'up', n: (model.gatedMlp ? 2 : 1) * inner, k: model.hiddenSize },
    { name: 'down', n: model.hiddenSize, k: inner },
  ];
}

export interface LayerMeasurement {
  /** Seconds for all layers (per-layer sum × numHiddenLayers), without embedding and LM head. */
  seconds: number;
  /** Per layer, by part. */
  gemmSeconds: number;
  attentionSeconds: number;
  allReduceSeconds: number;
  /** Whether some GEMM was timed as measured column/row blocks. */
  composed: boolean;
  /** Shape keys of every kernel used (to exclude them from the efficiency fit). */
  kernelKeys: string[];
}

export type MissReason = 'gemm' | 'attention' | 'all-reduce';

export interface PointShape {
  stage: 'prefill' | 'decode';
  batch: number;
  /** Prompt tokens (prefill) or KV length including the new token (decode). */
  tokens: number;
}

/** The measured step time of `point`, or the first kernel the tables lack. */
export function measureLayerStep(
  tables: IndexedTables,
  model: ModelConfig,
  tp: number,
  point: PointShape,
): { ok: true; value: LayerMeasurement } | { ok: false; missing: MissReason } {
  const m = point.stage === 'prefill' ? point.batch * point.tokens : point.batch;
  const keys: string[] = [];
  let gemmSeconds = 0;
  let composed = false;
  for (const shape of layerGemmShapes(model, tp)) {
    const ns = splitWidth(shape.n, tables.gemmN);
    const ks = splitWidth(shape.k, tables.gemmK);
    if (ns === undefined || ks === undefined) return { ok: false, missing: 'gemm' };
    if (ns.length > 1 || ks.length > 1) composed = true;
    for (const n of ns) {
      for (const k of ks) {
        const key = gemmKey(m, n, k);
        const seconds = tables.gemm.get(key);
        if (seconds === undefined) return { ok: false, missing: 'gemm' };
        gemmSeconds += seconds;
        keys.push(key);
      }
    }
  }
  const heads = model.numAttentionHeads / tp;
  const kv = kvHeadsPerGpu(model, tp);
  const attentionKey =
    point.stage === 'prefill'
      ? prefillKey(point.batch, point.tokens, heads, kv, model.headDim)
      : decodeKey(point.batch, point.tokens, heads, kv, model.headDim);
  const attentionSeconds = (point.stage === 'prefill' ? tables.prefillAttention : tables.decodeAttention).get(
    attentionKey,
  );
  if (attentionSeconds === undefined) return { ok: false, missing: 'attention' };
  keys.push(attentionKey);
  let allReduceSeconds = 0;
  if (tp > 1) {
    const one = tables.allReduce.get(`${tp}:${m * model.hiddenSize * BF16_BYTES}`);
    if (one === undefined) return { ok: false, missing: 'all-reduce' };
    allReduceSeconds = 2 * one;
  }
  const layer = gemmSeconds + attentionSeconds + allReduceSeconds;
  return {
    ok: true,
    value: {
      seconds: layer * model.numHiddenLayers,
      gemmSeconds,
      attentionSeconds,
      allReduceSeconds,
      composed,
      kernelKeys: keys,
    },
  };
}

/** The evaluation grid: prefill batch × prompt, decode batch × KV length. */
export const PREFILL_GRID = { batches: [1, 2, 4, 8, 16], tokens: [128, 256, 512, 1024, 2048, 4096, 8192] };
export const DECODE_GRID = {
  batches: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  tokens: [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768],
};
/** Same bound as the efficiency fit: GEMMs of at most 16k tokens; at most 2²¹ cached tokens. */
export const MAX_STEP_TOKENS = 16384;
export const MAX_CACHED_TOKENS = 2 ** 21;

export function gridPoints(): PointShape[] {
  const points: PointShape[] = [];
  for (const batch of PREFILL_GRID.batches) {
    for (const tokens of PREFILL_GRID.tokens) {
      if (batch * tokens <= MAX_STEP_TOKENS) points.push({ stage: 'prefill', batch, tokens });
    }
  }
  for (const batch of DECODE_GRID.batches) {
    for (const tokens of DECODE_GRID.tokens) {
      if (batch * tokens <= MAX_CACHED_TOKENS) points.push({ stage: 'decode', batch, tokens });
    }
  }
  return points;
}
