import { describe, expect, it } from 'vitest';
import { deepseekV3, gemma3_1b, llama31_8b, opt27b } from './fixtures/models.js';
import { activationBytes, kvCacheBytesPerGpu, memoryBreakdown, weightsBytesPerGpu } from './memory.js';

const batch = { batchSize: 16, inputTokens: 1024, outputTokens: 128 };

describe('memory', () => {
  it('weights of Llama-3.1-8B take 2 bytes per parameter in bf16 and ~0.53 in int4', () => {
    expect(weightsBytesPerGpu(llama31_8b, 'bf16', 1)).toBe(8_030_261_248 * 2);
    expect(weightsBytesPerGpu(llama31_8b, 'int4', 1)).toBeCloseTo(8_030_261_248 * 0.53125, 0);
    expect(weightsBytesPerGpu(llama31_8b, 'bf16', 2)).toBe(8_030_261_248);
  });

  it('KV of a 16 × (1024 + 128) batch of Llama-3.1-8B is 16 × 1152 × 131072 bytes', () => {
    expect(kvCacheBytesPerGpu(llama31_8b, 'bf16', batch, 1)).toBe(16 * 1152 * 131_072);
  });

  it('KV dtype is chosen apart from the weights: bf16 weights with an fp8 cache hold 16 × 1152 × 65536 bytes', () => {
    expect(kvCacheBytesPerGpu(llama31_8b, 'bf16', batch, 1, 'fp8')).toBe(16 * 1152 * 65_536);
    // fp8 weights keep an fp8 cache unless told otherwise; `auto` keeps vLLM's 16-bit cache.
    expect(kvCacheBytesPerGpu(llama31_8b, 'fp8', batch, 1)).toBe(16 * 1152 * 65_536);
    expect(kvCacheBytesPerGpu(llama31_8b, 'fp8', batch, 1, 'auto')).toBe(16 * 1152 * 131_072);
    expect(kvCacheBytesPerGpu(llama31_8b, 'int4', batch, 1)).toBe(16 * 1152 * 131_072);
  });

  it('Gemma-3-1B’s sliding-window layers hold only 512 tokens: 16 × (4 × 1152 + 22 × 512) × 1,024 B, a global layer’s share per layer', () => {
    const m = memoryBreakdown({
      model: gemma3_1b,
      precision: 'bf16',
      batch,
      gpuMemoryBytes: 24e9,
      tensorParallel: 1,
      gpuMemoryUtilization: 0.9,
    });
    expect(m.kvCacheBytes).toBe(16 * (4 * 1152 + 22 * 512) * 1024);
    expect(m.kvCacheBytes).toBe(260_046_848);
    // The offload granularity is the largest layer: a global one holds all 1152 tokens.
    expect(m.kvCacheBytesPerLayer).toBe(16 * 1152 * 1024);
  });

  it('activations: 16 × 1024 tokens × (2 × 4096 + 2 × 14336) × 2 B + fp32 logits', () => {
    const expected = 16 * 1024 * (2 * 4096 + 2 * 14336) * 2 + 16 * 128_256 * 4;
    expect(activationBytes(llama31_8b, 'bf16', batch, 1)).toBe(expected);
  });

  it('DeepSeek-V3’s widest activation is its dense layers’ gated MLP, 2 × 18,432, wider than kv_b’s 128 × 256 and the MoE layers’ 2 × (8 × 2,048 + 2,048)', () => {
    const b = { batchSize: 1, inputTokens: 100, outputTokens: 0 };
    expect(activationBytes(deepseekV3, 'bf16', b, 1)).toBe(100 * (2 * 7168 + 36_864) * 2 + 129_280 * 4);
  });

  it('keeps (1 − utilization) of the GPU as runtime reserve', () => {
    const m = memoryBreakdown({
      model: opt27b,
      precision: 'fp16',
      batch,
      gpuMemoryBytes: 24e9,
      tensorParallel: 1,
      gpuMemoryUtilization: 0.9,
    });
    expect(m.usableBytes).toBeCloseTo(21.6e9, 0);
    expect(m.reserveBytes).toBeCloseTo(2.4e9, 0);
    expect(m.kvCacheBytesPerLayer * opt27b.numHiddenLayers).toBe(m.kvCacheBytes);
  });
});
