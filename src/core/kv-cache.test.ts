import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemma3_1b, llama31_8b, opt27b } from './fixtures/models.js';
import {
  kvCacheBytesPerSequencePerGpu,
  kvCacheBytesPerToken,
  kvCacheBytesPerTokenPerLayerPerGpu,
  kvHeadsPerGpu,
  kvLayerTokens,
} from './kv-cache.js';

describe('kvCacheBytesPerToken', () => {
  it('is 131072 bytes for Llama-3.1-8B in bf16 (2 × 32 layers × 8 KV heads × 128 × 2 B)', () => {
    expect(kvCacheBytesPerToken(llama31_8b, 2)).toBe(131_072);
  });

  it('is 327680 bytes for OPT-2.7B in fp16 (2 × 32 × 32 heads × 80 × 2 B): headDim counts', () => {
    // The paper's Table II formula would give 2 × 32 heads × 2 B × 32 layers = 4096 — 80× too small.
    expect(kvCacheBytesPerToken(opt27b, 2)).toBe(327_680);
  });

  it('is 70272 bytes for DeepSeek-V3’s MLA in bf16: 61 layers × (kv_lora_rank 512 + qk_rope_head_dim 64) × 2 B', () => {
    const deepseekV3 = {
      ...llama31_8b,
      numHiddenLayers: 61,
      mla: { kvLoraRank: 512, qkRopeHeadDim: 64, qLoraRank: 1536, qkNopeHeadDim: 128, vHeadDim: 128 },
    };
    expect(kvCacheBytesPerToken(deepseekV3, 2)).toBe(61 * 576 * 2);
    expect(kvCacheBytesPerToken(deepseekV3, 2)).toBe(70_272);
    // The latent is shared by every head, so each GPU of a tensor-parallel group holds all of it.
    expect(kvCacheBytesPerTokenPerLayerPerGpu(deepseekV3, 2, 8)).toBe(576 * 2);
  });

  it('halves with an fp8 cache', () => {
    expect(kvCacheBytesPerToken(llama31_8b, 1)).toBe(65_536);
  });
});

describe('kvHeadsPerGpu', () => {
  it('splits 8 KV heads over 4 GPUs and replicates them past 8 GPUs', () => {
    expect(kvHeadsPerGpu(llama31_8b, 4)).toBe(2);
    expect(kvHeadsPerGpu(llama31_8b, 16)).toBe(1);
  });

  it('gives one GPU of a TP-2 group half a layer’s KV per token', () => {
    expect(kvCacheBytesPerTokenPerLayerPerGpu(llama31_8b, 2, 2)).toBe(131_072 / 32 / 2);
  });
});

describe('sliding-window layers (Gemma-3-1B: 4 global layers, 22 sliding over 512 tokens; 1 KV head × 256 in bf16)', () => {
  it('a token of context adds KV only in the global layers: 4 × 2 × 1 × 256 × 2 B = 4,096 B', () => {
    expect(kvCacheBytesPerToken(gemma3_1b, 2)).toBe(4096);
  });

  it('a sequence shorter than the window is held by every layer: 300 tokens × 26 layers × 1,024 B', () => {
    expect(kvLayerTokens(gemma3_1b, 300)).toBe(26 * 300);
    expect(kvCacheBytesPerSequencePerGpu(gemma3_1b, 2, 1, 300)).toBe(7_987_200);
  });

  it('past the window the local layers stop growing: 4,096 tokens hold (4 × 4,096 + 22 × 512) × 1,024 B = 28,311,552 B, 3.9× less than all-global', () => {
    expect(kvLayerTokens(gemma3_1b, 4096)).toBe(27_648);
    expect(kvCacheBytesPerSequencePerGpu(gemma3_1b, 2, 1, 4096)).toBe(28_311_552);
    expect(26 * 4096 * 1024).toBe(109_051_904);
  });

  it('a model without sliding layers holds layers × context, proportional to its tokens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (ctx) => {
        expect(kvLayerTokens(llama31_8b, ctx)).toBe(32 * ctx);
        expect(kvCacheBytesPerSequencePerGpu(llama31_8b, 2, 1, ctx)).toBe(
          kvCacheBytesPerToken(llama31_8b, 2) * ctx,
        );
      }),
    );
  });

  it('never holds more than all-global nor less than the global layers alone, and grows with the context', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000 }), (a, b) => {
        const t = kvLayerTokens(gemma3_1b, a);
        expect(t).toBeLessThanOrEqual(26 * a);
        expect(t).toBeGreaterThanOrEqual(4 * a);
        if (a <= b) expect(t).toBeLessThanOrEqual(kvLayerTokens(gemma3_1b, b));
      }),
    );
  });
});
