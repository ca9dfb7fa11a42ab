import { describe, expect, it } from 'vitest';
import { deepseekV3, gemma3_1b, llama31_8b, mixtral8x7b, opt27b, qwen3_5_27b } from './fixtures/models.js';
import { flexgenShape } from './flexgen-shape.js';

const BATCH = { batchSize: 32, inputTokens: 1024, outputTokens: 128 };

describe('flexgenShape', () => {
  it("gives OPT-2.7B FlexGen's own layer weights: 8·2560² + 4·2560·10240 bytes", () => {
    const s = flexgenShape(opt27b, BATCH);
    expect(s.ok && s.shape).toMatchObject({
      layers: 32,
      hiddenSize: 2560,
      kvHiddenSize: 2560,
      layerWeightBytes: 157_286_400,
    });
  });

  it('counts grouped-query K/V and a gated MLP for Llama-3.1-8B', () => {
    // attention 2·4096² + 2·4096·1024, MLP 3·4096·14336, two bytes each
    const s = flexgenShape(llama31_8b, BATCH);
    expect(s.ok && s.shape.kvHiddenSize).toBe(1024);
    expect(s.ok && s.shape.layerWeightBytes).toBe(2 * (2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336));
  });

  it('declines mixture-of-experts models', () => {
    expect(flexgenShape(mixtral8x7b, BATCH)).toMatchObject({
      ok: false,
      reason: { code: 'flexgen-model-unsupported' },
    });
  });

  it('declines models whose layers do not all keep the whole context: sliding-window, linear-attention, MLA', () => {
    for (const model of [gemma3_1b, qwen3_5_27b, deepseekV3]) {
      expect(flexgenShape(model, BATCH)).toMatchObject({
        ok: false,
        reason: { code: 'flexgen-model-unsupported' },
      });
    }
  });
});
