import type { ModelConfig } from './model-config.js';

/**
 * KV-cache bytes one token occupies across all layers: 2 (K and V) × layers × numKeyValueHeads ×
 * headDim × bytes. The InferSave paper's Table II writes 2·BS·(Lin+Lout)·nh·bytes·L, which drops
 * headDim and ignores grouped-query attention (numKeyValueHeads < numAttentionHeads).
 */
export function kvCacheBytesPerToken(model: ModelConfig, kvBytesPerElement: number): number {
  return 2 * model.numHiddenLayers * model.numKeyValueHeads * model.headDim * kvBytesPerElement;
}

/**
 * KV heads each GPU holds under tensor parallelism: heads are split, and replicated when there are
 * fewer KV heads than GPUs (vLLM's behaviour).
 */
export function kvHeadsPerGpu(model: ModelConfig, tensorParallel: number): number {
  return Math.ceil(model.numKeyValueHeads / tensorParallel);
}

/** KV-cache bytes one token occupies in one layer on one GPU of a tensor-parallel group. */
export function kvCacheBytesPerTokenPerLayerPerGpu(
  model: ModelConfig,
  kvBytesPerElement: number,
  tensorParallel: number,
): number {
  return 2 * kvHeadsPerGpu(model, tensorParallel) * model.headDim * kvBytesPerElement;
}
