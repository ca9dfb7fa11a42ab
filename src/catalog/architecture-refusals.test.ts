import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kvCacheBytesPerToken } from '../core/kv-cache.js';
import { activeParameterCount, parameterCount } from '../core/parameter-count.js';
import { describeIssue } from '../messages/messages.js';
import { mlaKvBytesPerTokenBf16 } from './architecture-refusals.js';
import { parseHfConfig } from './parse-hf-config.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data/model-configs/aiconfigurator-hf-configs');
const file = (name: string) => resolve(SHARED, name);
const json = (name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as Record<string, unknown>;
const withShared = (name: string) => it.skipIf(!existsSync(file(name)));

function refusal(name: string) {
  const result = parseHfConfig(json(name), name);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('parsed');
  expect(result.issues).toHaveLength(1);
  return result.issues[0] as NonNullable<(typeof result.issues)[0]>;
}

describe('current architectures: MLA parsed, and precise refusals for what is not modelled yet', () => {
  it('DeepSeek-V3’s MLA KV, hand-worked: 61 × (512 + 64) × 2 B = 70,272 bytes per token in bf16', () => {
    const v3 = { num_hidden_layers: 61, kv_lora_rank: 512, qk_rope_head_dim: 64 };
    expect(mlaKvBytesPerTokenBf16(v3)).toBe(70_272);
  });

  withShared('deepseek-ai--DeepSeek-V3_config.json')(
    'the published DeepSeek-V3 config parses: MLA, 3 dense layers, 1 shared expert, fp8 blocks; 70,272 B of KV per token in bf16',
    () => {
      const result = parseHfConfig(json('deepseek-ai--DeepSeek-V3_config.json'), 'deepseek-ai/DeepSeek-V3');
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      expect(result.value).toMatchObject({
        modelType: 'deepseek_v3',
        headDim: 192,
        mla: { kvLoraRank: 512, qkRopeHeadDim: 64, qLoraRank: 1536, qkNopeHeadDim: 128, vHeadDim: 128 },
        denseLayers: { layers: 3, intermediateSize: 18_432 },
        sharedExpertIntermediateSize: 2048,
        numLocalExperts: 256,
        numExpertsPerTok: 8,
        intermediateSize: 2048,
        quantization: { precision: 'fp8' },
      });
      expect(kvCacheBytesPerToken(result.value, 2)).toBe(70_272);
      expect(mlaKvBytesPerTokenBf16(json('deepseek-ai--DeepSeek-V3_config.json'))).toBe(70_272);
      // DeepSeek publishes 671 B parameters (685 B with the multi-token-prediction layer, not loaded by default).
      expect(Math.round(parameterCount(result.value) / 1e9)).toBe(671);
    },
  );

  withShared('moonshotai--Kimi-K2-Instruct_config.json')(
    'Kimi-K2 parses as MLA with 384 experts and 1 dense layer',
    () => {
      const result = parseHfConfig(
        json('moonshotai--Kimi-K2-Instruct_config.json'),
        'moonshotai/Kimi-K2-Instruct',
      );
      expect(result.ok && result.value).toMatchObject({ numLocalExperts: 384, denseLayers: { layers: 1 } });
    },
  );

  withShared('deepseek-ai--DeepSeek-V3.2_config.json')(
    'DeepSeek-V3.2: its sparse attention refused naming index_topk, with its MLA KV bytes per token',
    () => {
      const issue = refusal('deepseek-ai--DeepSeek-V3.2_config.json');
      expect(issue).toMatchObject({
        code: 'config-architecture-unsupported',
        path: 'index_topk',
        details: { modelType: 'deepseek_v32', kvBytesPerTokenBf16: 70_272 },
      });
      expect(describeIssue(issue)).toContain('70,272 bytes per token in bf16');
    },
  );

  withShared('deepseek-ai--DeepSeek-V4-Flash_config.json')(
    'DeepSeek-V4: refused naming compress_ratios',
    () => {
      expect(refusal('deepseek-ai--DeepSeek-V4-Flash_config.json').path).toBe('compress_ratios');
    },
  );

  withShared('meta-llama--Llama-4-Scout-17B-16E-Instruct_config.json')(
    'Llama-4 with its vision encoder: refused naming vision_config, pointing to its text model',
    () => {
      const issue = refusal('meta-llama--Llama-4-Scout-17B-16E-Instruct_config.json');
      expect(issue.path).toBe('vision_config');
      expect(String(issue.details?.feature)).toContain('llama4_text');
      expect(String(issue.details?.feature)).toContain('8192-token attention chunks');
    },
  );

  const llama4 = [
    ['meta-llama--Llama-4-Scout-17B-16E-Instruct_config.json', 108, 17, undefined],
    [
      'meta-llama--Llama-4-Maverick-17B-128E-Instruct_config.json',
      401,
      17,
      { layers: 24, intermediateSize: 16_384 },
    ],
  ] as const;
  for (const [name, total, active, dense] of llama4) {
    withShared(name)(
      `${name}: its text_config parses — 36 of 48 layers chunked over 8,192 tokens, a shared expert — to ${total} B (${active} B active; the vision encoder apart)`,
      () => {
        const result = parseHfConfig(json(name).text_config, name);
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        expect(result.value.slidingWindow).toEqual({ layers: 36, windowTokens: 8192 });
        expect(result.value.denseLayers).toEqual(dense);
        expect(result.value.sharedExpertIntermediateSize).toBe(8192);
        // KV grows in the 12 global layers only: 12 × 2 × 8 × 128 × 2 B per token.
        expect(kvCacheBytesPerToken(result.value, 2)).toBe(49_152);
        expect(Math.round(parameterCount(result.value) / 1e9)).toBe(total);
        expect(Math.round(activeParameterCount(result.value) / 1e9)).toBe(active);
      },
    );
  }

  withShared('google--gemma-4-26B-A4B_config.json')(
    'Gemma-4: refused naming its global layers’ own head size, with the sliding-window layer counts',
    () => {
      const issue = refusal('google--gemma-4-26B-A4B_config.json');
      expect(issue.path).toBe('text_config.global_head_dim');
      expect(String(issue.details?.feature)).toContain('global_head_dim 512');
      expect(String(issue.details?.feature)).toContain('window 1024');
      expect(String(issue.details?.feature)).toContain('sliding_attention 25, full_attention 5');
    },
  );

  withShared('Qwen--Qwen3.5-27B_config.json')(
    'Qwen3.5-27B as published (with its vision encoder): the text model plus 460,730,096 resident encoder weights',
    () => {
      const result = parseHfConfig(json('Qwen--Qwen3.5-27B_config.json'), 'Qwen/Qwen3.5-27B');
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      // patch 3·2·16²·1152 + 1152, positions 2304·1152, 27 blocks of 15,239,504, merger 44,838,656
      const block =
        4 * 1152 + (1152 * 3456 + 3456) + (1152 * 1152 + 1152) + (1152 * 4304 + 4304) + (4304 * 1152 + 1152);
      const merger = 2 * 1152 + (4608 * 4608 + 4608) + (4608 * 5120 + 5120);
      const encoder = 3 * 2 * 256 * 1152 + 1152 + 2304 * 1152 + 27 * block + merger;
      expect(encoder).toBe(460_730_096);
      expect(result.value.encoderParameterCount).toBe(encoder);
      expect(parameterCount(result.value)).toBe(26_895_990_272 + encoder);
      // A text token never runs the encoder.
      expect(activeParameterCount(result.value)).toBe(26_895_990_272);
      expect(result.value.linearAttention?.layers).toBe(48);
    },
  );

  it('a Qwen3.5 checkpoint’s bad fields are named under text_config. and vision_config.', () => {
    const result = parseHfConfig(
      { model_type: 'qwen3_5', text_config: { hidden_size: 5120 }, vision_config: { depth: 27 } },
      'm',
    );
    const paths = !result.ok ? result.issues.map((i) => i.path) : [];
    expect(paths).toContain('text_config.num_hidden_layers');
    expect(paths).toContain('vision_config.hidden_size');
  });

  withShared('Qwen--Qwen3.5-35B-A3B_config.json')(
    'Qwen3.5-35B-A3B as published: 35 B with its encoder, 3 B active',
    () => {
      const result = parseHfConfig(json('Qwen--Qwen3.5-35B-A3B_config.json'), 'Qwen/Qwen3.5-35B-A3B');
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      expect(Math.round(parameterCount(result.value) / 1e9)).toBe(35);
      expect(Math.round(activeParameterCount(result.value) / 1e9)).toBe(3);
    },
  );

  const qwen35 = [
    ['Qwen--Qwen3.5-27B_config.json', 27, 27],
    ['Qwen--Qwen3.5-35B-A3B_config.json', 35, 3],
    ['Qwen--Qwen3.5-122B-A10B_config.json', 122, 10],
    ['Qwen--Qwen3.5-397B-A17B_config.json', 396, 17],
  ] as const;
  for (const [name, total, active] of qwen35) {
    withShared(name)(
      `${name}: its text_config parses, hybrid layers and shared expert included, to the size its name gives (${total} B, ${active} B active; the vision encoder apart)`,
      () => {
        const text = json(name).text_config;
        const result = parseHfConfig(text, name);
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        expect(result.warnings).toEqual([]);
        expect(Math.round(parameterCount(result.value) / 1e9)).toBe(total);
        expect(Math.round(activeParameterCount(result.value) / 1e9)).toBe(active);
      },
    );
  }

  withShared('Qwen--Qwen3-30B-A3B_config.json')('Qwen3-MoE parses: 128 experts, 8 per token', () => {
    const result = parseHfConfig(json('Qwen--Qwen3-30B-A3B_config.json'), 'Qwen/Qwen3-30B-A3B');
    expect(result.ok && result.value).toMatchObject({ numLocalExperts: 128, numExpertsPerTok: 8 });
  });
});
