import { describe, expect, it } from 'vitest';
import {
  decodeAttentionWork,
  decodeAttentionWorkFromSums,
  gemmWork,
  prefillAttentionWork,
  prefillAttentionWorkFromSums,
  weightGemmWork,
} from './operator-work.js';

describe('GEMM work', () => {
  it('counts 2·m·n·k FLOP and reads weights once, activations in and out (hand-worked)', () => {
    // m 8 × (k 4096 × n 1024), fp8 weights, bf16 activations:
    // FLOP 2·8·1024·4096 = 67,108,864; bytes 4096·1024·1 + (8·4096 + 8·1024)·2 = 4,276,224
    expect(weightGemmWork(8, 4096, 1024, 1, 2)).toEqual({
      flop: 67_108_864,
      bytes: 4_276_224,
      serialBytes: 0,
    });
  });

  it('gemmWork is the same multiply with every operand in one width', () => {
    expect(gemmWork(8, 1024, 4096, 2)).toEqual(weightGemmWork(8, 4096, 1024, 2, 2));
  });
});

describe('attention work', () => {
  const heads = { numHeads: 32, numKeyValueHeads: 8, headDim: 128 };

  it('prefill: 4·heads·headDim FLOP per causal token pair (hand-worked: 2 prompts of 1024)', () => {
    // pairs = 2 · 1024² / 2 = 1,048,576; FLOP = 4·32·128·1,048,576 = 17,179,869,184
    // bytes = 2048 tokens · (64 + 16) heads · 128 · 2 B = 41,943,040
    const w = prefillAttentionWorkFromSums(2048, 1_048_576, heads, 2);
    expect(w).toEqual({ flop: 17_179_869_184, bytes: 41_943_040, serialBytes: 0 });
    expect(prefillAttentionWork(2, 1024, 32, 8, 128, 2)).toEqual(w);
  });

  it('decode: reads every cached K and V once (hand-worked: 4 sequences at 1000 tokens)', () => {
    // FLOP = 4·32·128·4000 = 65,536,000; KV bytes 4000·2·8·128·2 = 16,384,000; Q+O 4·2·32·128·2 = 65,536
    const w = decodeAttentionWorkFromSums(4, 4000, heads, 2, 2);
    expect(w).toEqual({ flop: 65_536_000, bytes: 16_449_536, serialBytes: 0 });
    expect(decodeAttentionWork(4, 1000, 32, 8, 128, 2, 2)).toEqual(w);
  });
});
