import { kvHeadsPerGpu } from '../../../core/kv-cache.js';
import { layerGemmShapes } from '../../../core/layer-operators.js';
import type { Measurement, MeasurementSample } from '../../../core/measurement.js';
import type { ModelConfig } from '../../../core/model-config.js';
import type { Precision } from '../../../core/precision.js';
import type { AttentionTable, KernelTables } from '../../../core/profiled-predictor.js';

/** Where to sum: prefill batch × prompt tokens, decode batch × KV length (including the new token). */
export interface PerOperatorGrid {
  prefill: { batches: number[]; tokens: number[] };
  decode: { batches: number[]; tokens: number[] };
}

export const DEFAULT_PER_OPERATOR_GRID: PerOperatorGrid = {
  prefill: { batches: [1, 2, 4, 8, 16], tokens: [128, 256, 512, 1024, 2048, 4096, 8192] },
  decode: {
    batches: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    tokens: [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768],
  },
};

const BF16_BYTES = 2;

function exactIndex(axis: readonly number[], value: number): number | undefined {
  const i = axis.indexOf(value);
  return i < 0 ? undefined : i;
}

/**
 * Splits `value` into at most `maxPieces` measured widths, largest first, or undefined when they do not
 * add up exactly: a GEMM whose n (or k) is not in the table runs as its column (row) blocks, each a
 * measured GEMM — the same FLOP, a few µs more launches (as scripts/accuracy does).
 */
export function splitWidth(value: number, ascending: readonly number[], maxPieces = 3): number[] | undefined {
  if (ascending.includes(value)) return [value];
  const pieces: number[] = [];
  let rest = value;
  while (rest > 0 && pieces.length < maxPieces) {
    const piece = [...ascending].reverse().find((size) => size <= rest);
    if (piece === undefined) return undefined;
    pieces.push(piece);
    rest -= piece;
  }
  return rest === 0 ? pieces : undefined;
}

function exactGemm(tables: KernelTables, m: number, n: number, k: number): number | undefined {
  const { gemm } = tables;
  const im = exactIndex(gemm.m, m);
  const ns = splitWidth(n, gemm.n);
  const ks = splitWidth(k, gemm.k);
  if (im === undefined || ns === undefined || ks === undefined) return undefined;
  let seconds = 0;
  for (const nPiece of ns) {
    for (const kPiece of ks) {
      const iN = exactIndex(gemm.n, nPiece) ?? -1;
      const ik = exactIndex(gemm.k, kPiece) ?? -1;
      const t = gemm.seconds[(im * gemm.n.length + iN) * gemm.k.length + ik];
      if (t === null || t === undefined) return undefined;
      seconds += t;
    }
  }
  return seconds;
}

function exactAttention(
  table: AttentionTable | undefined,
  batch: number,
  tokens: number,
): number | undefined {
  if (!table) return undefined;
  const ib = exactIndex(table.batch, batch);
  const it = exactIndex(table.tokens, tokens);
  if (ib === undefined || it === undefined) return undefined;
  return table.seconds[ib * table.tokens.length + it] ?? undefined;
}

function exactAllReduce(tables: KernelTables, gpus: number, bytes: number): number | undefined {
  const table = tables.allReduce.find((t) => t.gpus === gpus);
  const i = table ? exactIndex(table.bytes, bytes) : undefined;
  return table && i !== undefined ? table.seconds[i] : undefined;
}

type Missing = 'gemm' | 'attention' | 'all-reduce';

/** One layer's measured kernels × layers at an exact grid point, or the first kernel the tables lack. */
function layerStepSeconds(
  tables: KernelTables,
  model: ModelConfig,
  tp: number,
  attention: AttentionTable | undefined,
  stage: 'prefill' | 'decode',
  batch: number,
  tokens: number,
): number | Missing {
  const m = stage === 'prefill' ? batch * tokens : batch;
  let seconds = 0;
  for (const shape of layerGemmShapes(model, tp, m)) {
    const t = exactGemm(tables, shape.m, shape.n, shape.k);
    if (t === undefined) return 'gemm';
    seconds += t * shape.count;
  }
  const a = exactAttention(attention, batch, tokens);
  if (a === undefined) return 'attention';
  seconds += a;
  if (tp > 1) {
    const r = exactAllReduce(tables, tp, m * model.hiddenSize * BF16_BYTES);
    if (r === undefined) return 'all-reduce';
    seconds += 2 * r;
  }
  return seconds * model.numHiddenLayers;
}

/**
 * "Measured" prefill and decode step times of `model` from one GPU's per-operator kernel tables: Σ of
 * the layer's measured GEMMs + attention (+ two all-reduces under tensor parallelism) × layers, at exact
 * grid points only — points whose shapes the tables lack are skipped and counted in the provenance
 * notes. The LM head and embedding are not in the sums (the vocabulary width is not a measured n).
 */
export function importPerOperatorTables(
  tables: KernelTables,
  model: ModelConfig,
  precision: Precision,
  tensorParallel: number,
  grid: PerOperatorGrid = DEFAULT_PER_OPERATOR_GRID,
): Measurement {
  const tp = tensorParallel;
  const heads = model.numAttentionHeads / tp;
  const kvHeads = kvHeadsPerGpu(model, tp);
  const headShape = (t: AttentionTable) =>
    t.heads === heads && t.kvHeads === kvHeads && t.headDim === model.headDim;
  const samples: MeasurementSample[] = [];
  const skipped: Record<Missing, number> = { gemm: 0, attention: 0, 'all-reduce': 0 };
  for (const stage of ['prefill', 'decode'] as const) {
    const attention = (stage === 'prefill' ? tables.prefillAttention : tables.decodeAttention).find(
      headShape,
    );
    for (const batch of grid[stage].batches) {
      for (const tokens of grid[stage].tokens) {
        const seconds = layerStepSeconds(tables, model, tp, attention, stage, batch, tokens);
        if (typeof seconds === 'string') {
          skipped[seconds]++;
          continue;
        }
        samples.push({
          stage,
          batchSize: batch,
          inputTokens: stage === 'prefill' ? tokens : 1,
          contextTokens: tokens,
          offloadFraction: 0,
          seconds,
        });
      }
    }
  }
  const skippedText = (Object.entries(skipped) as [Missing, number][])
    .map(([kind, count]) => `${count} without a measured ${kind} shape`)
    .join(', ');
  return {
    schemaVersion: 1,
    hardware: { gpu: tables.gpuId, gpuCount: tp },
    software: {
      engine: 'vllm',
      version: 'per-operator',
      notes:
        `Σ measured kernels of one layer × ${model.numHiddenLayers} layers (AIConfigurator vLLM kernel tables, ` +
        `exact grid points, no interpolation; LM head and embedding excluded). Skipped points: ${skippedText}.`,
    },
    model: { id: model.id },
    precision,
    tensorParallel: tp,
    samples,
    provenance: { source: 'per-operator kernel tables', file: `data/v1/kernels/${tables.gpuId}.json` },
  };
}
