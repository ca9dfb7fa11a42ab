import { describe, expect, it } from 'vitest';
import { llama31_8b, opt27b } from './fixtures/models.js';
import { kvCacheBytesPerToken, kvCacheBytesPerTokenPerLayerPerGpu, kvHeadsPerGpu } from './kv-cache.js';

describe('kvCacheBytesPerToken', () => {
  it('is 131072 bytes for Llama-3.1-8B in bf16 (2 × 32 layers × 8 KV heads × 128 × 2 B)', () => {
    expect(kvCacheBytesPerToken(llama31_8b, 2)).toBe(131_072);
  });

  it('is 327680 bytes for OPT-2.7B in fp16 (2 × 32 × 32 heads × 80 × 2 B): headDim counts', () => {
    // The paper's Table II formula would give 2 × 32 heads × 2 B × 32 layers = 4096 — 80× too small.
    expect(kvCacheBytesPerToken(opt27b, 2)).toBe(327_680);
  });

  it('is 70272 bytes for DeepSeek-V3’s MLA in bf16: 61 layers × (kv_lora_rank 512 + qk_rope_head_dim 64) × 2 B', () => {
    const deepseekV3 = { ...llama31_8b, numHiddenLayers: 61, mla: { kvLoraRank: 512, qkRopeHeadDim: 64 } };
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
