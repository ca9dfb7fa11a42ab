import type { Source } from './source.js';

/**
 * FlexGen's cost model (FMInference/FlexGen experimental/cost_model.py, `solve_lp` with a fixed policy):
 * the time of one layer in its zig-zag block schedule, where the next layer's transfers overlap this
 * layer's compute. Weights, activations and the KV cache each sit partly on the GPU and partly in CPU
 * memory (its `--percent`); disk is not modelled here (every disk share is 0). As in the cost model, the
 * attention over the CPU-held share of the cache runs on the CPU (the policy it emits sets
 * `cpu_cache_compute=True`), and one GPU batch holds the whole batch.
 *
 *   prefill layer = max(ctog, gtoc, compute)          ctog: weights + activations CPU→GPU
 *   decode layer  = ctog + max(gtoc, compute)         gtoc: new KV (prefill) and activations GPU→CPU
 *   batch         = prefill layer · layers + decode layer · (output − 1) · layers
 */

/** FlexGen's hardware constants, in bytes/s and FLOP/s. */
export interface FlexgenConstants {
  /** `ctog_bdw`: CPU→GPU copies (weights, activations). */
  cpuToGpuBytesPerSecond: number;
  /** `gtoc_bdw_cache`: GPU→CPU copies of the new KV cache (strided). */
  gpuToCpuCacheBytesPerSecond: number;
  /** `gtoc_bdw_hidden`: GPU→CPU copies of activations. */
  gpuToCpuHiddenBytesPerSecond: number;
  /** `mm_flops_p` / `mm_flops_g`: GEMMs in prefill / decode. */
  prefillMatmulFlopPerSecond: number;
  decodeMatmulFlopPerSecond: number;
  /** `bmm_flops_p` / `bmm_flops_g`: attention on the GPU in prefill / decode. */
  prefillAttentionFlopPerSecond: number;
  decodeAttentionFlopPerSecond: number;
  /** `cpu_flops`: attention over the CPU-held cache, before the c1–c3 correction. */
  cpuAttentionFlopPerSecond: number;
  /** `c1`, `c2`, `c3`: the cost model's correction of CPU FLOP/s by GPU batch and hidden size. */
  cpuFlopsCorrection: { c1: number; c2: number; c3: number };
}

/** `data/v1/flexgen-cost-model.json`: the fitted constants and the GPU they were fitted on. */
export interface FlexgenCostModelData {
  referenceGpu: {
    id: string;
    fp16FlopPerSecond: number;
    hbmBytesPerSecond: number;
    pcieBytesPerSecondPerDirection: number;
  };
  constants: FlexgenConstants;
  /** `alpha_g`/`alpha_c`: the share of GPU and CPU memory FlexGen's policy search lets a policy use. */
  memoryRelaxation: number;
  sources: Source[];
}

/** The model and batch as the cost model sees them (all in elements; 2-byte weights, KV and activations). */
export interface FlexgenShape {
  layers: number;
  /** `h1`: hidden size (query heads × head size). */
  hiddenSize: number;
  /** `h2`: MLP intermediate size. */
  intermediateSize: number;
  /** `nh`: attention heads. */
  heads: number;
  /** Key/value heads × head size: `h1` for OPT; smaller with grouped-query attention. */
  kvHiddenSize: number;
  /** Weights of one layer in bytes (`wi` = 8·h1² + 4·h1·h2 for OPT). */
  layerWeightBytes: number;
  /** `s`, `n`, `bls` (= `gbs`: one GPU batch). */
  promptTokens: number;
  outputTokens: number;
  batchSize: number;
}

/** Shares on the GPU (FlexGen's `--percent` w_gpu, cache_gpu, act_gpu as fractions); the rest is in CPU memory. */
export interface FlexgenPolicy {
  weightsGpuFraction: number;
  cacheGpuFraction: number;
  activationsGpuFraction: number;
}

export interface FlexgenLayerTimes {
  cpuToGpuSeconds: number;
  gpuToCpuSeconds: number;
  /** GPU and CPU compute (the cost model adds them: CPU attention does not overlap the GPU's). */
  computeSeconds: number;
  /** The GPU's part of it. */
  gpuComputeSeconds: number;
  /** The layer's time after overlap. */
  seconds: number;
}

export interface FlexgenBatchTimes {
  prefillLayer: FlexgenLayerTimes;
  decodeLayer: FlexgenLayerTimes;
  prefillSeconds: number;
  decodeSeconds: number;
}

/** Bytes per element: the cost model counts fp16 throughout. */
const BYTES = 2;

/** GEMM FLOPs per token per layer: 2 per weight (8·h1² + 4·h1·h2 for OPT). */
function gemmFlopPerToken(shape: FlexgenShape): number {
  return shape.layerWeightBytes;
}

/** KV bytes per token per layer (4·h1 for OPT: K and V, 2 bytes each). */
function kvBytesPerToken(shape: FlexgenShape): number {
  return 2 * BYTES * shape.kvHiddenSize;
}

/** `cpu_flops_real`: the cost model's CPU attention FLOP/s for a GPU batch and hidden size. */
export function cpuAttentionFlopPerSecond(constants: FlexgenConstants, shape: FlexgenShape): number {
  const { c1, c2, c3 } = constants.cpuFlopsCorrection;
  const batchTerm = Math.max(0, Math.log2(64 / shape.batchSize));
  const hiddenTerm = Math.max(0, Math.log2(4096 / shape.hiddenSize));
  const factor = Math.max(0.1, 1 + c1 * batchTerm * hiddenTerm - c2 * batchTerm - c3 * hiddenTerm);
  return constants.cpuAttentionFlopPerSecond * factor;
}

/** One prefill layer: `Tpre = max(ctogp, gtocp, compp)` with nothing on disk. */
export function flexgenPrefillLayer(
  shape: FlexgenShape,
  policy: FlexgenPolicy,
  c: FlexgenConstants,
): FlexgenLayerTimes {
  const { promptTokens: s, hiddenSize: h1, batchSize: bls } = shape;
  const weightsCpu = 1 - policy.weightsGpuFraction;
  const cacheCpu = 1 - policy.cacheGpuFraction;
  const actCpu = 1 - policy.activationsGpuFraction;
  const hiddenBytes = BYTES * s * h1 * bls;
  const cpuToGpuSeconds =
    (shape.layerWeightBytes * weightsCpu + hiddenBytes * actCpu) / c.cpuToGpuBytesPerSecond;
  const gpuToCpuSeconds =
    (kvBytesPerToken(shape) * (s + 1) * bls * cacheCpu) / c.gpuToCpuCacheBytesPerSecond +
    (hiddenBytes * actCpu) / c.gpuToCpuHiddenBytesPerSecond;
  const computeSeconds =
    (bls * s * gemmFlopPerToken(shape)) / c.prefillMatmulFlopPerSecond +
    (4 * bls * s * s * h1) / c.prefillAttentionFlopPerSecond;
  return {
    cpuToGpuSeconds,
    gpuToCpuSeconds,
    computeSeconds,
    gpuComputeSeconds: computeSeconds,
    seconds: Math.max(cpuToGpuSeconds, gpuToCpuSeconds, computeSeconds),
  };
}

/** One decode layer: `Tgen = ctogg + max(gtocg, compg)`, attention over the mean context s + n/2. */
export function flexgenDecodeLayer(
  shape: FlexgenShape,
  policy: FlexgenPolicy,
  c: FlexgenConstants,
): FlexgenLayerTimes {
  const { promptTokens: s, outputTokens: n, hiddenSize: h1, batchSize: bls } = shape;
  const weightsCpu = 1 - policy.weightsGpuFraction;
  const actCpu = 1 - policy.activationsGpuFraction;
  const hiddenBytes = BYTES * h1 * bls;
  const cpuToGpuSeconds =
    (shape.layerWeightBytes * weightsCpu + hiddenBytes * actCpu) / c.cpuToGpuBytesPerSecond;
  const gpuToCpuSeconds = (hiddenBytes * actCpu) / c.gpuToCpuHiddenBytesPerSecond;
  const attentionFlop = 4 * bls * (s + n / 2) * h1;
  const gpuComputeSeconds =
    (bls * gemmFlopPerToken(shape)) / c.decodeMatmulFlopPerSecond +
    (attentionFlop * policy.cacheGpuFraction) / c.decodeAttentionFlopPerSecond;
  const computeSeconds =
    gpuComputeSeconds + (attentionFlop * (1 - policy.cacheGpuFraction)) / cpuAttentionFlopPerSecond(c, shape);
  return {
    cpuToGpuSeconds,
    gpuToCpuSeconds,
    computeSeconds,
    gpuComputeSeconds,
    seconds: cpuToGpuSeconds + Math.max(gpuToCpuSeconds, computeSeconds),
  };
}

/** The batch: prefill layer × layers, decode layer × (output − 1) × layers (the cost model's `T`). */
export function flexgenBatchTimes(
  shape: FlexgenShape,
  policy: FlexgenPolicy,
  c: FlexgenConstants,
): FlexgenBatchTimes {
  const prefillLayer = flexgenPrefillLayer(shape, policy, c);
  const decodeLayer = flexgenDecodeLayer(shape, policy, c);
  return {
    prefillLayer,
    decodeLayer,
    prefillSeconds: prefillLayer.seconds * shape.layers,
    decodeSeconds: decodeLayer.seconds * Math.max(shape.outputTokens - 1, 0) * shape.layers,
  };
}
