import type { FlexgenShape } from './flexgen-cost-model.js';
import type { Issue } from './issue.js';
import type { BatchShape } from './memory.js';
import type { ModelConfig } from './model-config.js';

/**
 * The cost model's view of a model and batch, or why it has none. FlexGen runs dense decoder models in
 * 16 bit on one GPU; its formulas are OPT's (wi = 8·h1² + 4·h1·h2), generalised here to grouped-query
 * attention (K and V of numKeyValueHeads · headDim) and gated MLPs (three h1 × h2 matrices).
 */
export function flexgenShape(
  model: ModelConfig,
  batch: BatchShape,
): { ok: true; shape: FlexgenShape } | { ok: false; reason: Issue } {
  // Its formulas hold every layer's KV for the whole context: not so for sliding-window, chunked or
  // linear-attention layers, nor for MLA's latent.
  if (
    model.numLocalExperts > 1 ||
    model.mla !== undefined ||
    model.slidingWindow !== undefined ||
    model.linearAttention !== undefined
  ) {
    return {
      ok: false,
      reason: { code: 'flexgen-model-unsupported', details: { model: model.id, modelType: model.modelType } },
    };
  }
  const h1 = model.hiddenSize;
  const queryHidden = model.numAttentionHeads * model.headDim;
  const kvHidden = model.numKeyValueHeads * model.headDim;
  const attentionParams = h1 * queryHidden * 2 + h1 * kvHidden * 2;
  const mlpParams = (model.gatedMlp ? 3 : 2) * h1 * model.intermediateSize;
  return {
    ok: true,
    shape: {
      layers: model.numHiddenLayers,
      hiddenSize: h1,
      intermediateSize: model.intermediateSize,
      heads: model.numAttentionHeads,
      kvHiddenSize: kvHidden,
      layerWeightBytes: 2 * (attentionParams + mlpParams),
      promptTokens: batch.inputTokens,
      outputTokens: batch.outputTokens,
      batchSize: batch.batchSize,
    },
  };
}
