import { bytesPerParameter, type Precision } from './precision.js';
import type { CheckpointQuantization } from './quantization-support.js';
import type { Source } from './source.js';

/**
 * A decoder-only transformer's shape. Field names mirror Hugging Face `config.json`, camel-cased;
 * the catalog's config parser fills the derived flags from `model_type` and the raw fields.
 */
export interface ModelConfig {
  /** Catalog id, normally the Hugging Face repo id, e.g. `meta-llama/Llama-3.1-8B`. */
  id: string;
  /** Hugging Face `model_type`: opt, llama, mistral, mixtral, qwen2, qwen3, qwen3_moe, … */
  modelType: string;
  numHiddenLayers: number;
  hiddenSize: number;
  /** MLP inner width; per expert for MoE models (`ffn_dim` for OPT). */
  intermediateSize: number;
  numAttentionHeads: number;
  /** Equal to numAttentionHeads without grouped-query attention. */
  numKeyValueHeads: number;
  headDim: number;
  vocabSize: number;
  maxPositionEmbeddings: number;
  /**
   * The longest sequence (prompt + output) the engine serves, as vLLM derives its max_model_len from the
   * config (rope scaling applied where the config's limit is the original one); absent: maxPositionEmbeddings.
   */
  contextLengthTokens?: number;
  tieWordEmbeddings: boolean;
  /** Gated MLP (SwiGLU: gate, up, down = 3 matrices) versus plain (fc1, fc2 = 2 matrices). */
  gatedMlp: boolean;
  /** Biases on q, k, v (OPT, Qwen2) — and on o for OPT. */
  attentionBias: boolean;
  /** Bias on the output projection o. */
  attentionOutputBias: boolean;
  mlpBias: boolean;
  normKind: 'layernorm' | 'rmsnorm';
  /** Learned absolute position embeddings (OPT: max_position_embeddings + 2 rows). */
  learnedPositionEmbeddingRows: number;
  /** OPT-350m style projection of the embeddings; 0 when absent. */
  wordEmbedProjDim: number;
  /**
   * Multi-head latent attention (DeepSeek-V2/V3): each layer caches one compressed latent of
   * `kvLoraRank` plus a shared RoPE key of `qkRopeHeadDim` per token, not K and V per head.
   */
  mla?: {
    kvLoraRank: number;
    qkRopeHeadDim: number;
    /** Rank of the query's low-rank projection (q_lora_rank); 0 when q is projected directly (V2-Lite). */
    qLoraRank: number;
    /** Per-head query/key dimension without RoPE (qk_nope_head_dim); headDim = this + qkRopeHeadDim. */
    qkNopeHeadDim: number;
    /** Per-head value dimension (v_head_dim). */
    vHeadDim: number;
  };
  /**
   * MoE models whose first layers are dense (DeepSeek's first_k_dense_replace): `layers` of them with an
   * MLP of `intermediateSize`; the others are MoE layers.
   */
  denseLayers?: { layers: number; intermediateSize: number };
  /** Width of the shared experts every token also runs on each MoE layer (n_shared_experts × moe_intermediate_size). */
  sharedExpertIntermediateSize?: number;
  /**
   * Sliding-window (local) attention layers, Gemma-2/3 style: `layers` of the numHiddenLayers attend to,
   * and keep KV for, only the last `windowTokens` tokens; the others (global layers) to the whole context.
   * Absent: every layer is global.
   */
  slidingWindow?: { layers: number; windowTokens: number };
  /**
   * Gated DeltaNet linear-attention layers (Qwen3.5, Qwen3-Next: `layer_types` linear_attention): `layers`
   * of the numHiddenLayers keep a fixed recurrent state per sequence and no KV cache; the rest are full
   * attention. Heads and dims are the config's linear_num_key_heads, linear_num_value_heads,
   * linear_key_head_dim, linear_value_head_dim; convKernel its linear_conv_kernel_dim; the state's bytes
   * per element its mamba_ssm_dtype.
   */
  linearAttention?: {
    layers: number;
    keyHeads: number;
    valueHeads: number;
    keyHeadDim: number;
    valueHeadDim: number;
    convKernel: number;
    stateBytesPerElement: number;
  };
  /** Qwen3.5's attn_output_gate: q_proj also yields a sigmoid gate per query head (twice its width). */
  attentionOutputGate?: boolean;
  /**
   * Parameters of a multimodal checkpoint's encoder (Qwen3.5's vision tower): resident weights, never run
   * by the text requests InferSave plans. Absent: none.
   */
  encoderParameterCount?: number;
  /** 1 for dense models. */
  numLocalExperts: number;
  /** 1 for dense models. */
  numExpertsPerTok: number;
  /** The checkpoint's native dtype (of its unquantized tensors, for a quantized checkpoint). */
  torchDtype: Precision;
  /** A pre-quantized checkpoint's format: it fixes the precision the model is served in. */
  quantization?: CheckpointQuantization;
  /** The parameter count the model's authors publish, for checking ours. */
  publishedParameterCount?: number;
  sources: Source[];
}

/** Bytes per weight of `model` in `precision`: its checkpoint's own format when it was quantized to it. */
export function weightBytesPerParameter(model: ModelConfig, precision: Precision): number {
  return model.quantization?.precision === precision
    ? model.quantization.weightBytesPerParameter
    : bytesPerParameter(precision);
}

/** The longest sequence (prompt + output tokens) the model serves. */
export function contextLength(model: ModelConfig): number {
  return model.contextLengthTokens ?? model.maxPositionEmbeddings;
}

/** `context-too-long` when a sequence of `tokens` exceeds the model's context length, naming both. */
export function contextLengthIssue(
  model: ModelConfig,
  tokens: number,
  path: string,
): { code: 'context-too-long'; path: string; details: Record<string, string | number> } | undefined {
  const limit = contextLength(model);
  if (tokens <= limit) return undefined;
  return { code: 'context-too-long', path, details: { model: model.id, tokens, contextLengthTokens: limit } };
}
