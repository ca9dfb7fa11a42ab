import type { ModelConfig } from './model-config.js';

/**
 * KV-cache bytes one token occupies across all layers: 2 (K and V) × layers × numKeyValueHeads ×
 * headDim × bytes. The InferSave paper's Table II writes 2·BS·(Lin+Lout)·nh·bytes·L, which drops
 * headDim and ignores grouped-query attention (numKeyValueHeads < numAttentionHeads).
 */
export function kvCacheBytesPerToken(model: ModelConfig, kvBytesPerElement: number): number {
  if (model.mla) return model.numHiddenLayers * mlaElementsPerTokenPerLayer(model.mla) * kvBytesPerElement;
  return 2 * model.numHiddenLayers * model.numKeyValueHeads * model.headDim * kvBytesPerElement;
}

/**
 * MLA caches, per token and layer, the compressed KV latent (kv_lora_rank) and the decoupled RoPE key
 * (qk_rope_head_dim) — DeepSeek-V2 paper section 2.1.3; vLLM's MLA backends store exactly these.
 */
export function mlaElementsPerTokenPerLayer(mla: NonNullable<ModelConfig['mla']>): number {
  return mla.kvLoraRank + mla.qkRopeHeadDim;
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
  // The MLA latent is shared by all heads: every GPU of the group holds all of it (vLLM replicates it).
  if (model.mla) return mlaElementsPerTokenPerLayer(model.mla) * kvBytesPerElement;
  return 2 * kvHeadsPerGpu(model, tensorParallel) * model.headDim * kvBytesPerElement;
}
