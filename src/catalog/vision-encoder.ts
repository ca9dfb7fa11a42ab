import type { Issue } from '../core/issue.js';

type Raw = Readonly<Record<string, unknown>>;

const VISION_FIELDS = [
  'depth',
  'hidden_size',
  'intermediate_size',
  'in_channels',
  'patch_size',
  'temporal_patch_size',
  'num_position_embeddings',
  'out_hidden_size',
  'spatial_merge_size',
] as const;

/**
 * Parameters of a Qwen3-VL-style vision encoder (Qwen3.5's `vision_config`; transformers'
 * Qwen3VLVisionModel): a Conv3d patch embedding with bias (in_channels × temporal_patch × patch² → h),
 * learned position embeddings (num_position_embeddings × h), `depth` blocks of two LayerNorms, fused qkv
 * and proj with biases and a two-matrix MLP (h → i → h) with biases, then the patch merger — a LayerNorm
 * (h), fc1 (4h → 4h for a 2 × 2 merge) and fc2 (→ out_hidden_size), with biases — plus one merger with a
 * post-shuffle norm (4h) per `deepstack_visual_indexes` entry. Its weights stay resident; text-only
 * requests never run it. Issues name the field under `vision_config.`.
 */
export function qwen3VlVisionParameterCount(vision: unknown): { count?: number; issues: Issue[] } {
  if (typeof vision !== 'object' || vision === null || Array.isArray(vision)) {
    return { issues: [{ code: 'config-field-missing', path: 'vision_config' }] };
  }
  const v = vision as Raw;
  const issues: Issue[] = [];
  const f: Partial<Record<(typeof VISION_FIELDS)[number], number>> = {};
  for (const key of VISION_FIELDS) {
    const value = v[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) f[key] = value;
    else if (value === undefined || value === null)
      issues.push({ code: 'config-field-missing', path: `vision_config.${key}` });
    else {
      issues.push({
        code: 'config-field-invalid',
        path: `vision_config.${key}`,
        details: { value: JSON.stringify(value), expected: 'a positive integer' },
      });
    }
  }
  const deepstack = Array.isArray(v.deepstack_visual_indexes) ? v.deepstack_visual_indexes.length : 0;
  if (issues.length > 0) return { issues };
  const h = f.hidden_size as number;
  const i = f.intermediate_size as number;
  const patch =
    (f.in_channels as number) * (f.temporal_patch_size as number) * (f.patch_size as number) ** 2 * h + h;
  const positions = (f.num_position_embeddings as number) * h;
  const block = 2 * 2 * h + (h * 3 * h + 3 * h) + (h * h + h) + (h * i + i) + (i * h + h);
  const merged = h * (f.spatial_merge_size as number) ** 2;
  const out = f.out_hidden_size as number;
  const merger = (norm: number) => 2 * norm + (merged * merged + merged) + (merged * out + out);
  return {
    count: patch + positions + (f.depth as number) * block + merger(h) + deepstack * merger(merged),
    issues,
  };
}
