import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { Source } from '../core/source.js';
import { architectureRefusal } from './architecture-refusals.js';
import { derivedContextLength } from './context-length.js';
import { readCheckpointQuantization } from './parse-quantization.js';
import { qwen3VlVisionParameterCount } from './vision-encoder.js';

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

type RawConfig = Readonly<Record<string, unknown>>;

interface Biases {
  attentionBias: boolean;
  attentionOutputBias: boolean;
  mlpBias: boolean;
}

/** What a model family fixes and where it keeps the fields that differ between families. */
interface Family {
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

const FAMILIES: Record<SupportedModelType, Family> = {
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

const DTYPES: Readonly<Record<string, Precision>> = { float16: 'fp16', bfloat16: 'bf16', float32: 'fp32' };

/** Reads typed fields from a raw config, recording an issue (with the field as path) for each bad one. */
class FieldReader {
  readonly issues: Issue[] = [];
  readonly warnings: Issue[] = [];

  /** A positive integer; absent (or null) gives `fallback`, or a `config-field-missing` issue without one. */
  positiveInteger(config: RawConfig, key: string, fallback?: number): number | undefined {
    const value = config[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.issues.push({ code: 'config-field-missing', path: key });
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      this.issues.push({
        code: 'config-field-invalid',
        path: key,
        details: { value: JSON.stringify(value), expected: 'a positive integer' },
      });
      return undefined;
    }
    return value;
  }

  boolean(config: RawConfig, key: string, fallback: boolean): boolean {
    const value = config[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.issues.push({
      code: 'config-field-invalid',
      path: key,
      details: { value: JSON.stringify(value), expected: 'true or false' },
    });
    return fallback;
  }
}

function readModelType(config: RawConfig, read: FieldReader): SupportedModelType | undefined {
  const value = config.model_type;
  if (value === undefined || value === null) {
    read.issues.push({ code: 'config-field-missing', path: 'model_type' });
    return undefined;
  }
  if (typeof value === 'string' && (SUPPORTED_MODEL_TYPES as readonly string[]).includes(value)) {
    return value as SupportedModelType;
  }
  const refusal = typeof value === 'string' ? architectureRefusal(config, value) : undefined;
  if (refusal) {
    read.issues.push(refusal);
    return undefined;
  }
  read.issues.push({
    code: 'config-unsupported-model-type',
    path: 'model_type',
    details: { modelType: JSON.stringify(value), supported: [...SUPPORTED_MODEL_TYPES] },
  });
  return undefined;
}

/** `torch_dtype` (or `dtype`, its newer name); absent means vLLM's `auto` would serve it in fp16. */
function readDtype(config: RawConfig, read: FieldReader): Precision {
  const key = config.torch_dtype !== undefined && config.torch_dtype !== null ? 'torch_dtype' : 'dtype';
  const value = config[key];
  if (value === undefined || value === null) {
    read.warnings.push({ code: 'config-field-defaulted', path: 'torch_dtype', details: { value: 'fp16' } });
    return 'fp16';
  }
  const precision = typeof value === 'string' ? DTYPES[value] : undefined;
  if (precision) return precision;
  read.issues.push({
    code: 'config-field-invalid',
    path: key,
    details: { value: JSON.stringify(value), expected: Object.keys(DTYPES).join(', ') },
  });
  return 'fp16';
}

interface Shape {
  heads: number;
  kvHeads: number;
  headDim: number;
  experts: number;
  expertsPerTok: number;
}

/** Head and expert counts, with the consistency checks between them. */
function readShape(
  config: RawConfig,
  family: Family | undefined,
  hidden: number | undefined,
  read: FieldReader,
): Shape | undefined {
  const heads = read.positiveInteger(config, 'num_attention_heads');
  const kvHeads = read.positiveInteger(config, 'num_key_value_heads', heads ?? 1);
  const explicitHeadDim = read.positiveInteger(config, 'head_dim', 0);
  let experts = 1;
  let expertsPerTok = 1;
  if (family?.expertsKey) {
    experts = read.positiveInteger(config, family.expertsKey) ?? 1;
    expertsPerTok = read.positiveInteger(config, 'num_experts_per_tok') ?? 1;
    if (expertsPerTok > experts) {
      read.issues.push({
        code: 'config-inconsistent',
        path: 'num_experts_per_tok',
        details: { numExpertsPerTok: expertsPerTok, [family.expertsKey]: experts },
      });
    }
  }
  if (hidden === undefined || heads === undefined || kvHeads === undefined || explicitHeadDim === undefined) {
    return undefined;
  }
  if (heads % kvHeads !== 0) {
    read.issues.push({
      code: 'config-inconsistent',
      path: 'num_key_value_heads',
      details: { numAttentionHeads: heads, numKeyValueHeads: kvHeads },
    });
  }
  let headDim = explicitHeadDim;
  if (headDim === 0) {
    headDim = hidden / heads;
    if (!Number.isInteger(headDim)) {
      read.issues.push({
        code: 'config-inconsistent',
        path: 'head_dim',
        details: { hiddenSize: hidden, numAttentionHeads: heads },
      });
    }
  }
  return { heads, kvHeads, headDim, experts, expertsPerTok };
}

/**
 * How many of `layers` the config's `layer_types` marks `kind` (the other allowed entry being
 * `full_attention`); without `layer_types`, from the period: layer i is full when (i + 1) % period = 0.
 * Undefined (with the issue recorded) when the list is bad.
 */
function countLayersOfKind(
  config: RawConfig,
  kind: 'sliding_attention' | 'linear_attention',
  layers: number,
  period: () => number | undefined,
  read: FieldReader,
): number | undefined {
  const types = config.layer_types;
  if (types === undefined || types === null) {
    const p = period();
    return p === undefined ? undefined : layers - Math.floor(layers / p);
  }
  const allowed = [kind, 'full_attention'];
  const bad = Array.isArray(types) ? types.find((t) => !allowed.includes(t as string)) : types;
  if (!Array.isArray(types) || bad !== undefined) {
    read.issues.push({
      code: 'config-field-invalid',
      path: 'layer_types',
      details: { value: JSON.stringify(bad ?? types), expected: `a list of ${allowed.join(' or ')}` },
    });
    return undefined;
  }
  if (types.length !== layers) {
    read.issues.push({
      code: 'config-inconsistent',
      path: 'layer_types',
      details: { layerTypes: types.length, numHiddenLayers: layers },
    });
    return undefined;
  }
  return types.filter((t) => t === kind).length;
}

/**
 * Gemma-2/3 sliding-window layers, as transformers' Gemma2Config/Gemma3TextConfig define them
 * (huggingface.co/docs/transformers/model_doc/gemma3): `layer_types` lists each layer's kind
 * (`sliding_attention` or `full_attention`); older configs give the period instead
 * (`sliding_window_pattern`, saved as `_sliding_window_pattern` by transformers ≥ 4.53), layer i sliding
 * when (i + 1) % period ≠ 0. `sliding_window` is the window in tokens.
 */
function readSlidingWindow(
  config: RawConfig,
  family: Family | undefined,
  layers: number | undefined,
  read: FieldReader,
): ModelConfig['slidingWindow'] | undefined {
  const fallback = family?.slidingWindowPeriod;
  if (fallback === undefined || layers === undefined) return undefined;
  const sliding = countLayersOfKind(
    config,
    'sliding_attention',
    layers,
    () => {
      const key =
        config.sliding_window_pattern !== undefined ? 'sliding_window_pattern' : '_sliding_window_pattern';
      return read.positiveInteger(config, key, fallback);
    },
    read,
  );
  if (!sliding) return undefined;
  const windowTokens = read.positiveInteger(config, 'sliding_window');
  return windowTokens === undefined ? undefined : { layers: sliding, windowTokens };
}

interface Llama4Shape {
  slidingWindow?: ModelConfig['slidingWindow'];
  denseLayers?: ModelConfig['denseLayers'];
  sharedExpertIntermediateSize: number;
}

/** A list of 0/1 (or booleans) as long as the model's layers: how many are 1; undefined and an issue when bad. */
function countFlags(config: RawConfig, key: string, layers: number, read: FieldReader): number | undefined {
  const value = config[key];
  if (!Array.isArray(value) || value.some((v) => v !== 0 && v !== 1 && v !== true && v !== false)) {
    read.issues.push({
      code: 'config-field-invalid',
      path: key,
      details: { value: JSON.stringify(value), expected: 'a list of 0 and 1, one per layer' },
    });
    return undefined;
  }
  if (value.length !== layers) {
    read.issues.push({
      code: 'config-inconsistent',
      path: key,
      details: { [key]: value.length, numHiddenLayers: layers },
    });
    return undefined;
  }
  return value.filter((v) => v === 1 || v === true).length;
}

/**
 * Llama-4's text model, as transformers' Llama4TextConfig defines it: layers with RoPE (`no_rope_layers`
 * 1; by default all but every fourth) attend in chunks of `attention_chunk_size` tokens, the others
 * globally; MoE layers are `moe_layers` (by default every `interleave_moe_layer_step`-th), the others dense
 * with `intermediate_size_mlp`; every MoE layer has one shared expert of `intermediate_size`. vLLM keeps
 * KV for at most a chunk in the chunked layers (its ChunkedLocalAttentionSpec), modelled as a window of
 * the chunk (an upper bound: a token sees only its own chunk's earlier tokens).
 */
function readLlama4(
  config: RawConfig,
  family: Family | undefined,
  layers: number | undefined,
  expertWidth: number | undefined,
  read: FieldReader,
): Llama4Shape | undefined {
  if (!family?.llama4 || layers === undefined || expertWidth === undefined) return undefined;
  const chunk = read.positiveInteger(config, 'attention_chunk_size');
  const chunked =
    config.no_rope_layers === undefined || config.no_rope_layers === null
      ? layers - Math.floor(layers / 4)
      : countFlags(config, 'no_rope_layers', layers, read);
  let moe: number | undefined;
  if (Array.isArray(config.moe_layers)) {
    moe = config.moe_layers.length;
  } else {
    const step = read.positiveInteger(config, 'interleave_moe_layer_step', 1);
    moe = step === undefined ? undefined : Math.floor(layers / step);
  }
  const denseWidth =
    moe !== undefined && moe < layers ? read.positiveInteger(config, 'intermediate_size_mlp') : 0;
  if (chunk === undefined || chunked === undefined || moe === undefined || denseWidth === undefined)
    return undefined;
  return {
    ...(chunked > 0 ? { slidingWindow: { layers: chunked, windowTokens: chunk } } : {}),
    ...(moe < layers ? { denseLayers: { layers: layers - moe, intermediateSize: denseWidth } } : {}),
    sharedExpertIntermediateSize: expertWidth,
  };
}

const STATE_DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, bfloat16: 2, float16: 2 };

/**
 * Qwen3.5's Gated DeltaNet layers, as transformers' Qwen3_5TextConfig and Qwen3NextConfig define them:
 * `layer_types` (`linear_attention` or `full_attention`), else `full_attention_interval`; the heads and
 * dims from `linear_num_key_heads`, `linear_num_value_heads`, `linear_key_head_dim`,
 * `linear_value_head_dim`, `linear_conv_kernel_dim` (default 4); the recurrent state's dtype from
 * `mamba_ssm_dtype`, which vLLM follows for Qwen3.5 (absent: the model's dtype, warned).
 */
function readLinearAttention(
  config: RawConfig,
  family: Family | undefined,
  layers: number | undefined,
  torchDtype: Precision,
  read: FieldReader,
): ModelConfig['linearAttention'] | undefined {
  const fallback = family?.fullAttentionInterval;
  if (fallback === undefined || layers === undefined) return undefined;
  const linear = countLayersOfKind(
    config,
    'linear_attention',
    layers,
    () => read.positiveInteger(config, 'full_attention_interval', fallback),
    read,
  );
  const keyHeads = read.positiveInteger(config, 'linear_num_key_heads');
  const valueHeads = read.positiveInteger(config, 'linear_num_value_heads');
  const keyHeadDim = read.positiveInteger(config, 'linear_key_head_dim');
  const valueHeadDim = read.positiveInteger(config, 'linear_value_head_dim');
  const convKernel = read.positiveInteger(config, 'linear_conv_kernel_dim', 4);
  let stateBytesPerElement = torchDtype === 'fp32' ? 4 : 2;
  const ssm = config.mamba_ssm_dtype;
  if (ssm === undefined || ssm === null) {
    read.warnings.push({
      code: 'config-field-defaulted',
      path: 'mamba_ssm_dtype',
      details: { value: torchDtype },
    });
  } else if (typeof ssm === 'string' && STATE_DTYPE_BYTES[ssm] !== undefined) {
    stateBytesPerElement = STATE_DTYPE_BYTES[ssm] as number;
  } else {
    read.issues.push({
      code: 'config-field-invalid',
      path: 'mamba_ssm_dtype',
      details: { value: JSON.stringify(ssm), expected: Object.keys(STATE_DTYPE_BYTES).join(', ') },
    });
  }
  if (
    !linear ||
    keyHeads === undefined ||
    valueHeads === undefined ||
    keyHeadDim === undefined ||
    valueHeadDim === undefined ||
    convKernel === undefined
  ) {
    return undefined;
  }
  return { layers: linear, keyHeads, valueHeads, keyHeadDim, valueHeadDim, convKernel, stateBytesPerElement };
}

interface DeepseekShape {
  mla: NonNullable<ModelConfig['mla']>;
  denseLayers?: ModelConfig['denseLayers'];
  sharedExpertIntermediateSize?: number;
}

/**
 * DeepSeek's MLA and MoE layout, as transformers' DeepseekV3Config (and V2's) define it: `kv_lora_rank`,
 * `q_lora_rank` (null: no query compression, V2-Lite), `qk_nope_head_dim`, `qk_rope_head_dim`,
 * `v_head_dim`; `first_k_dense_replace` dense layers of `intermediate_size`; `n_shared_experts` ×
 * `moe_intermediate_size` shared; an MoE layer every `moe_layer_freq` (only 1 is modelled).
 */
function readDeepseek(
  config: RawConfig,
  family: Family | undefined,
  layers: number | undefined,
  expertWidth: number | undefined,
  read: FieldReader,
): DeepseekShape | undefined {
  if (!family?.deepseek) return undefined;
  const kvLoraRank = read.positiveInteger(config, 'kv_lora_rank');
  const qkRopeHeadDim = read.positiveInteger(config, 'qk_rope_head_dim');
  const qkNopeHeadDim = read.positiveInteger(config, 'qk_nope_head_dim');
  const vHeadDim = read.positiveInteger(config, 'v_head_dim');
  const qLoraRank = read.positiveInteger(config, 'q_lora_rank', 0);
  const firstDense = config.first_k_dense_replace ?? 0;
  const dense = firstDense === 0 ? 0 : read.positiveInteger(config, 'first_k_dense_replace');
  const denseWidth = dense ? read.positiveInteger(config, 'intermediate_size') : undefined;
  const shared = config.n_shared_experts ?? 0;
  const sharedExperts = shared === 0 ? 0 : read.positiveInteger(config, 'n_shared_experts');
  const freq = read.positiveInteger(config, 'moe_layer_freq', 1);
  if (freq !== undefined && freq !== 1) {
    read.issues.push({
      code: 'config-architecture-unsupported',
      path: 'moe_layer_freq',
      details: { modelType: String(config.model_type), feature: `an MoE layer every ${freq} layers` },
    });
  }
  if (layers !== undefined && dense !== undefined && dense >= layers) {
    read.issues.push({
      code: 'config-inconsistent',
      path: 'first_k_dense_replace',
      details: { firstKDenseReplace: dense, numHiddenLayers: layers },
    });
  }
  if (
    kvLoraRank === undefined ||
    qkRopeHeadDim === undefined ||
    qkNopeHeadDim === undefined ||
    vHeadDim === undefined ||
    qLoraRank === undefined ||
    dense === undefined ||
    sharedExperts === undefined ||
    expertWidth === undefined ||
    (dense > 0 && denseWidth === undefined)
  ) {
    return undefined;
  }
  return {
    mla: { kvLoraRank, qkRopeHeadDim, qLoraRank, qkNopeHeadDim, vHeadDim },
    ...(dense > 0 && denseWidth !== undefined
      ? { denseLayers: { layers: dense, intermediateSize: denseWidth } }
      : {}),
    ...(sharedExperts > 0 ? { sharedExpertIntermediateSize: sharedExperts * expertWidth } : {}),
  };
}

/** Warnings for config features the ModelConfig shape cannot express. */
function approximationWarnings(config: RawConfig, modelType: SupportedModelType): Issue[] {
  const warnings: Issue[] = [];
  const denseLayers = config.mlp_only_layers;
  const sparseStep = config.decoder_sparse_step;
  if (
    (modelType === 'qwen3_moe' || modelType === 'qwen3_5_moe_text' || modelType === 'qwen3_next') &&
    ((Array.isArray(denseLayers) && denseLayers.length > 0) || (sparseStep !== undefined && sparseStep !== 1))
  ) {
    warnings.push({
      code: 'config-approximated',
      path: 'mlp_only_layers',
      message: 'every layer is treated as a mixture-of-experts layer',
    });
  }
  return warnings;
}

/** Multimodal checkpoints planned as their text model plus their vision encoder's resident weights. */
const MULTIMODAL: Readonly<Record<string, 'qwen3_5_text' | 'qwen3_5_moe_text'>> = {
  qwen3_5: 'qwen3_5_text',
  qwen3_5_moe: 'qwen3_5_moe_text',
};

/**
 * A Qwen3.5 checkpoint with its vision encoder: its `text_config` parsed as the text model (the top
 * level's `quantization_config` and `tie_word_embeddings` apply to it), plus the encoder's parameters
 * (`qwen3VlVisionParameterCount`) as resident weights. Issues name fields under `text_config.`.
 */
function parseMultimodal(
  config: RawConfig,
  textType: string,
  id: string,
  sources: Source[] | undefined,
  hfQuantConfig: unknown,
): Result<ModelConfig> {
  const text = config.text_config;
  if (typeof text !== 'object' || text === null || Array.isArray(text)) {
    return fail({ code: 'config-field-missing', path: 'text_config', details: { id } });
  }
  const inherited = Object.fromEntries(
    (['quantization_config', 'tie_word_embeddings'] as const)
      .filter((k) => config[k] !== undefined && (text as RawConfig)[k] === undefined)
      .map((k) => [k, config[k]]),
  );
  const parsed = parseHfConfig({ model_type: textType, ...text, ...inherited }, id, sources, hfQuantConfig);
  const vision = qwen3VlVisionParameterCount(config.vision_config);
  const under = (issue: Issue): Issue =>
    issue.path && !issue.path.startsWith('vision_config')
      ? { ...issue, path: `text_config.${issue.path}` }
      : issue;
  const visionIssues = vision.issues.map((issue) => ({ ...issue, details: { id, ...issue.details } }));
  if (!parsed.ok || vision.count === undefined) {
    return fail(...(parsed.ok ? [] : parsed.issues.map(under)), ...visionIssues);
  }
  return ok({ ...parsed.value, encoderParameterCount: vision.count }, parsed.warnings.map(under));
}

/**
 * Maps a Hugging Face `config.json` (already JSON-decoded) to a ModelConfig, listing every bad field by
 * its name. Supports the decoder-only families in SUPPORTED_MODEL_TYPES.
 */
export function parseHfConfig(
  raw: unknown,
  id: string,
  sources?: Source[],
  hfQuantConfig?: unknown,
): Result<ModelConfig> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail({
      code: 'config-not-object',
      details: { id, received: Array.isArray(raw) ? 'array' : typeof raw },
    });
  }
  const config = raw as RawConfig;
  const multimodal = typeof config.model_type === 'string' ? MULTIMODAL[config.model_type] : undefined;
  if (multimodal) return parseMultimodal(config, multimodal, id, sources, hfQuantConfig);
  const read = new FieldReader();
  const modelType = readModelType(config, read);
  const refused = read.issues.find((issue) => issue.code === 'config-architecture-unsupported');
  if (refused) return fail({ ...refused, details: { id, ...refused.details } });
  const family = modelType ? FAMILIES[modelType] : undefined;

  const numHiddenLayers = read.positiveInteger(config, 'num_hidden_layers');
  const hiddenSize = read.positiveInteger(config, 'hidden_size');
  const vocabSize = read.positiveInteger(config, 'vocab_size');
  const maxPositionEmbeddings = read.positiveInteger(config, 'max_position_embeddings');
  const intermediateSize = family ? read.positiveInteger(config, family.intermediateKey) : undefined;
  const shape = readShape(config, family, hiddenSize, read);
  const slidingWindow = readSlidingWindow(config, family, numHiddenLayers, read);
  const deepseek = readDeepseek(config, family, numHiddenLayers, intermediateSize, read);
  const llama4 = readLlama4(config, family, numHiddenLayers, intermediateSize, read);
  const torchDtype = readDtype(config, read);
  const linearAttention = readLinearAttention(config, family, numHiddenLayers, torchDtype, read);
  // Qwen3.5 and Qwen3-Next gate their attention output (Qwen3-Next always; Qwen3.5 by attn_output_gate).
  const attentionOutputGate = family?.fullAttentionInterval
    ? read.boolean(config, 'attn_output_gate', true)
    : false;
  const sharedExpertIntermediateSize = family?.sharedExpertKey
    ? read.positiveInteger(config, family.sharedExpertKey)
    : undefined;
  const tieWordEmbeddings = read.boolean(
    config,
    'tie_word_embeddings',
    family?.tieWordEmbeddingsDefault ?? false,
  );
  const biases = family?.biases(config, read);
  const wordEmbedProjDim =
    modelType === 'opt' ? read.positiveInteger(config, 'word_embed_proj_dim', hiddenSize ?? 0) : 0;
  const quantization = readCheckpointQuantization(config, hfQuantConfig);
  read.issues.push(...quantization.issues);

  if (
    read.issues.length > 0 ||
    !modelType ||
    !family ||
    !biases ||
    !shape ||
    numHiddenLayers === undefined ||
    hiddenSize === undefined ||
    vocabSize === undefined ||
    maxPositionEmbeddings === undefined ||
    intermediateSize === undefined ||
    wordEmbedProjDim === undefined
  ) {
    return fail(...read.issues.map((issue) => ({ ...issue, details: { id, ...issue.details } })));
  }
  const model: ModelConfig = {
    id,
    modelType,
    numHiddenLayers,
    hiddenSize,
    intermediateSize,
    numAttentionHeads: shape.heads,
    numKeyValueHeads: shape.kvHeads,
    headDim: shape.headDim,
    vocabSize,
    maxPositionEmbeddings,
    contextLengthTokens: derivedContextLength(config)?.tokens ?? maxPositionEmbeddings,
    tieWordEmbeddings,
    gatedMlp: family.gatedMlp,
    ...biases,
    normKind: family.normKind,
    learnedPositionEmbeddingRows: modelType === 'opt' ? maxPositionEmbeddings + 2 : 0,
    wordEmbedProjDim: wordEmbedProjDim === hiddenSize ? 0 : wordEmbedProjDim,
    ...(slidingWindow ? { slidingWindow } : {}),
    ...(linearAttention ? { linearAttention } : {}),
    ...(attentionOutputGate ? { attentionOutputGate } : {}),
    ...(sharedExpertIntermediateSize ? { sharedExpertIntermediateSize } : {}),
    ...(deepseek ?? {}),
    ...(llama4 ?? {}),
    ...(deepseek ? { headDim: deepseek.mla.qkNopeHeadDim + deepseek.mla.qkRopeHeadDim } : {}),
    numLocalExperts: shape.experts,
    numExpertsPerTok: shape.expertsPerTok,
    torchDtype,
    ...(quantization.quantization ? { quantization: quantization.quantization } : {}),
    sources: sources ?? [{ title: `Hugging Face config.json of ${id}` }],
  };
  const warnings = [...read.warnings, ...approximationWarnings(config, modelType)];
  return ok(
    model,
    warnings.map((warning) => ({ ...warning, details: { id, ...warning.details } })),
  );
}
