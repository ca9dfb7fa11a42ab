import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { Family } from './hf-config-families.js';
import type { FieldReader, RawConfig } from './hf-config-fields.js';

// The layer kinds a config may mix: sliding-window and chunked attention (Gemma-2/3, Llama-4), linear
// attention (Qwen3.5, Qwen3-Next), MLA and DeepSeek-MoE — read for parseHfConfig (parse-hf-config.ts).

/**
 * How many of `layers` the config's `layer_types` marks `kind` (the other allowed entry being
 * `full_attention`); without `layer_types`, from the period: layer i is full when (i + 1) % period = 0.
 * Undefined (with the issue recorded) when the list is bad.
 */
export function countLayersOfKind(
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
export function readSlidingWindow(
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

export interface Llama4Shape {
  slidingWindow?: ModelConfig['slidingWindow'];
  denseLayers?: ModelConfig['denseLayers'];
  sharedExpertIntermediateSize: number;
}

/** A list of 0/1 (or booleans) as long as the model's layers: how many are 1; undefined and an issue when bad. */
export function countFlags(
  config: RawConfig,
  key: string,
  layers: number,
  read: FieldReader,
): number | undefined {
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
export function readLlama4(
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

export const STATE_DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, bfloat16: 2, float16: 2 };

/**
 * Qwen3.5's Gated DeltaNet layers, as transformers' Qwen3_5TextConfig and Qwen3NextConfig define them:
 * `layer_types` (`linear_attention` or `full_attention`), else `full_attention_interval`; the heads and
 * dims from `linear_num_key_heads`, `linear_num_value_heads`, `linear_key_head_dim`,
 * `linear_value_head_dim`, `linear_conv_kernel_dim` (default 4); the recurrent state's dtype from
 * `mamba_ssm_dtype`, which vLLM follows for Qwen3.5 (absent: the model's dtype, warned).
 */
export function readLinearAttention(
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

export interface DeepseekShape {
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
export function readDeepseek(
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
