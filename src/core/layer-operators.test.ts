import { describe, expect, it } from 'vitest';
import { gemma3_1b, llama31_8b, mixtral8x7b } from './fixtures/models.js';
import {
  allReduceMessageBytes,
  expectedActiveExperts,
  layerAttentionWork,
  layerGemmShapes,
  layerGemms,
  layerOperators,
  lmHeadWork,
  slidingWindowSums,
} from './layer-operators.js';

describe('expectedActiveExperts', () => {
  it('is E·(1 − (1 − k/E)^tokens) (hand-worked: 8 experts, top-2)', () => {
    expect(expectedActiveExperts(8, 2, 1)).toBeCloseTo(2, 12);
    // 8 · (1 − 0.75²) = 8 · 0.4375 = 3.5
    expect(expectedActiveExperts(8, 2, 2)).toBeCloseTo(3.5, 12);
    expect(expectedActiveExperts(8, 2, 10_000)).toBeCloseTo(8, 9);
    expect(expectedActiveExperts(1, 1, 5)).toBe(1);
  });
});

describe('layer GEMMs', () => {
  it('splits a dense Llama layer Megatron-style (hand-worked shapes at TP 2)', () => {
    // QKV: (16 + 2·4) heads · 128 = 3072; O: k = 16·128; gate+up 2 · 7168; down k = 7168
    expect(layerGemmShapes(llama31_8b, 2, 8)).toEqual([
      { m: 8, n: 3072, k: 4096, count: 1 },
      { m: 8, n: 4096, k: 2048, count: 1 },
      { m: 8, n: 14336, k: 4096, count: 1 },
      { m: 8, n: 4096, k: 7168, count: 1 },
    ]);
  });

  it('spreads a MoE layer over the experts its tokens touch (hand-worked: Mixtral, 2 tokens)', () => {
    // 2 tokens × top-2 = 4 routed rows over 3.5 expected experts → m = 4/3.5 per expert, 3.5 GEMMs each
    const [, , up, down] = layerGemmShapes(mixtral8x7b, 1, 2);
    expect(up).toEqual({ m: 4 / 3.5, n: 2 * 14336, k: 4096, count: 3.5 });
    expect(down).toEqual({ m: 4 / 3.5, n: 4096, k: 14336, count: 3.5 });
  });

  it('counts the work of each shape × count, bf16 (hand-worked: the MoE up projection)', () => {
    const up = layerGemms(mixtral8x7b, 'bf16', 1, 2)[2];
    // per expert: FLOP 2·(4/3.5)·28672·4096; bytes 4096·28672·2 + (4/3.5)·(4096 + 28672)·2
    const m = 4 / 3.5;
    expect(up?.flop).toBeCloseTo(3.5 * 2 * m * 28672 * 4096, 0);
    expect(up?.bytes).toBeCloseTo(3.5 * (4096 * 28672 * 2 + m * (4096 + 28672) * 2), 0);
  });
});

describe('LM head', () => {
  it('stays unquantized (16-bit weights) whatever the layers are quantized to, as vLLM runs it', () => {
    // 128,256 × 4096 weights at 2 B + (4096 in + 128,256 out) × 2 B for one sequence.
    const bytes = 128_256 * 4096 * 2 + (4096 + 128_256) * 2;
    for (const precision of ['bf16', 'fp8', 'int4'] as const) {
      expect(lmHeadWork(llama31_8b, precision, 1, 1)).toEqual({
        flop: 2 * 4096 * 128_256,
        bytes,
        serialBytes: 0,
      });
    }
  });
});

describe('layer attention and all-reduce', () => {
  it('adds the new tokens’ KV write to attention (hand-worked: one decode token at 1000, TP 1)', () => {
    // KV read 1000·2·8·128·2 = 4,096,000; Q+O 2·32·128·2 = 16,384; KV write 2·8·128·2 = 4096
    const w = layerAttentionWork(llama31_8b, 'bf16', 1, {
      kind: 'decode',
      sequences: 1,
      contextTokens: 1000,
    });
    expect(w.bytes).toBe(4_096_000 + 16_384 + 4096);
  });

  it('all-reduces tokens × hidden activations twice per layer, nothing on one GPU', () => {
    expect(allReduceMessageBytes(llama31_8b, 'bf16', 4, 100)).toBe(100 * 4096 * 2);
    expect(allReduceMessageBytes(llama31_8b, 'bf16', 1, 100)).toBe(0);
    const ops = layerOperators(llama31_8b, 'bf16', 2, {
      batchSize: 3,
      newTokens: 1,
      contextTokens: 10,
      kind: 'decode',
    });
    expect(ops.allReduceBytes).toBe(3 * 4096 * 2);
    expect(ops.contextKvBytes).toBe(3 * 10 * 2 * 4 * 128 * 2);
  });
});

describe('sliding-window attention (Gemma-3-1B: 4 global layers, 22 over a 512-token window; 4 heads × 256)', () => {
  it('decode: the local layers read at most 512 tokens per sequence — 26 layers do 4·4·256·(4·32,768 + 22·4,096) FLOP for 8 sequences at 4,096', () => {
    const w = layerAttentionWork(gemma3_1b, 'bf16', 1, {
      kind: 'decode',
      sequences: 8,
      contextTokens: 8 * 4096,
    });
    expect(w.flop * 26).toBeCloseTo(4 * 4 * 256 * (4 * 32_768 + 22 * 4096), 0);
    expect(w.flop * 26).toBeCloseTo(905_969_664, 0);
  });

  it('prefill: a local layer covers at most tokens × window pairs; below the window nothing changes', () => {
    expect(slidingWindowSums({ kind: 'prefill', tokens: 2048, tokenPairs: 2048 ** 2 / 2 }, 512)).toEqual({
      kind: 'prefill',
      tokens: 2048,
      tokenPairs: 2048 * 512,
    });
    const short = { kind: 'prefill' as const, tokens: 300, tokenPairs: 300 ** 2 / 2 };
    expect(layerAttentionWork(gemma3_1b, 'bf16', 1, short)).toEqual(
      layerAttentionWork({ ...gemma3_1b, slidingWindow: undefined }, 'bf16', 1, short),
    );
  });

  it('the mean layer holds the sequence’s KV over its layers: 2 × (4 × 4,096 + 22 × 512) × 1,024 B / 26', () => {
    const ops = layerOperators(gemma3_1b, 'bf16', 1, {
      batchSize: 2,
      newTokens: 1,
      contextTokens: 4096,
      kind: 'decode',
    });
    expect(ops.contextKvBytes * 26).toBeCloseTo(2 * 27_648 * 1024, 3);
  });
});
