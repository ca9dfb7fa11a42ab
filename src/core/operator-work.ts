import type { GemmDtype } from './gemm-kernel.js';
import type { OperatorEfficiency, OperatorWork } from './operator-time.js';

/**
 * A matrix multiply of m tokens by a k×n weight matrix stored in `weightBytes` per element, with
 * activations of `actBytes` in and out: 2·m·n·k FLOP; it reads both operands and writes the result once.
 * A W8A8/W4A4 kernel first quantizes its m×k input in a separate pass moving `activationQuantBytes` per
 * element (`serialBytes`; 0: no such pass).
 */
export function weightGemmWork(
  m: number,
  k: number,
  n: number,
  weightBytes: number,
  actBytes: number,
  activationQuantBytes = 0,
): OperatorWork {
  return {
    flop: 2 * m * n * k,
    bytes: k * n * weightBytes + (m * k + m * n) * actBytes,
    serialBytes: m * k * activationQuantBytes,
  };
}

/**
 * Work of a dense matrix multiply (m×k)·(k×n) with every operand in `bytesPerElement`.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function gemmWork(m: number, n: number, k: number, bytesPerElement: number): OperatorWork {
  return weightGemmWork(m, k, n, bytesPerElement, bytesPerElement);
}

/** The attention head shape on one GPU. */
export interface AttentionHeads {
  numHeads: number;
  numKeyValueHeads: number;
  headDim: number;
}

/**
 * Causal (fused, flash-style) prefill attention summed over a step's prompt chunks: `tokenPairs` =
 * Σ chunk × (cached + chunk / 2) query–key pairs (a whole prompt of n tokens has n²/2), 4·headDim FLOP
 * per pair per head (QKᵀ and PV); it reads Q, K, V and writes O once for each of the `tokens` new tokens.
 */
export function prefillAttentionWorkFromSums(
  tokens: number,
  tokenPairs: number,
  heads: AttentionHeads,
  bytesPerElement: number,
): OperatorWork {
  const { numHeads, numKeyValueHeads, headDim } = heads;
  return {
    flop: 4 * numHeads * headDim * tokenPairs,
    bytes: tokens * (2 * numHeads + 2 * numKeyValueHeads) * headDim * bytesPerElement,
    serialBytes: 0,
  };
}

/**
 * Decode attention summed over a step's `sequences`, each attending its one new query to its cached
 * keys and values (`contextTokens` = Σ context): 4·context·headDim FLOP per head; it reads every
 * sequence's whole K and V cache (GQA: numKeyValueHeads wide) and its Q and O.
 */
export function decodeAttentionWorkFromSums(
  sequences: number,
  contextTokens: number,
  heads: AttentionHeads,
  kvBytesPerElement: number,
  activationBytesPerElement: number,
): OperatorWork {
  const { numHeads, numKeyValueHeads, headDim } = heads;
  return {
    flop: 4 * numHeads * headDim * contextTokens,
    bytes:
      contextTokens * 2 * numKeyValueHeads * headDim * kvBytesPerElement +
      sequences * 2 * numHeads * headDim * activationBytesPerElement,
    serialBytes: 0,
  };
}

/**
 * Causal self-attention over whole prompts of `tokens` per sequence (the uniform case of
 * `prefillAttentionWorkFromSums`): QKᵀ and PV are each 2·tokens²·headDim FLOP per head, halved by the
 * causal mask; the score matrix never reaches HBM.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function prefillAttentionWork(
  batch: number,
  tokens: number,
  numHeads: number,
  numKeyValueHeads: number,
  headDim: number,
  bytesPerElement: number,
): OperatorWork {
  const heads = { numHeads, numKeyValueHeads, headDim };
  return prefillAttentionWorkFromSums(batch * tokens, (batch * tokens * tokens) / 2, heads, bytesPerElement);
}

/**
 * One decode step of `batch` sequences all at `contextTokens` (the uniform case of `decodeAttentionWorkFromSums`).
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
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
  return decodeAttentionWorkFromSums(
    batch,
    batch * contextTokens,
    { numHeads, numKeyValueHeads, headDim },
    kvBytesPerElement,
    activationBytesPerElement,
  );
}

/**
 * A measured GEMM dtype's efficiency on one GPU, against that dtype's tensor-core peak. `transferredFrom`
 * names the GPUs whose fits it is the median of, when this GPU has no rows of that dtype.
 */
export interface DtypeGemmEfficiency extends OperatorEfficiency {
  transferredFrom?: string[];
}

/** Efficiency per kernel class, for one GPU. */
export interface EfficiencyProfile {
  /** bf16 GEMMs (also fp32 and weight-only GEMMs, which run 16-bit tensor cores), against the fp16 peak. */
  gemm: OperatorEfficiency;
  /** FP8 and FP4 GEMMs by measured dtype (absent: the bf16 `gemm` at that dtype's peak, flagged). */
  gemmByDtype?: Partial<Record<GemmDtype, DtypeGemmEfficiency>>;
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
