import type { FlexgenPolicy, FlexgenShape } from './flexgen-cost-model.js';

/**
 * Peak GPU and CPU memory of a FlexGen policy, as its cost model's policy search bounds them
 * (experimental/cost_model.py: `gpu_home + gpu_w`, `cpu_home + cpu_w`, in prefill and decode), with
 * nothing on disk and one GPU batch. The working set counts FlexGen's intermediate tensors, the prefill
 * attention scores (2·heads·s² per sequence) among them, and double buffers for what streams from CPU.
 * Embeddings and the LM head are not counted, as in the cost model.
 */
export interface FlexgenPeakMemory {
  gpuBytes: number;
  cpuBytes: number;
}

export function flexgenPeakMemory(shape: FlexgenShape, policy: FlexgenPolicy): FlexgenPeakMemory {
  const { promptTokens: s, outputTokens: n, hiddenSize: h1, intermediateSize: h2, heads: nh } = shape;
  const { layers: l, batchSize: bls, layerWeightBytes: wi } = shape;
  const gbs = bls;
  const wg = policy.weightsGpuFraction;
  const cg = policy.cacheGpuFraction;
  const hg = policy.activationsGpuFraction;
  // 4·h1 bytes of KV per token per layer for OPT; kvHiddenSize scales it for grouped-query attention.
  const kvPerToken = 4 * shape.kvHiddenSize;
  const cacheBytes = kvPerToken * (s + n) * bls * l;

  const gpuHomePrefill = wi * l * wg + 2 * s * h1 * bls * hg + cacheBytes * cg;
  const workingPrefill =
    8 * gbs * s * h1 +
    gbs * (2 * s * h1 + 2 * nh * s * s) +
    gbs * (2 * s * h1) +
    4 * gbs * s * h1 +
    2 * gbs * s * h2 +
    2 * gbs * s * h1;
  const gpuPrefill = gpuHomePrefill + 2 * wi * (1 - wg) + 2 * s * h1 * gbs * (1 - hg) + workingPrefill;

  const gpuHomeDecode = wi * l * wg + 2 * h1 * bls * hg + cacheBytes * cg;
  const workingDecode =
    8 * gbs * h1 +
    gbs * (2 * h1 + 2 * (s + n) * h1 + 2 * nh * (s + n)) * cg +
    gbs * (2 * (s + n) * h1 + 2 * h1) * cg +
    4 * gbs * h1 +
    2 * gbs * h2 +
    2 * gbs * h1;
  const gpuDecode =
    gpuHomeDecode +
    2 * wi * (1 - wg) +
    2 * h1 * gbs * (1 - hg) +
    kvPerToken * gbs * (s + n) * cg +
    workingDecode;

  const cpuPrefill =
    wi * l * (1 - wg) +
    2 * s * h1 * bls * (1 - hg) +
    kvPerToken * s * bls * l * (1 - cg) +
    wi * (1 - wg) +
    2 * s * h1 * gbs * (1 - hg);
  const cpuDecode =
    wi * l * (1 - wg) +
    2 * h1 * bls * (1 - hg) +
    cacheBytes * (1 - cg) +
    2 * nh * (s + n) * gbs +
    2 * h1 * gbs;
  return { gpuBytes: Math.max(gpuPrefill, gpuDecode), cpuBytes: Math.max(cpuPrefill, cpuDecode) };
}
