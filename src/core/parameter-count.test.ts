import { describe, expect, it } from 'vitest';
import { llama31_8b, llama31_70b, mixtral8x7b, opt27b } from './fixtures/models.js';
import { activeParameterCount, parameterCount } from './parameter-count.js';

describe('parameterCount', () => {
  it('counts Llama-3.1-8B as 8,030,261,248 (GQA attention, gated MLP, untied head)', () => {
    // 32 × (41,943,040 attn + 176,160,768 mlp + 8,192 norms) + 2 × 128,256 × 4,096 + 4,096
    expect(parameterCount(llama31_8b)).toBe(8_030_261_248);
  });

  it('counts Llama-3.1-70B as 70,553,706,496 (published: 70.6B)', () => {
    expect(parameterCount(llama31_70b)).toBe(70_553_706_496);
  });

  it('counts OPT-2.7B with biases, LayerNorm and learned positions as 2,651,596,800 (as Hugging Face does)', () => {
    // 32 × 78,676,480 + 50,272 × 2,560 tokens + 2,050 × 2,560 positions + 5,120 final norm
    expect(parameterCount(opt27b)).toBe(2_651_596_800);
  });

  it('counts every Mixtral-8x7B expert as resident (46.7B) but only two active per token (12.9B)', () => {
    expect(parameterCount(mixtral8x7b)).toBe(46_702_792_704);
    expect(activeParameterCount(mixtral8x7b)).toBe(12_879_925_248);
  });

  it('equals the active count for dense models', () => {
    expect(activeParameterCount(llama31_8b)).toBe(parameterCount(llama31_8b));
  });
});
