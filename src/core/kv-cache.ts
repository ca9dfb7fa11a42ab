import { linearAttentionStateBytesPerLayerPerGpu } from './linear-attention.js';
import type { ModelConfig } from './model-config.js';

/** Layers with softmax attention and a KV cache: all but the linear-attention ones. */
export function softmaxAttentionLayers(model: ModelConfig): number {
  return model.numHiddenLayers - (model.linearAttention?.layers ?? 0);
}

/**
 * Layers that attend to, and keep KV for, the whole context: all but the sliding-window and the
 * linear-attention ones.
 */
export function globalAttentionLayers(model: ModelConfig): number {
  return softmaxAttentionLayers(model) - (model.slidingWindow?.layers ?? 0);
}

/**
 * Tokens of KV one sequence of `contextTokens` holds, summed over layers (layer-tokens): global layers
 * keep every token, sliding-window layers at most the window — `Lg × ctx + Ls × min(ctx, W)`. vLLM's
 * hybrid KV cache manager allocates exactly this per layer type (sliding-window layers "reserve slots
 * only for the most recent sliding_window_size tokens", docs.vllm.ai design/hybrid_kv_cache_manager);
 * it rounds each layer type up to whole blocks, which we do not.
 */
export function kvLayerTokens(model: ModelConfig, contextTokens: number): number {
  const window = model.slidingWindow;
  const bounded = window ? window.layers * Math.min(contextTokens, window.windowTokens) : 0;
  return globalAttentionLayers(model) * contextTokens + bounded;
}

/**
 * KV-cache bytes one more token of context adds across the layers that keep the whole context: 2 (K and
 * V) × global layers × numKeyValueHeads × headDim × bytes (all layers but Gemma's sliding-window ones,
 * which add at most their window per sequence: `kvLayerTokens`). The InferSave paper's Table II writes
 * 2·BS·(Lin+Lout)·nh·bytes·L, which drops headDim and ignores grouped-query attention.
 */
export function kvCacheBytesPerToken(model: ModelConfig, kvBytesPerElement: number): number {
  return globalAttentionLayers(model) * kvCacheBytesPerTokenPerLayerPerGpu(model, kvBytesPerElement, 1);
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

/**
 * KV-cache bytes one sequence of `contextTokens` holds on one GPU of a tensor-parallel group, all layers,
 * with linear-attention layers' fixed state (which vLLM keeps in the same pool).
 */
export function kvCacheBytesPerSequencePerGpu(
  model: ModelConfig,
  kvBytesPerElement: number,
  tensorParallel: number,
  contextTokens: number,
): number {
  const kv =
    kvCacheBytesPerTokenPerLayerPerGpu(model, kvBytesPerElement, tensorParallel) *
    kvLayerTokens(model, contextTokens);
  const state = model.linearAttention
    ? model.linearAttention.layers * linearAttentionStateBytesPerLayerPerGpu(model, tensorParallel)
    : 0;
  return kv + state;
}
