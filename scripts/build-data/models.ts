import { z } from 'zod';
import type { ModelEntry } from '../../src/catalog/models-file-schema.js';
import type { Source } from '../../src/core/source.js';
import { byId } from './canonical-json.js';
import type { SharedData } from './shared-data.js';

type Config = Record<string, unknown>;

const VERBATIM_NOTE = 'Verbatim Hugging Face config.json.';

/** Published parameter counts and where the authors publish them. */
const PUBLISHED = {
  opt: {
    title: 'Zhang et al., OPT: Open Pre-trained Transformer Language Models (arXiv 2205.01068), Table 1',
    url: 'https://arxiv.org/abs/2205.01068',
  },
  llama2: {
    title: 'Touvron et al., Llama 2: Open Foundation and Fine-Tuned Chat Models (arXiv 2307.09288)',
    url: 'https://arxiv.org/abs/2307.09288',
  },
  llama31: (size: string): Source => ({
    title: `meta-llama/Llama-3.1-${size} model card`,
    url: `https://huggingface.co/meta-llama/Llama-3.1-${size}`,
  }),
  mistral: {
    title: 'Mistral AI, Announcing Mistral 7B: "a 7.3B parameter model"',
    url: 'https://mistral.ai/news/announcing-mistral-7b',
  },
  mixtral: {
    title: 'Mistral AI, Mixtral of experts: "46.7B total parameters"',
    url: 'https://mistral.ai/news/mixtral-of-experts',
  },
  card: (id: string): Source => ({ title: `${id} model card`, url: `https://huggingface.co/${id}` }),
} as const;

function countSource(base: Source, note: string): Source {
  return { ...base, fields: ['publishedParameterCount'], note };
}

function verbatim(
  shared: SharedData,
  relative: string,
  id: string,
  count: number,
  countFrom: Source,
  note = VERBATIM_NOTE,
): ModelEntry {
  const config = z.record(z.string(), z.unknown()).parse(shared.json(relative));
  return {
    id,
    config,
    publishedParameterCount: count,
    sources: [{ title: `shared data ${relative}`, fields: ['config'], note }, countFrom],
  };
}

const flexgenRow = z.object({
  name: z.string(),
  num_hidden_layers: z.coerce.number().int().positive(),
  'hidden_size(h1)': z.coerce.number().int().positive(),
  n_head: z.coerce.number().int().positive(),
  'ffn_embed_dim(h2)': z.coerce.number().int().positive(),
  max_seq_len: z.coerce.number().int().positive(),
  vocab_size: z.coerce.number().int().positive(),
});

const llmAnalysisModel = z.object({
  num_layers: z.number(),
  n_head: z.number(),
  hidden_dim: z.number(),
  vocab_size: z.number(),
  max_seq_len: z.number(),
  ffn_embed_dim: z.number(),
});

/** An OPT config.json rebuilt from FlexGen's table, cross-checked against llm-analysis where it has the size. */
function opt(shared: SharedData, size: string, billions: number): ModelEntry {
  const table = 'infersave-paper/flexgen_opt_configs.csv';
  const row = shared.csv(table).find((r) => r.name === `opt-${size}`);
  const shape = flexgenRow.parse(row);
  const config: Config = {
    activation_function: 'relu',
    architectures: ['OPTForCausalLM'],
    do_layer_norm_before: true,
    enable_bias: true,
    ffn_dim: shape['ffn_embed_dim(h2)'],
    hidden_size: shape['hidden_size(h1)'],
    max_position_embeddings: shape.max_seq_len,
    model_type: 'opt',
    num_attention_heads: shape.n_head,
    num_hidden_layers: shape.num_hidden_layers,
    torch_dtype: 'float16',
    vocab_size: shape.vocab_size,
    word_embed_proj_dim: shape['hidden_size(h1)'],
  };
  const sources: Source[] = [
    {
      title: `shared data ${table} (FlexGen's OPT configs)`,
      url: 'https://github.com/FMInference/FlexGen',
      fields: ['config'],
      note: 'Reconstructed with Hugging Face OPTConfig field names: num_hidden_layers, hidden_size (h1), num_attention_heads (n_head), ffn_dim (h2), max_position_embeddings (max_seq_len), vocab_size; word_embed_proj_dim = hidden_size, do_layer_norm_before, enable_bias, activation relu and float16 as in the facebook/opt-* checkpoints.',
    },
  ];
  const analysisFile = `model-configs/llm_analysis/facebook_opt-${size}.json`;
  if (shared.exists(analysisFile)) {
    const la = llmAnalysisModel.parse(shared.json(analysisFile));
    const same =
      la.num_layers === config.num_hidden_layers &&
      la.n_head === config.num_attention_heads &&
      la.hidden_dim === config.hidden_size &&
      la.vocab_size === config.vocab_size &&
      la.max_seq_len === config.max_position_embeddings &&
      la.ffn_embed_dim === config.ffn_dim;
    if (!same) throw new Error(`${analysisFile} disagrees with ${table} for opt-${size}`);
    sources.push({
      title: `shared data ${analysisFile} (llm-analysis)`,
      url: 'https://github.com/cli99/llm-analysis',
      fields: ['config'],
      note: 'Agrees on every shape field.',
    });
  }
  sources.push(countSource(PUBLISHED.opt, `${billions}B, as published (a rounded size).`));
  return { id: `facebook/opt-${size}`, config, publishedParameterCount: billions * 1e9, sources };
}

/** Fields of an MLC-LLM preset that are Hugging Face config.json fields with the same meaning. */
const HF_FIELDS = [
  'architectures',
  'bos_token_id',
  'eos_token_id',
  'hidden_act',
  'hidden_size',
  'initializer_range',
  'intermediate_size',
  'max_position_embeddings',
  'model_type',
  'num_attention_heads',
  'num_hidden_layers',
  'num_key_value_heads',
  'rms_norm_eps',
  'rope_theta',
  'sliding_window',
  'tie_word_embeddings',
  'torch_dtype',
  'vocab_size',
] as const;

function fromMlcPreset(shared: SharedData, preset: string): Config {
  const presets = z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .parse(shared.json('model-configs/mlc_llm_model_presets.json'));
  const raw = presets[preset];
  if (!raw) throw new Error(`no MLC-LLM preset ${preset}`);
  const renamed: Config = { ...raw, sliding_window: raw.sliding_window ?? raw.sliding_window_size };
  return Object.fromEntries(
    HF_FIELDS.filter((key) => renamed[key] !== undefined).map((key) => [key, renamed[key]]),
  );
}

const vidurModel = z.object({
  num_layers: z.number(),
  num_q_heads: z.number(),
  num_kv_heads: z.number(),
  embedding_dim: z.number(),
  mlp_hidden_dim: z.number(),
  max_position_embeddings: z.number(),
});

function llama2(shared: SharedData, size: '7b' | '13b' | '70b'): ModelEntry {
  const config = fromMlcPreset(shared, `llama2_${size}`);
  const sources: Source[] = [
    {
      title: `shared data model-configs/mlc_llm_model_presets.json, preset llama2_${size} (MLC-LLM)`,
      url: 'https://github.com/mlc-ai/mlc-llm',
      fields: ['config'],
      note: 'Hugging Face fields kept (MLC-only fields such as context_window_size and prefill_chunk_size dropped; pretraining_tp dropped). The preset’s max_position_embeddings 2048 is MLC’s context choice; Llama 2 was trained with 4096, as its Hugging Face config says.',
    },
  ];
  if (size !== '13b') {
    const file = `model-configs/vidur/meta-llama/Llama-2-${size}-hf.yml`;
    const vidur = vidurModel.parse(shared.yaml(file));
    const same =
      vidur.num_layers === config.num_hidden_layers &&
      vidur.num_q_heads === config.num_attention_heads &&
      vidur.num_kv_heads === config.num_key_value_heads &&
      vidur.embedding_dim === config.hidden_size &&
      vidur.mlp_hidden_dim === config.intermediate_size;
    if (!same) throw new Error(`${file} disagrees with the MLC-LLM preset`);
    config.max_position_embeddings = vidur.max_position_embeddings;
    sources.push({
      title: `shared data ${file} (Vidur)`,
      url: 'https://github.com/microsoft/vidur',
      fields: ['config.max_position_embeddings'],
      note: 'Agrees on layers, heads, KV heads, hidden and MLP sizes; its vocab_size 32768 is padded, the checkpoint’s is 32000.',
    });
  } else {
    config.max_position_embeddings = 4096;
    sources.push({
      ...PUBLISHED.llama2,
      fields: ['config.max_position_embeddings'],
      note: 'Llama 2 models use a 4096-token context.',
    });
  }
  const billions = Number(size.replace('b', ''));
  sources.push(countSource(PUBLISHED.llama2, `${billions}B, as published (a rounded size).`));
  return { id: `meta-llama/Llama-2-${size}-hf`, config, publishedParameterCount: billions * 1e9, sources };
}

function mistral7b(shared: SharedData): ModelEntry {
  return {
    id: 'mistralai/Mistral-7B-v0.1',
    config: fromMlcPreset(shared, 'mistral_7b'),
    publishedParameterCount: 7.3e9,
    sources: [
      {
        title: 'shared data model-configs/mlc_llm_model_presets.json, preset mistral_7b (MLC-LLM)',
        url: 'https://github.com/mlc-ai/mlc-llm',
        fields: ['config'],
        note: 'Hugging Face fields kept; MLC’s sliding_window_size renamed to the Hugging Face name sliding_window; MLC-only fields (prefill_chunk_size, attention_sink_size) dropped.',
      },
      countSource(PUBLISHED.mistral, '7.3B.'),
    ],
  };
}

const HF = 'model-configs/aiconfigurator-hf-configs';
const QWEN25 = 'model-configs/hf_config_verbatim_from_index';

/** Every shipped model, sorted by id. */
export function buildModels(shared: SharedData): ModelEntry[] {
  const renamed = (from: string): string =>
    `${VERBATIM_NOTE} Published as ${from}; Meta has since renamed the repository to the id used here.`;
  const models: ModelEntry[] = [
    opt(shared, '1.3b', 1.3),
    opt(shared, '2.7b', 2.7),
    opt(shared, '6.7b', 6.7),
    opt(shared, '13b', 13),
    opt(shared, '30b', 30),
    opt(shared, '66b', 66),
    llama2(shared, '7b'),
    llama2(shared, '13b'),
    llama2(shared, '70b'),
    verbatim(
      shared,
      `${HF}/meta-llama--Meta-Llama-3.1-8B_config.json`,
      'meta-llama/Llama-3.1-8B',
      8e9,
      countSource(PUBLISHED.llama31('8B'), '8B, as published (a rounded size).'),
      renamed('meta-llama/Meta-Llama-3.1-8B'),
    ),
    verbatim(
      shared,
      `${HF}/meta-llama--Meta-Llama-3.1-70B_config.json`,
      'meta-llama/Llama-3.1-70B',
      70e9,
      countSource(PUBLISHED.llama31('70B'), '70B, as published (a rounded size).'),
      renamed('meta-llama/Meta-Llama-3.1-70B'),
    ),
    mistral7b(shared),
    verbatim(
      shared,
      `${HF}/mistralai--Mixtral-8x7B-v0.1_config.json`,
      'mistralai/Mixtral-8x7B-v0.1',
      46.7e9,
      countSource(PUBLISHED.mixtral, '46.7B total, 12.9B used per token.'),
    ),
    verbatim(
      shared,
      `${QWEN25}/Qwen--Qwen2.5-7B-Instruct_config.json`,
      'Qwen/Qwen2.5-7B-Instruct',
      7.61e9,
      countSource(
        PUBLISHED.card('Qwen/Qwen2.5-7B-Instruct'),
        'Number of parameters: 7.61B (6.53B non-embedding).',
      ),
    ),
    verbatim(
      shared,
      `${QWEN25}/Qwen--Qwen2.5-72B-Instruct_config.json`,
      'Qwen/Qwen2.5-72B-Instruct',
      72.7e9,
      countSource(
        PUBLISHED.card('Qwen/Qwen2.5-72B-Instruct'),
        'Number of parameters: 72.7B (70.0B non-embedding).',
      ),
    ),
    verbatim(
      shared,
      `${HF}/Qwen--Qwen3-8B_config.json`,
      'Qwen/Qwen3-8B',
      8.2e9,
      countSource(PUBLISHED.card('Qwen/Qwen3-8B'), 'Number of parameters: 8.2B (6.95B non-embedding).'),
    ),
    verbatim(
      shared,
      `${HF}/Qwen--Qwen3-32B_config.json`,
      'Qwen/Qwen3-32B',
      32.8e9,
      countSource(PUBLISHED.card('Qwen/Qwen3-32B'), 'Number of parameters: 32.8B (31.2B non-embedding).'),
    ),
    verbatim(
      shared,
      `${HF}/Qwen--Qwen3-30B-A3B_config.json`,
      'Qwen/Qwen3-30B-A3B',
      30.5e9,
      countSource(PUBLISHED.card('Qwen/Qwen3-30B-A3B'), 'Number of parameters: 30.5B total, 3.3B activated.'),
    ),
  ];
  return models.sort(byId);
}
