import { describe, expect, it } from 'vitest';
import { derivedContextLength } from './context-length.js';

describe('derivedContextLength (as vLLM derives max_model_len)', () => {
  it('OPT-2.7B: max_position_embeddings 2048, no rope scaling', () => {
    expect(derivedContextLength({ max_position_embeddings: 2048 })).toEqual({
      tokens: 2048,
      fields: ['max_position_embeddings'],
    });
  });

  it('Llama-3.1: rope_type llama3 already states the extended limit (131072, not × 8)', () => {
    const rope = { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 8192 };
    expect(derivedContextLength({ max_position_embeddings: 131072, rope_scaling: rope })?.tokens).toBe(
      131072,
    );
  });

  it('DeepSeek-V3: YaRN scales the original limit, 4096 × 40 = 163840', () => {
    const rope = { type: 'yarn', factor: 40, original_max_position_embeddings: 4096 };
    expect(derivedContextLength({ max_position_embeddings: 163840, rope_scaling: rope })?.tokens).toBe(
      163840,
    );
  });

  it('Qwen2.5 with YaRN added as its card says: 32768 × 4 = 131072', () => {
    const rope = { rope_type: 'yarn', factor: 4, original_max_position_embeddings: 32768 };
    expect(derivedContextLength({ max_position_embeddings: 32768, rope_scaling: rope })?.tokens).toBe(131072);
  });

  it('linear scaling multiplies the limit (4096 × 2); the smallest named limit wins', () => {
    const config = { max_position_embeddings: 4096, rope_scaling: { type: 'linear', factor: 2 } };
    expect(derivedContextLength(config)?.tokens).toBe(8192);
    expect(derivedContextLength({ max_position_embeddings: 8192, seq_length: 4096 })?.tokens).toBe(4096);
  });
});
