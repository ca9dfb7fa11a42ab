import type { OperatorEfficiency, OperatorWork } from './operator-time.js';

/**
 * Work of a dense matrix multiply (m×k)·(k×n): 2·m·n·k FLOP, and it reads both operands and writes the
 * result once.
 */
export function gemmWork(m: number, n: number, k: number, bytesPerElement: number): OperatorWork {
  return { flop: 2 * m * n * k, bytes: (m * k + k * n + m * n) * bytesPerElement };
}

/**
 * Work of causal (fused, flash-style) self-attention over a whole prompt of `tokens` per sequence:
 * QKᵀ and PV are each 2·tokens²·headDim FLOP per head, halved by the causal mask. It reads Q, K, V and
 * writes O once; the score matrix never reaches HBM.
 */
export function prefillAttentionWork(
  batch: number,
  tokens: number,
  numHeads: number,
  numKeyValueHeads: number,
  headDim: number,
  bytesPerElement: number,
): OperatorWork {
  const flop = batch * numHeads * 2 * tokens * tokens * headDim;
  const bytes = batch * tokens * (2 * numHeads + 2 * numKeyValueHeads) * headDim * bytesPerElement;
  return { flop, bytes };
}

/**
 * Work of one decode step of attention: each of `batch` sequences attends its one new query to
 * `contextTokens` cached keys and values (4·context·headDim FLOP per head) and reads that sequence's
 * whole K and V cache (GQA: numKeyValueHeads wide).
 */
export function decodeAttentionWork(
  batch: number,
  contextTokens: number,
  numHeads: number,
  numKeyValueHeads: number,
  headDim: number,
  kvBytesPerElement: number,
  activationBytesPerElement: number,
): OperatorWork {
  const flop = batch * numHeads * 4 * contextTokens * headDim;
  const kvBytes = batch * contextTokens * 2 * numKeyValueHeads * headDim * kvBytesPerElement;
  const qoBytes = batch * 2 * numHeads * headDim * activationBytesPerElement;
  return { flop, bytes: kvBytes + qoBytes };
}

/** Efficiency per kernel class, for one GPU. */
export interface EfficiencyProfile {
  gemm: OperatorEfficiency;
  prefillAttention: OperatorEfficiency;
  decodeAttention: OperatorEfficiency;
  /**
   * All-reduce cost by GPU count: latencySeconds + bytes·2(n−1)/n / busBytesPerSecond.
   * Keys are GPU counts as strings ("2", "4", "8").
   */
  allReduce: Record<string, { latencySeconds: number; busBytesPerSecond: number }>;
  /** True when this profile was transferred from other GPUs rather than fitted on this one. */
  estimated: boolean;
}
