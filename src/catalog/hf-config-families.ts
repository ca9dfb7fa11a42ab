import type { ModelConfig } from '../core/model-config.js';
import type { FieldReader, RawConfig } from './hf-config-fields.js';

// The model families parseHfConfig (parse-hf-config.ts) reads, and what each one fixes.

/** Hugging Face `model_type` values this parser understands. */
export const SUPPORTED_MODEL_TYPES = [
  'deepseek_v2',
  'deepseek_v3',
  'gemma',
  'gemma2',
  'gemma3_text',
  'kimi_k2',
  'llama',
  'llama4_text',
  'mistral',
  'mixtral',
  'opt',
  'qwen2',
  'qwen3',
  'qwen3_5_moe_text',
  'qwen3_5_text',
  'qwen3_moe',
  'qwen3_next',
] as const;

export type SupportedModelType = (typeof SUPPORTED_MODEL_TYPES)[number];

export interface Biases {
  attentionBias: boolean;
  attentionOutputBias: boolean;
  mlpBias: boolean;
}

/** What a model family fixes and where it keeps the fields that differ between families. */
export interface Family {
  gatedMlp: boolean;
  normKind: ModelConfig['normKind'];
  /** transformers' default when `tie_word_embeddings` is absent. */
  tieWordEmbeddingsDefault: boolean;
  /** Field holding the MLP width (per expert for MoE). */
  intermediateKey: 'intermediate_size' | 'ffn_dim' | 'moe_intermediate_size';
  /** Field holding the expert count, for MoE families. */
  expertsKey?: 'num_local_experts' | 'num_experts' | 'n_routed_experts';
  /** Field holding the shared expert's width, for MoE families with one (Qwen3.5-MoE, Qwen3-Next). */
  sharedExpertKey?: 'shared_expert_intermediate_size';
  /** Llama-4 style: chunked local attention, MoE every interleave_moe_layer_step layers, a shared expert. */
  llama4?: boolean;
  /** DeepSeek-style: multi-head latent attention, dense first layers and shared experts. */
  deepseek?: boolean;
  /**
   * Sliding-window attention on some layers: transformers' default period of the layer pattern (one
   * global layer after `period − 1` sliding ones) when the config lists no `layer_types`.
   */
  slidingWindowPeriod?: number;
  /**
   * Gated DeltaNet linear attention on some layers: the default `full_attention_interval` (one full
   * attention layer after `interval − 1` linear ones) when the config lists no `layer_types`.
   */
  fullAttentionInterval?: number;
  biases: (config: RawConfig, read: FieldReader) => Biases;
}

const noBiases = (): Biases => ({ attentionBias: false, attentionOutputBias: false, mlpBias: false });

/** Llama-style: `attention_bias` covers q, k, v and o; `mlp_bias` the MLP. */
const llamaBiases = (config: RawConfig, read: FieldReader): Biases => {
  const attention = read.boolean(config, 'attention_bias', false);
  return {
    attentionBias: attention,
    attentionOutputBias: attention,
    mlpBias: read.boolean(config, 'mlp_bias', false),
  };
};

/**
 * DeepSeek-V2/V3 and Kimi-K2 (DeepseekV3ForCausalLM): multi-head latent attention, the first
 * `first_k_dense_replace` layers dense (`intermediate_size`), the rest MoE with `n_routed_experts` of
 * `moe_intermediate_size` and `n_shared_experts` shared ones.
 */
const DEEPSEEK: Family = {
  gatedMlp: true,
  normKind: 'rmsnorm',
  tieWordEmbeddingsDefault: false,
  intermediateKey: 'moe_intermediate_size',
  expertsKey: 'n_routed_experts',
  deepseek: true,
  biases: noBiases,
};

export const FAMILIES: Record<SupportedModelType, Family> = {
  deepseek_v2: DEEPSEEK,
  deepseek_v3: DEEPSEEK,
  kimi_k2: DEEPSEEK,
  opt: {
    gatedMlp: false,
    normKind: 'layernorm',
    tieWordEmbeddingsDefault: true,
    intermediateKey: 'ffn_dim',
    biases: (config, read) => {
      const all = read.boolean(config, 'enable_bias', true);
      return { attentionBias: all, attentionOutputBias: all, mlpBias: all };
    },
  },
  llama: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    biases: llamaBiases,
  },
  llama4_text: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    expertsKey: 'num_local_experts',
    llama4: true,
    biases: llamaBiases,
  },
  mistral: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    biases: noBiases,
  },
  mixtral: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    expertsKey: 'num_local_experts',
    biases: noBiases,
  },
  qwen2: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    // Qwen2 always has q, k, v biases and none on o or the MLP; its config has no field for them.
    biases: () => ({ attentionBias: true, attentionOutputBias: false, mlpBias: false }),
  },
  qwen3: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    biases: llamaBiases,
  },
  qwen3_5_text: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'intermediate_size',
    // Qwen3_5TextConfig: full_attention_interval 4 — three linear-attention layers, then one full.
    fullAttentionInterval: 4,
    biases: llamaBiases,
  },
  // Qwen3.5-MoE's text model and Qwen3-Next: the hybrid layers of qwen3_5_text, with routed experts and
  // one shared expert per layer (Qwen3_5MoeTextConfig, Qwen3NextConfig).
  qwen3_5_moe_text: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'moe_intermediate_size',
    expertsKey: 'num_experts',
    sharedExpertKey: 'shared_expert_intermediate_size',
    fullAttentionInterval: 4,
    biases: llamaBiases,
  },
  qwen3_next: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'moe_intermediate_size',
    expertsKey: 'num_experts',
    sharedExpertKey: 'shared_expert_intermediate_size',
    fullAttentionInterval: 4,
    biases: llamaBiases,
  },
  qwen3_moe: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: false,
    intermediateKey: 'moe_intermediate_size',
    expertsKey: 'num_experts',
    biases: llamaBiases,
  },
  gemma: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: true,
    intermediateKey: 'intermediate_size',
    biases: llamaBiases,
  },
  gemma2: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: true,
    intermediateKey: 'intermediate_size',
    // Gemma2Config: layer i slides when (i + 1) % 2 ≠ 0 — local and global alternate.
    slidingWindowPeriod: 2,
    biases: llamaBiases,
  },
  gemma3_text: {
    gatedMlp: true,
    normKind: 'rmsnorm',
    tieWordEmbeddingsDefault: true,
    intermediateKey: 'intermediate_size',
    // Gemma3TextConfig: sliding_window_pattern 6 — five local layers, then one global.
    slidingWindowPeriod: 6,
    biases: llamaBiases,
  },
};
