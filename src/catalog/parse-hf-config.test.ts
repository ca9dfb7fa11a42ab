import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GEMMA_3_1B_CONFIG as gemma3_1b,
  LLAMA_31_8B_CONFIG as llama31_8b,
  QWEN3_5_27B_TEXT_CONFIG as qwen3_5_27b,
} from './fixtures/hf-configs.js';
import { SUPPORTED_MODEL_TYPES } from './hf-config-families.js';
import { parseHfConfig } from './parse-hf-config.js';

const opt27b = {
  model_type: 'opt',
  hidden_size: 2560,
  ffn_dim: 10240,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  vocab_size: 50272,
  max_position_embeddings: 2048,
  word_embed_proj_dim: 2560,
  do_layer_norm_before: true,
  torch_dtype: 'float16',
};

function parsed(raw: unknown, id = 'test/model') {
  const result = parseHfConfig(raw, id);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}

describe('parseHfConfig', () => {
  it('reads the real Llama-3.1-8B config: 8 KV heads of dimension 128, gated, no biases, bf16', () => {
    const { value, warnings } = parsed(llama31_8b, 'meta-llama/Llama-3.1-8B');
    expect(value).toMatchObject({
      id: 'meta-llama/Llama-3.1-8B',
      modelType: 'llama',
      numHiddenLayers: 32,
      hiddenSize: 4096,
      intermediateSize: 14336,
      numAttentionHeads: 32,
      numKeyValueHeads: 8,
      headDim: 128,
      vocabSize: 128256,
      maxPositionEmbeddings: 131072,
      tieWordEmbeddings: false,
      gatedMlp: true,
      attentionBias: false,
      attentionOutputBias: false,
      mlpBias: false,
      normKind: 'rmsnorm',
      learnedPositionEmbeddingRows: 0,
      wordEmbedProjDim: 0,
      numLocalExperts: 1,
      numExpertsPerTok: 1,
      torchDtype: 'bf16',
    });
    expect(warnings).toEqual([]);
  });

  const sharedLlama = resolve(
    import.meta.dirname,
    '../../../shared/data/model-configs/aiconfigurator-hf-configs/meta-llama--Meta-Llama-3.1-8B_config.json',
  );
  it.skipIf(!existsSync(sharedLlama))(
    'tests the Llama-3.1-8B config exactly as published in the shared data (skipped without ../shared)',
    () => {
      expect(JSON.parse(readFileSync(sharedLlama, 'utf8'))).toEqual(llama31_8b);
    },
  );

  it('maps OPT: plain MLP, every bias, LayerNorm, tied embeddings and max_position_embeddings + 2 position rows', () => {
    const { value } = parsed(opt27b, 'facebook/opt-2.7b');
    expect(value).toMatchObject({
      intermediateSize: 10240,
      numKeyValueHeads: 32,
      headDim: 80,
      gatedMlp: false,
      attentionBias: true,
      attentionOutputBias: true,
      mlpBias: true,
      normKind: 'layernorm',
      tieWordEmbeddings: true,
      learnedPositionEmbeddingRows: 2050,
      wordEmbedProjDim: 0,
      torchDtype: 'fp16',
    });
  });

  it('keeps an OPT-350m style embedding projection narrower than hidden_size', () => {
    const { value } = parsed({
      ...opt27b,
      hidden_size: 1024,
      num_attention_heads: 16,
      word_embed_proj_dim: 512,
    });
    expect(value.wordEmbedProjDim).toBe(512);
  });

  it('gives Qwen2 q/k/v biases only', () => {
    const { value } = parsed({ ...llama31_8b, model_type: 'qwen2' });
    expect([value.attentionBias, value.attentionOutputBias, value.mlpBias]).toEqual([true, false, false]);
  });

  it("follows llama's attention_bias and mlp_bias flags", () => {
    const { value } = parsed({ ...llama31_8b, attention_bias: true, mlp_bias: true });
    expect([value.attentionBias, value.attentionOutputBias, value.mlpBias]).toEqual([true, true, true]);
  });

  it('defaults num_key_value_heads to num_attention_heads and head_dim to hidden_size / heads', () => {
    const { num_key_value_heads: _kv, ...noKv } = llama31_8b;
    const { value } = parsed(noKv);
    expect(value.numKeyValueHeads).toBe(32);
    expect(value.headDim).toBe(128);
  });

  it('uses an explicit head_dim (Qwen3-8B style) over hidden_size / heads', () => {
    const { value } = parsed({ ...llama31_8b, model_type: 'qwen3', hidden_size: 2048, head_dim: 128 });
    expect(value.headDim).toBe(128);
  });

  it('reads Mixtral experts from num_local_experts', () => {
    const { value } = parsed({
      ...llama31_8b,
      model_type: 'mixtral',
      num_local_experts: 8,
      num_experts_per_tok: 2,
    });
    expect([value.numLocalExperts, value.numExpertsPerTok, value.intermediateSize]).toEqual([8, 2, 14336]);
  });

  it('reads qwen3_moe experts from num_experts and their width from moe_intermediate_size', () => {
    const { value } = parsed({
      ...llama31_8b,
      model_type: 'qwen3_moe',
      intermediate_size: 6144,
      moe_intermediate_size: 768,
      num_experts: 128,
      num_experts_per_tok: 8,
      mlp_only_layers: [],
      decoder_sparse_step: 1,
    });
    expect([value.numLocalExperts, value.numExpertsPerTok, value.intermediateSize]).toEqual([128, 8, 768]);
  });

  it('maps torch_dtype float16, bfloat16 and float32, and the newer dtype field', () => {
    const dtypes = ['float16', 'bfloat16', 'float32'].map(
      (dtype) => parsed({ ...llama31_8b, torch_dtype: dtype }).value.torchDtype,
    );
    expect(dtypes).toEqual(['fp16', 'bf16', 'fp32']);
    const { torch_dtype: _dtype, ...noDtype } = llama31_8b;
    expect(parsed({ ...noDtype, dtype: 'float32' }).value.torchDtype).toBe('fp32');
  });

  it('warns and assumes fp16 when the config has no dtype', () => {
    const { torch_dtype: _dtype, ...noDtype } = llama31_8b;
    const result = parsed(noDtype);
    expect(result.value.torchDtype).toBe('fp16');
    expect(result.warnings).toEqual([
      { code: 'config-field-defaulted', path: 'torch_dtype', details: { id: 'test/model', value: 'fp16' } },
    ]);
  });

  it('reads a quantization_config into the model instead of ignoring it', () => {
    const result = parsed({ ...llama31_8b, quantization_config: { quant_method: 'fp8' } });
    expect(result.warnings).toEqual([]);
    expect(result.value.quantization?.precision).toBe('fp8');
  });

  it('refuses a quantization method it cannot plan, naming the field', () => {
    const result = parseHfConfig({ ...llama31_8b, quantization_config: { quant_method: 'hqq' } }, 'q/m');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        code: 'config-quantization-unsupported',
        path: 'quantization_config.quant_method',
        details: expect.objectContaining({ id: 'q/m', value: '"hqq"' }),
      },
    ]);
  });

  it('names every bad field of a malformed config: missing hidden_size, negative layers, unknown model_type', () => {
    const { hidden_size: _hidden, ...noHidden } = llama31_8b;
    const result = parseHfConfig({ ...noHidden, num_hidden_layers: -4, model_type: 'gpt_neox' }, 'bad/model');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { code: 'config-field-missing', path: 'hidden_size', details: { id: 'bad/model' } },
        {
          code: 'config-field-invalid',
          path: 'num_hidden_layers',
          details: { id: 'bad/model', value: '-4', expected: 'a positive integer' },
        },
        {
          code: 'config-unsupported-model-type',
          path: 'model_type',
          details: { id: 'bad/model', modelType: '"gpt_neox"', supported: [...SUPPORTED_MODEL_TYPES] },
        },
      ]),
    );
    expect(result.issues).toHaveLength(3);
  });

  it('rejects fractional and non-numeric sizes as invalid', () => {
    const result = parseHfConfig({ ...llama31_8b, intermediate_size: 14336.5, vocab_size: '128256' }, 'x');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'config-field-invalid vocab_size',
      'config-field-invalid intermediate_size',
    ]);
  });

  it('rejects attention heads that the KV heads do not divide', () => {
    const result = parseHfConfig({ ...llama31_8b, num_key_value_heads: 5 }, 'x');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        code: 'config-inconsistent',
        path: 'num_key_value_heads',
        details: { id: 'x', numAttentionHeads: 32, numKeyValueHeads: 5 },
      },
    ]);
  });

  it('rejects a hidden size the heads do not divide when head_dim is absent', () => {
    const result = parseHfConfig({ ...llama31_8b, hidden_size: 4100 }, 'x');
    expect(result.ok || result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'config-inconsistent head_dim',
    ]);
  });

  it('rejects more experts per token than experts', () => {
    const result = parseHfConfig(
      { ...llama31_8b, model_type: 'mixtral', num_local_experts: 2, num_experts_per_tok: 4 },
      'x',
    );
    expect(result.ok || result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'config-inconsistent num_experts_per_tok',
    ]);
  });

  it('rejects a non-boolean flag and a dtype it cannot map', () => {
    const result = parseHfConfig({ ...llama31_8b, tie_word_embeddings: 'no', torch_dtype: 'int4' }, 'x');
    expect(result.ok || result.issues.map((issue) => issue.path)).toEqual([
      'torch_dtype',
      'tie_word_embeddings',
    ]);
  });

  it('rejects something that is not a JSON object, without throwing', () => {
    expect(parseHfConfig([1, 2], 'x')).toEqual({
      ok: false,
      issues: [{ code: 'config-not-object', details: { id: 'x', received: 'array' } }],
    });
    expect(parseHfConfig(null, 'x').ok).toBe(false);
  });
});

describe('sliding-window layers (Gemma-2/3)', () => {
  it('Gemma-3-1B (gemma3_text): layer_types gives 22 sliding layers of 4 global, window 512', () => {
    const { value, warnings } = parsed(gemma3_1b, 'google/gemma-3-1b-it');
    expect(value).toMatchObject({
      modelType: 'gemma3_text',
      numHiddenLayers: 26,
      numKeyValueHeads: 1,
      headDim: 256,
      tieWordEmbeddings: true,
      slidingWindow: { layers: 22, windowTokens: 512 },
    });
    expect(warnings).toEqual([]);
  });

  it('without layer_types, the period: sliding_window_pattern 6 on Gemma-3-27B’s 62 layers leaves 10 global', () => {
    const { layer_types: _, ...rest } = gemma3_1b;
    const raw = { ...rest, num_hidden_layers: 62, sliding_window: 1024, sliding_window_pattern: 6 };
    expect(parsed(raw).value.slidingWindow).toEqual({ layers: 52, windowTokens: 1024 });
    // transformers ≥ 4.53 saves the period as _sliding_window_pattern; absent, Gemma3TextConfig's default is 6.
    expect(parsed({ ...rest, _sliding_window_pattern: 2 }).value.slidingWindow?.layers).toBe(13);
    expect(parsed(rest).value.slidingWindow?.layers).toBe(22);
  });

  it('Gemma-2 alternates local and global layers: 42 layers give 21 sliding over its 4,096-token window', () => {
    const gemma2 = {
      model_type: 'gemma2',
      hidden_size: 3584,
      intermediate_size: 14336,
      num_hidden_layers: 42,
      num_attention_heads: 16,
      num_key_value_heads: 8,
      head_dim: 256,
      vocab_size: 256000,
      max_position_embeddings: 8192,
      sliding_window: 4096,
      torch_dtype: 'float32',
    };
    expect(parsed(gemma2).value.slidingWindow).toEqual({ layers: 21, windowTokens: 4096 });
  });

  it('names a bad layer_types entry, a length that disagrees with num_hidden_layers, and a missing window', () => {
    const bad = parseHfConfig({ ...gemma3_1b, layer_types: ['sliding_attention', 'full_attention'] }, 'm');
    expect(!bad.ok && bad.issues).toEqual([
      expect.objectContaining({ code: 'config-inconsistent', path: 'layer_types' }),
    ]);
    const odd = parseHfConfig({ ...gemma3_1b, layer_types: Array(26).fill('linear_attention') }, 'm');
    expect(!odd.ok && odd.issues[0]).toMatchObject({ code: 'config-field-invalid', path: 'layer_types' });
    const { sliding_window: _, ...noWindow } = gemma3_1b;
    const missing = parseHfConfig(noWindow, 'm');
    expect(!missing.ok && missing.issues[0]).toMatchObject({
      code: 'config-field-missing',
      path: 'sliding_window',
    });
  });

  it('Gemma-3 with its vision encoder is refused naming vision_config', () => {
    const result = parseHfConfig({ model_type: 'gemma3', text_config: gemma3_1b, vision_config: {} }, 'm');
    expect(!result.ok && result.issues[0]).toMatchObject({
      code: 'config-architecture-unsupported',
      path: 'vision_config',
    });
  });
});

describe('linear-attention layers (Qwen3.5 text model)', () => {
  it('Qwen3.5-27B: 48 Gated DeltaNet layers, an fp32 recurrent state, gated full attention', () => {
    const { value, warnings } = parsed(qwen3_5_27b, 'Qwen/Qwen3.5-27B');
    expect(value).toMatchObject({
      modelType: 'qwen3_5_text',
      numHiddenLayers: 64,
      numKeyValueHeads: 4,
      headDim: 256,
      tieWordEmbeddings: false,
      attentionOutputGate: true,
      torchDtype: 'bf16',
      linearAttention: {
        layers: 48,
        keyHeads: 16,
        valueHeads: 48,
        keyHeadDim: 128,
        valueHeadDim: 128,
        convKernel: 4,
        stateBytesPerElement: 4,
      },
    });
    expect(warnings).toEqual([]);
  });

  it('without layer_types, full_attention_interval; without mamba_ssm_dtype, the model’s dtype, warned', () => {
    const { layer_types: _, mamba_ssm_dtype: __, ...rest } = qwen3_5_27b;
    const { value, warnings } = parsed({ ...rest, full_attention_interval: 2 });
    expect(value.linearAttention).toMatchObject({ layers: 32, stateBytesPerElement: 2 });
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'config-field-defaulted', path: 'mamba_ssm_dtype' }),
    ]);
  });

  it('names a missing linear-attention field and a layer kind it does not know', () => {
    const { linear_num_value_heads: _, ...noHeads } = qwen3_5_27b;
    const missing = parseHfConfig(noHeads, 'm');
    expect(!missing.ok && missing.issues[0]).toMatchObject({
      code: 'config-field-missing',
      path: 'linear_num_value_heads',
    });
    const odd = parseHfConfig({ ...qwen3_5_27b, layer_types: Array(64).fill('sliding_attention') }, 'm');
    expect(!odd.ok && odd.issues[0]).toMatchObject({ code: 'config-field-invalid', path: 'layer_types' });
  });

  it('Qwen3-Next: routed experts and a shared one on the hybrid layers, the output gate always on; no mamba_ssm_dtype: the model’s dtype, warned', () => {
    const { mamba_ssm_dtype: _, attn_output_gate: __, ...rest } = qwen3_5_27b;
    const next = {
      ...rest,
      model_type: 'qwen3_next',
      moe_intermediate_size: 512,
      shared_expert_intermediate_size: 512,
      num_experts: 512,
      num_experts_per_tok: 10,
    };
    const { value, warnings } = parsed(next);
    expect(value).toMatchObject({
      numLocalExperts: 512,
      numExpertsPerTok: 10,
      intermediateSize: 512,
      sharedExpertIntermediateSize: 512,
      attentionOutputGate: true,
      linearAttention: { layers: 48, stateBytesPerElement: 2 },
    });
    expect(warnings.map((w) => w.path)).toEqual(['mamba_ssm_dtype']);
    const { shared_expert_intermediate_size: ___, ...noShared } = next;
    const missing = parseHfConfig(noShared, 'm');
    expect(!missing.ok && missing.issues[0]).toMatchObject({
      code: 'config-field-missing',
      path: 'shared_expert_intermediate_size',
    });
  });
});

describe('Llama-4 text model (llama4_text)', () => {
  const scout = {
    model_type: 'llama4_text',
    hidden_size: 5120,
    intermediate_size: 8192,
    intermediate_size_mlp: 16384,
    num_hidden_layers: 48,
    num_attention_heads: 40,
    num_key_value_heads: 8,
    head_dim: 128,
    num_local_experts: 16,
    num_experts_per_tok: 1,
    interleave_moe_layer_step: 1,
    attention_chunk_size: 8192,
    vocab_size: 202048,
    max_position_embeddings: 10485760,
    torch_dtype: 'bfloat16',
  };

  it('no_rope_layers picks the chunked layers (1 = RoPE = chunked); interleave_moe_layer_step 2 leaves half dense', () => {
    const flags = Array.from({ length: 48 }, (_, i) => ((i + 1) % 3 === 0 ? 0 : 1));
    const { value } = parsed({ ...scout, no_rope_layers: flags, interleave_moe_layer_step: 2 });
    expect(value.slidingWindow).toEqual({ layers: 32, windowTokens: 8192 });
    expect(value.denseLayers).toEqual({ layers: 24, intermediateSize: 16384 });
  });

  it('names a bad no_rope_layers and a missing attention_chunk_size', () => {
    const bad = parseHfConfig({ ...scout, no_rope_layers: [1, 0] }, 'm');
    expect(!bad.ok && bad.issues[0]).toMatchObject({ code: 'config-inconsistent', path: 'no_rope_layers' });
    const { attention_chunk_size: _, ...noChunk } = scout;
    const missing = parseHfConfig(noChunk, 'm');
    expect(!missing.ok && missing.issues[0]).toMatchObject({
      code: 'config-field-missing',
      path: 'attention_chunk_size',
    });
  });
});
