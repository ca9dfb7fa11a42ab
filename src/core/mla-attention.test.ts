import { describe, expect, it } from 'vitest';
import { deepseekV3 } from './fixtures/models.js';
import { kvCacheBytesPerToken } from './kv-cache.js';
import { layerAttentionWork, layerGemmShapes } from './layer-operators.js';
import { mlaParameterCount } from './mla-attention.js';
import { activeParameterCount, parameterCount } from './parameter-count.js';

const mla = deepseekV3.mla as NonNullable<typeof deepseekV3.mla>;

describe('multi-head latent attention and DeepSeek-MoE (DeepSeek-V3)', () => {
  it('caches 61 × (512 + 64) × 2 B = 70,272 B per token in bf16', () => {
    expect(kvCacheBytesPerToken(deepseekV3, 2)).toBe(70_272);
  });

  it('an MLA block holds q_a, its norm, q_b, kv_a, its norm, kv_b and o: 187,107,328 parameters', () => {
    const expected =
      7168 * 1536 + 1536 + 1536 * 128 * 192 + 7168 * 576 + 512 + 512 * 128 * 256 + 128 * 128 * 7168;
    expect(mlaParameterCount(deepseekV3, mla)).toBe(expected);
    expect(expected).toBe(187_107_328);
  });

  it('counts 671.0 B parameters: 3 dense layers, 58 MoE layers (256 routed + 1 shared expert + router), MLA, untied embeddings', () => {
    const moeLayer = 256 * 3 * 7168 * 2048 + 3 * 7168 * 2048 + 7168 * 256;
    const expected =
      61 * 187_107_328 + 3 * 3 * 7168 * 18_432 + 58 * moeLayer + 61 * 2 * 7168 + 2 * 129_280 * 7168 + 7168;
    expect(parameterCount(deepseekV3)).toBe(expected);
    expect(parameterCount(deepseekV3)).toBe(671_026_404_352);
    // 37 B active per token, as DeepSeek publishes: the 248 idle routed experts of each MoE layer drop out.
    expect(activeParameterCount(deepseekV3)).toBe(expected - 58 * 248 * 3 * 7168 * 2048);
    expect(Math.floor(activeParameterCount(deepseekV3) / 1e9)).toBe(37);
  });

  it('decode is absorbed: 16 heads per GPU at TP 8 score and sum 8,192 context tokens against one latent read once', () => {
    const w = layerAttentionWork(deepseekV3, 'bf16', 8, {
      kind: 'decode',
      sequences: 4,
      contextTokens: 8192,
    });
    expect(w.flop).toBe(8192 * 16 * (2 * 576 + 2 * 512));
    expect(w.bytes).toBe(8192 * 576 * 2 + 4 * 16 * (576 + 512) * 2 + 4 * 576 * 2);
  });

  it('prefill runs on decompressed heads: 2 · (192 + 128) FLOP per token pair and head', () => {
    const w = layerAttentionWork(deepseekV3, 'bf16', 1, {
      kind: 'prefill',
      tokens: 1000,
      tokenPairs: 500_000,
    });
    expect(w.flop).toBe(500_000 * 128 * 2 * 320);
  });

  it('GEMMs: the MLA projections, the routed experts, the shared expert and the dense MLP, on their layers’ shares', () => {
    const shapes = layerGemmShapes(deepseekV3, 8, 64);
    expect(shapes.slice(0, 5)).toEqual([
      { m: 64, n: 1536, k: 7168, count: 1 },
      { m: 64, n: 16 * 192, k: 1536, count: 1 },
      { m: 64, n: 576, k: 7168, count: 1 },
      { m: 64, n: 16 * 256, k: 512, count: 1 },
      { m: 64, n: 7168, k: 16 * 128, count: 1 },
    ]);
    expect(shapes[7]).toEqual({ m: 64, n: 2 * 256, k: 7168, count: 58 / 61 });
    expect(shapes[9]).toMatchObject({ n: 2 * 2304, k: 7168 });
    expect(shapes[9]?.count).toBeCloseTo(3 / 61, 12);
  });
});
