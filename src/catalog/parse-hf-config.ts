import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { Source } from '../core/source.js';
import { architectureRefusal } from './architecture-refusals.js';
import { derivedContextLength } from './context-length.js';
import {
  FAMILIES,
  type Family,
  SUPPORTED_MODEL_TYPES,
  type SupportedModelType,
} from './hf-config-families.js';
import { FieldReader, type RawConfig } from './hf-config-fields.js';
import { readDeepseek, readLinearAttention, readLlama4, readSlidingWindow } from './hf-config-layer-kinds.js';
import { readCheckpointQuantization } from './parse-quantization.js';
import { qwen3VlVisionParameterCount } from './vision-encoder.js';

const DTYPES: Readonly<Record<string, Precision>> = { float16: 'fp16', bfloat16: 'bf16', float32: 'fp32' };

function readModelType(config: RawConfig, read: FieldReader): SupportedModelType | undefined {
  const value = config.model_type;
  if (value === undefined || value === null) {
    read.issues.push({ code: 'config-field-missing', path: 'model_type' });
    return undefined;
  }
  if (typeof value === 'string' && (SUPPORTED_MODEL_TYPES as readonly string[]).includes(value)) {
    return value as SupportedModelType;
  }
  const refusal = typeof value === 'string' ? architectureRefusal(config, value) : undefined;
  if (refusal) {
    read.issues.push(refusal);
    return undefined;
  }
  read.issues.push({
    code: 'config-unsupported-model-type',
    path: 'model_type',
    details: { modelType: JSON.stringify(value), supported: [...SUPPORTED_MODEL_TYPES] },
  });
  return undefined;
}

/** `torch_dtype` (or `dtype`, its newer name); absent means vLLM's `auto` would serve it in fp16. */
function readDtype(config: RawConfig, read: FieldReader): Precision {
  const key = config.torch_dtype !== undefined && config.torch_dtype !== null ? 'torch_dtype' : 'dtype';
  const value = config[key];
  if (value === undefined || value === null) {
    read.warnings.push({ code: 'config-field-defaulted', path: 'torch_dtype', details: { value: 'fp16' } });
    return 'fp16';
  }
  const precision = typeof value === 'string' ? DTYPES[value] : undefined;
  if (precision) return precision;
  read.issues.push({
    code: 'config-field-invalid',
    path: key,
    details: { value: JSON.stringify(value), expected: Object.keys(DTYPES).join(', ') },
  });
  return 'fp16';
}

interface Shape {
  heads: number;
  kvHeads: number;
  headDim: number;
  experts: number;
  expertsPerTok: number;
}

/** Head and expert counts, with the consistency checks between them. */
function readShape(
  config: RawConfig,
  family: Family | undefined,
  hidden: number | undefined,
  read: FieldReader,
): Shape | undefined {
  const heads = read.positiveInteger(config, 'num_attention_heads');
  const kvHeads = read.positiveInteger(config, 'num_key_value_heads', heads ?? 1);
  const explicitHeadDim = read.positiveInteger(config, 'head_dim', 0);
  let experts = 1;
  let expertsPerTok = 1;
  if (family?.expertsKey) {
    experts = read.positiveInteger(config, family.expertsKey) ?? 1;
    expertsPerTok = read.positiveInteger(config, 'num_experts_per_tok') ?? 1;
    if (expertsPerTok > experts) {
      read.issues.push({
        code: 'config-inconsistent',
        path: 'num_experts_per_tok',
        details: { numExpertsPerTok: expertsPerTok, [family.expertsKey]: experts },
      });
    }
  }
  if (hidden === undefined || heads === undefined || kvHeads === undefined || explicitHeadDim === undefined) {
    return undefined;
  }
  if (heads % kvHeads !== 0) {
    read.issues.push({
      code: 'config-inconsistent',
      path: 'num_key_value_heads',
      details: { numAttentionHeads: heads, numKeyValueHeads: kvHeads },
    });
  }
  let headDim = explicitHeadDim;
  if (headDim === 0) {
    headDim = hidden / heads;
    if (!Number.isInteger(headDim)) {
      read.issues.push({
        code: 'config-inconsistent',
        path: 'head_dim',
        details: { hiddenSize: hidden, numAttentionHeads: heads },
      });
    }
  }
  return { heads, kvHeads, headDim, experts, expertsPerTok };
}

/** Warnings for config features the ModelConfig shape cannot express. */
function approximationWarnings(config: RawConfig, modelType: SupportedModelType): Issue[] {
  const warnings: Issue[] = [];
  const denseLayers = config.mlp_only_layers;
  const sparseStep = config.decoder_sparse_step;
  if (
    (modelType === 'qwen3_moe' || modelType === 'qwen3_5_moe_text' || modelType === 'qwen3_next') &&
    ((Array.isArray(denseLayers) && denseLayers.length > 0) || (sparseStep !== undefined && sparseStep !== 1))
  ) {
    warnings.push({
      code: 'config-approximated',
      path: 'mlp_only_layers',
      message: 'every layer is treated as a mixture-of-experts layer',
    });
  }
  return warnings;
}

/** Multimodal checkpoints planned as their text model plus their vision encoder's resident weights. */
const MULTIMODAL: Readonly<Record<string, 'qwen3_5_text' | 'qwen3_5_moe_text'>> = {
  qwen3_5: 'qwen3_5_text',
  qwen3_5_moe: 'qwen3_5_moe_text',
};

/**
 * A Qwen3.5 checkpoint with its vision encoder: its `text_config` parsed as the text model (the top
 * level's `quantization_config` and `tie_word_embeddings` apply to it), plus the encoder's parameters
 * (`qwen3VlVisionParameterCount`) as resident weights. Issues name fields under `text_config.`.
 */
function parseMultimodal(
  config: RawConfig,
  textType: string,
  id: string,
  sources: Source[] | undefined,
  hfQuantConfig: unknown,
): Result<ModelConfig> {
  const text = config.text_config;
  if (typeof text !== 'object' || text === null || Array.isArray(text)) {
    return fail({ code: 'config-field-missing', path: 'text_config', details: { id } });
  }
  const inherited = Object.fromEntries(
    (['quantization_config', 'tie_word_embeddings'] as const)
      .filter((k) => config[k] !== undefined && (text as RawConfig)[k] === undefined)
      .map((k) => [k, config[k]]),
  );
  const parsed = parseHfConfig({ model_type: textType, ...text, ...inherited }, id, sources, hfQuantConfig);
  const vision = qwen3VlVisionParameterCount(config.vision_config);
  const under = (issue: Issue): Issue =>
    issue.path && !issue.path.startsWith('vision_config')
      ? { ...issue, path: `text_config.${issue.path}` }
      : issue;
  const visionIssues = vision.issues.map((issue) => ({ ...issue, details: { id, ...issue.details } }));
  if (!parsed.ok || vision.count === undefined) {
    return fail(...(parsed.ok ? [] : parsed.issues.map(under)), ...visionIssues);
  }
  return ok({ ...parsed.value, encoderParameterCount: vision.count }, parsed.warnings.map(under));
}

/**
 * Maps a Hugging Face `config.json` (already JSON-decoded) to a ModelConfig, listing every bad field by
 * its name. Supports the decoder-only families in SUPPORTED_MODEL_TYPES.
 */
export function parseHfConfig(
  raw: unknown,
  id: string,
  sources?: Source[],
  hfQuantConfig?: unknown,
): Result<ModelConfig> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail({
      code: 'config-not-object',
      details: { id, received: Array.isArray(raw) ? 'array' : typeof raw },
    });
  }
  const config = raw as RawConfig;
  const multimodal = typeof config.model_type === 'string' ? MULTIMODAL[config.model_type] : undefined;
  if (multimodal) return parseMultimodal(config, multimodal, id, sources, hfQuantConfig);
  const read = new FieldReader();
  const modelType = readModelType(config, read);
  const refused = read.issues.find((issue) => issue.code === 'config-architecture-unsupported');
  if (refused) return fail({ ...refused, details: { id, ...refused.details } });
  const family = modelType ? FAMILIES[modelType] : undefined;

  const numHiddenLayers = read.positiveInteger(config, 'num_hidden_layers');
  const hiddenSize = read.positiveInteger(config, 'hidden_size');
  const vocabSize = read.positiveInteger(config, 'vocab_size');
  const maxPositionEmbeddings = read.positiveInteger(config, 'max_position_embeddings');
  const intermediateSize = family ? read.positiveInteger(config, family.intermediateKey) : undefined;
  const shape = readShape(config, family, hiddenSize, read);
  const slidingWindow = readSlidingWindow(config, family, numHiddenLayers, read);
  const deepseek = readDeepseek(config, family, numHiddenLayers, intermediateSize, read);
  const llama4 = readLlama4(config, family, numHiddenLayers, intermediateSize, read);
  const torchDtype = readDtype(config, read);
  const linearAttention = readLinearAttention(config, family, numHiddenLayers, torchDtype, read);
  // Qwen3.5 and Qwen3-Next gate their attention output (Qwen3-Next always; Qwen3.5 by attn_output_gate).
  const attentionOutputGate = family?.fullAttentionInterval
    ? read.boolean(config, 'attn_output_gate', true)
    : false;
  const sharedExpertIntermediateSize = family?.sharedExpertKey
    ? read.positiveInteger(config, family.sharedExpertKey)
    : undefined;
  const tieWordEmbeddings = read.boolean(
    config,
    'tie_word_embeddings',
    family?.tieWordEmbeddingsDefault ?? false,
  );
  const biases = family?.biases(config, read);
  const wordEmbedProjDim =
    modelType === 'opt' ? read.positiveInteger(config, 'word_embed_proj_dim', hiddenSize ?? 0) : 0;
  const quantization = readCheckpointQuantization(config, hfQuantConfig);
  read.issues.push(...quantization.issues);

  if (
    read.issues.length > 0 ||
    !modelType ||
    !family ||
    !biases ||
    !shape ||
    numHiddenLayers === undefined ||
    hiddenSize === undefined ||
    vocabSize === undefined ||
    maxPositionEmbeddings === undefined ||
    intermediateSize === undefined ||
    wordEmbedProjDim === undefined
  ) {
    return fail(...read.issues.map((issue) => ({ ...issue, details: { id, ...issue.details } })));
  }
  const model: ModelConfig = {
    id,
    modelType,
    numHiddenLayers,
    hiddenSize,
    intermediateSize,
    numAttentionHeads: shape.heads,
    numKeyValueHeads: shape.kvHeads,
    headDim: shape.headDim,
    vocabSize,
    maxPositionEmbeddings,
    contextLengthTokens: derivedContextLength(config)?.tokens ?? maxPositionEmbeddings,
    tieWordEmbeddings,
    gatedMlp: family.gatedMlp,
    ...biases,
    normKind: family.normKind,
    learnedPositionEmbeddingRows: modelType === 'opt' ? maxPositionEmbeddings + 2 : 0,
    wordEmbedProjDim: wordEmbedProjDim === hiddenSize ? 0 : wordEmbedProjDim,
    ...(slidingWindow ? { slidingWindow } : {}),
    ...(linearAttention ? { linearAttention } : {}),
    ...(attentionOutputGate ? { attentionOutputGate } : {}),
    ...(sharedExpertIntermediateSize ? { sharedExpertIntermediateSize } : {}),
    ...(deepseek ?? {}),
    ...(llama4 ?? {}),
    ...(deepseek ? { headDim: deepseek.mla.qkNopeHeadDim + deepseek.mla.qkRopeHeadDim } : {}),
    numLocalExperts: shape.experts,
    numExpertsPerTok: shape.expertsPerTok,
    torchDtype,
    ...(quantization.quantization ? { quantization: quantization.quantization } : {}),
    sources: sources ?? [{ title: `Hugging Face config.json of ${id}` }],
  };
  const warnings = [...read.warnings, ...approximationWarnings(config, modelType)];
  return ok(
    model,
    warnings.map((warning) => ({ ...warning, details: { id, ...warning.details } })),
  );
}
