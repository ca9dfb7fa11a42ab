import { describe, expect, it } from 'vitest';
import { llama31_8b, qwen3_5_27b } from './fixtures/models.js';
import { kvCacheBytesPerSequencePerGpu, kvCacheBytesPerToken } from './kv-cache.js';
import { layerAttentionWork, layerGemmShapes } from './layer-operators.js';
import {
  linearAttentionParameterCount,
  linearAttentionStateBytesPerLayerPerGpu,
  linearAttentionWork,
} from './linear-attention.js';
import { parameterCount } from './parameter-count.js';

describe('Gated DeltaNet linear attention (Qwen3.5-27B: 48 linear layers of 16 key / 48 value heads × 128, 16 full)', () => {
  it('a linear layer keeps (16·128·2 + 48·128) × 3 × 2 B of conv state and 48 × 128 × 128 × 4 B (fp32) of recurrent state per sequence', () => {
    expect(linearAttentionStateBytesPerLayerPerGpu(qwen3_5_27b, 1)).toBe(10_240 * 3 * 2 + 48 * 128 * 128 * 4);
    expect(linearAttentionStateBytesPerLayerPerGpu(qwen3_5_27b, 1)).toBe(3_207_168);
    // Heads and conv channels split across a tensor-parallel group.
    expect(linearAttentionStateBytesPerLayerPerGpu(qwen3_5_27b, 2)).toBe(3_207_168 / 2);
    expect(linearAttentionStateBytesPerLayerPerGpu(llama31_8b, 1)).toBe(0);
  });

  it('only the 16 full-attention layers hold KV: 16 × 2 × 4 × 256 × 2 B = 65,536 B per token', () => {
    expect(kvCacheBytesPerToken(qwen3_5_27b, 2)).toBe(65_536);
  });

  it('a sequence of 4,096 tokens holds 65,536 × 4,096 B of KV plus 48 × 3,207,168 B of state = 422,379,520 B', () => {
    expect(kvCacheBytesPerSequencePerGpu(qwen3_5_27b, 2, 1, 4096)).toBe(268_435_456 + 153_944_064);
    expect(kvCacheBytesPerSequencePerGpu(qwen3_5_27b, 2, 1, 4096)).toBe(422_379_520);
  });

  it('counts 26,895,990,272 text-model parameters: gated full attention, linear mixers, MLPs, untied embeddings', () => {
    expect(linearAttentionParameterCount(qwen3_5_27b)).toBe(
      5120 * 16_384 + 5120 * 96 + 10_240 * 4 + 96 + 128 + 6144 * 5120,
    );
    const fullAttention = 5120 * 2 * 6144 + 2 * 5120 * 1024 + 6144 * 5120;
    const expected =
      16 * fullAttention + 48 * 115_876_064 + 64 * (3 * 5120 * 17_408 + 2 * 5120) + 2 * 248_320 * 5120 + 5120;
    expect(parameterCount(qwen3_5_27b)).toBe(expected);
    expect(parameterCount(qwen3_5_27b)).toBe(26_895_990_272);
  });

  it('decode: 6·dk·dv FLOP per value head and sequence, reading and writing each sequence’s state', () => {
    const w = linearAttentionWork(qwen3_5_27b, 1, 2, { kind: 'decode', sequences: 8 });
    expect(w.flop).toBe(8 * 48 * 6 * 128 * 128);
    expect(w.bytes).toBe(8 * (2 * 3_207_168 + (2 * 2048 + 2 * 6144) * 2));
  });

  it('prefill: adds the chunkwise intra-chunk term 2 · 64 · (dk + dv) per value head and token', () => {
    const w = linearAttentionWork(qwen3_5_27b, 1, 2, { kind: 'prefill', tokens: 1000 });
    expect(w.flop).toBe(1000 * 48 * (6 * 128 * 128 + 2 * 64 * 256));
  });

  it('the mean layer’s mixer is ¾ linear and ¼ full attention, GEMMs and attention alike', () => {
    const sums = { kind: 'decode' as const, sequences: 8, contextTokens: 8 * 4096 };
    const mean = layerAttentionWork(qwen3_5_27b, 'bf16', 1, sums);
    const full = layerAttentionWork({ ...qwen3_5_27b, linearAttention: undefined }, 'bf16', 1, sums);
    const linear = linearAttentionWork(qwen3_5_27b, 1, 2, { kind: 'decode', sequences: 8 });
    expect(mean.flop).toBeCloseTo(0.25 * full.flop + 0.75 * linear.flop, 0);
    expect(mean.bytes).toBeCloseTo(0.25 * full.bytes + 0.75 * linear.bytes, 0);
    const shapes = layerGemmShapes(qwen3_5_27b, 1, 16);
    // q_proj is twice as wide with the output gate: (2 × 24 + 2 × 4) × 256.
    expect(shapes[0]).toEqual({ m: 16, n: 56 * 256, k: 5120, count: 0.25 });
    expect(shapes[2]).toEqual({ m: 16, n: 16_384 + 96, k: 5120, count: 0.75 });
    expect(shapes[3]).toEqual({ m: 16, n: 5120, k: 6144, count: 0.75 });
  });
});
