import { softmaxAttentionLayers } from './kv-cache.js';
import { linearAttentionParameterCount } from './linear-attention.js';
import { mlaParameterCount } from './mla-attention.js';
import type { ModelConfig } from './model-config.js';

/**
 * Parameters of one decoder layer's attention block (q, k, v, o and their biases). GQA-aware; with an
 * output gate (Qwen3.5) q_proj is twice as wide.
 */
export function attentionParameterCount(model: ModelConfig): number {
  if (model.mla) return mlaParameterCount(model, model.mla);
  const qWidth = model.numAttentionHeads * model.headDim;
  const kvWidth = model.numKeyValueHeads * model.headDim;
  const qProjWidth = (model.attentionOutputGate ? 2 : 1) * qWidth;
  const weights = model.hiddenSize * qProjWidth + 2 * model.hiddenSize * kvWidth + qWidth * model.hiddenSize;
  const qkvBias = model.attentionBias ? qWidth + 2 * kvWidth : 0;
  const outBias = model.attentionOutputBias ? model.hiddenSize : 0;
  return weights + qkvBias + outBias;
}

/** Parameters of one expert's MLP (gate/up/down when gated, fc1/fc2 otherwise). */
export function expertMlpParameterCount(model: ModelConfig): number {
  const matrices = model.gatedMlp ? 3 : 2;
  const weights = matrices * model.hiddenSize * model.intermediateSize;
  const bias = model.mlpBias ? (matrices - 1) * model.intermediateSize + model.hiddenSize : 0;
  return weights + bias;
}

/** Layers whose MLP is a mixture of experts: all of an MoE model's but its dense ones (none for dense models). */
function moeLayers(model: ModelConfig): number {
  return model.numLocalExperts > 1 ? model.numHiddenLayers - (model.denseLayers?.layers ?? 0) : 0;
}

/**
 * MLP parameters of the mean layer: every expert is resident, plus the router and the shared experts, on
 * MoE layers; a plain MLP on dense ones (DeepSeek's first_k_dense_replace layers), weighted by their counts.
 */
export function mlpParameterCount(model: ModelConfig): number {
  if (model.numLocalExperts <= 1) return expertMlpParameterCount(model);
  const matrices = model.gatedMlp ? 3 : 2;
  const router = model.hiddenSize * model.numLocalExperts;
  const shared = matrices * model.hiddenSize * (model.sharedExpertIntermediateSize ?? 0);
  const moe = model.numLocalExperts * expertMlpParameterCount(model) + router + shared;
  const dense = model.denseLayers;
  if (!dense) return moe;
  const denseMlp = matrices * model.hiddenSize * dense.intermediateSize;
  return (moeLayers(model) * moe + dense.layers * denseMlp) / model.numHiddenLayers;
}

function normParameterCount(model: ModelConfig): number {
  return model.normKind === 'layernorm' ? 2 * model.hiddenSize : model.hiddenSize;
}

/**
 * Parameters of one (mean) decoder layer: its token mixer — softmax attention, or linear attention on
 * the linear-attention layers, weighted by their counts — MLP and its two norms.
 */
export function layerParameterCount(model: ModelConfig): number {
  const linear = model.linearAttention?.layers ?? 0;
  const mixer =
    (softmaxAttentionLayers(model) * attentionParameterCount(model) +
      linear * linearAttentionParameterCount(model)) /
    model.numHiddenLayers;
  return mixer + mlpParameterCount(model) + 2 * normParameterCount(model);
}

/** Token (and learned position) embeddings, the optional projection, and an untied LM head. */
export function embeddingParameterCount(model: ModelConfig): number {
  const embedWidth = model.wordEmbedProjDim > 0 ? model.wordEmbedProjDim : model.hiddenSize;
  const tokens = model.vocabSize * embedWidth;
  const positions = model.learnedPositionEmbeddingRows * model.hiddenSize;
  const projections = model.wordEmbedProjDim > 0 ? 2 * model.wordEmbedProjDim * model.hiddenSize : 0;
  const lmHead = model.tieWordEmbeddings ? 0 : model.vocabSize * embedWidth;
  return tokens + positions + projections + lmHead;
}

/** Total parameters, counted from the architecture (a multimodal checkpoint's encoder included). */
export function parameterCount(model: ModelConfig): number {
  return (
    model.numHiddenLayers * layerParameterCount(model) +
    embeddingParameterCount(model) +
    normParameterCount(model) +
    (model.encoderParameterCount ?? 0)
  );
}

/**
 * Parameters a text token runs through: MoE models run only `numExpertsPerTok` experts, and no encoder.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function activeParameterCount(model: ModelConfig): number {
  const inactiveExperts = model.numLocalExperts - model.numExpertsPerTok;
  const idle =
    moeLayers(model) * inactiveExperts * expertMlpParameterCount(model) + (model.encoderParameterCount ?? 0);
  return parameterCount(model) - idle;
}
