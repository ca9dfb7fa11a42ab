import type { Issue } from '../core/issue.js';
import { kvCacheBytesPerToken } from '../core/kv-cache.js';
import type { ModelConfig } from '../core/model-config.js';

type Raw = Readonly<Record<string, unknown>>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Counts of each `layer_types` entry, e.g. `full_attention 16, linear_attention 48`. */
function layerTypeCounts(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const counts = new Map<string, number>();
  for (const t of value) counts.set(String(t), (counts.get(String(t)) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t} ${n}`).join(', ');
}

/**
 * MLA KV bytes per token in bf16 (DeepSeek-V2/V3): layers × (kv_lora_rank + qk_rope_head_dim) × 2 B —
 * 61 × (512 + 64) × 2 = 70,272 for DeepSeek-V3, against 2 × 61 × 128 heads × 192 × 2 B = 5,996,544 had
 * every head its own K and V.
 */
export function mlaKvBytesPerTokenBf16(config: Raw): number | undefined {
  const layers = num(config.num_hidden_layers);
  const kvLoraRank = num(config.kv_lora_rank);
  const qkRopeHeadDim = num(config.qk_rope_head_dim);
  if (layers === undefined || kvLoraRank === undefined || qkRopeHeadDim === undefined) return undefined;
  const shape = { numHiddenLayers: layers, mla: { kvLoraRank, qkRopeHeadDim } } as ModelConfig;
  return kvCacheBytesPerToken(shape, 2);
}

/**
 * A precise refusal for a current architecture the ModelConfig shape cannot express yet: which fields
 * carry the feature, what it changes in memory and KV, and its KV bytes where they are known. Undefined
 * for model types without a known reason (they get the generic unsupported-model-type issue).
 */
export function architectureRefusal(config: Raw, modelType: string): Issue | undefined {
  const text = typeof config.text_config === 'object' && config.text_config !== null;
  const t = (text ? config.text_config : config) as Raw;
  const where = (field: string) => (text ? `text_config.${field}` : field);
  const refuse = (field: string, feature: string, details: Record<string, string | number> = {}): Issue => ({
    code: 'config-architecture-unsupported',
    path: where(field),
    details: { modelType, feature, ...details },
  });
  if (modelType === 'deepseek_v32') {
    const kv = mlaKvBytesPerTokenBf16(t);
    return refuse(
      'index_topk',
      `DeepSeek sparse attention: a lightning indexer (index_n_heads ${String(t.index_n_heads ?? '?')}) picks ` +
        `${String(t.index_topk ?? '?')} tokens per query for MLA to attend to`,
      kv !== undefined ? { kvBytesPerTokenBf16: kv } : {},
    );
  }
  if (modelType.startsWith('deepseek_v'))
    return refuse(
      'compress_ratios',
      'DeepSeek-V4 attention: per-layer KV compression (compress_ratios), a sparse indexer (index_topk) and ' +
        `a ${String(t.sliding_window ?? '?')}-token window, with hash-routed layers`,
    );
  if (modelType === 'kimi_k25')
    return {
      code: 'config-architecture-unsupported',
      path: 'vision_config',
      details: {
        modelType,
        feature:
          'a vision encoder (its weights and image tokens; the text model alone — text_config, model_type ' +
          'kimi_k2 — is modelled with its MLA)',
      },
    };
  if (modelType === 'llama4')
    return {
      code: 'config-architecture-unsupported',
      path: 'vision_config',
      details: {
        modelType,
        feature:
          'a vision encoder (its weights and image tokens; the text model alone — text_config, model_type ' +
          `llama4_text — is modelled with its ${String(t.attention_chunk_size ?? '?')}-token attention chunks)`,
      },
    };
  if (modelType === 'gemma3')
    return {
      code: 'config-architecture-unsupported',
      path: 'vision_config',
      details: {
        modelType,
        feature:
          'a vision encoder (its weights and image tokens; the text model alone, model_type gemma3_text, ' +
          'is modelled with its sliding-window layers)',
      },
    };
  if (modelType.startsWith('gemma4'))
    return refuse(
      'global_head_dim',
      `Gemma-4: global layers with their own head size (global_head_dim ${String(t.global_head_dim ?? '?')}, ` +
        `num_global_key_value_heads ${String(t.num_global_key_value_heads ?? '?')}, attention_k_eq_v) ` +
        `beside sliding-window layers (window ${String(t.sliding_window ?? '?')}: ` +
        `${layerTypeCounts(t.layer_types) ?? 'sliding_window_pattern'})`,
    );
  return undefined;
}
