type Raw = Readonly<Record<string, unknown>>;

/** Config fields an engine reads as a position limit; the smallest one present wins. */
const LIMIT_KEYS = [
  'max_position_embeddings',
  'n_positions',
  'max_seq_len',
  'seq_length',
  'model_max_length',
  'max_target_positions',
  'max_sequence_length',
] as const;

/** RoPE types whose `max_position_embeddings` already is the extended limit (Llama-3.1, Phi-3's su/longrope). */
const ALREADY_EXTENDED = new Set(['su', 'longrope', 'llama3']);

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * The longest sequence (prompt + output tokens) the engine serves, derived from the config as vLLM
 * derives its default `max_model_len` (vllm/config.py, `_get_and_verify_max_len`): the smallest position
 * limit the config names; a `rope_scaling` factor multiplies it only where the config's limit is the
 * original one — YaRN scales `original_max_position_embeddings`, linear and dynamic NTK scale the limit,
 * and llama3 / longrope / su configs already state the extended limit. `{ tokens, fields }` says which
 * fields it came from, for messages.
 */
export function derivedContextLength(config: Raw): { tokens: number; fields: string[] } | undefined {
  const limits = LIMIT_KEYS.filter((k) => positive(config[k])).map((k) => ({
    key: k,
    v: config[k] as number,
  }));
  if (limits.length === 0) return undefined;
  const smallest = limits.reduce((a, b) => (b.v < a.v ? b : a));
  const rope = config.rope_scaling;
  if (typeof rope !== 'object' || rope === null) return { tokens: smallest.v, fields: [smallest.key] };
  const r = rope as Raw;
  const type =
    typeof r.rope_type === 'string' ? r.rope_type : typeof r.type === 'string' ? r.type : 'default';
  if (ALREADY_EXTENDED.has(type) || !positive(r.factor))
    return { tokens: smallest.v, fields: [smallest.key] };
  if (type === 'yarn' && positive(r.original_max_position_embeddings)) {
    return {
      tokens: Math.floor(r.original_max_position_embeddings * r.factor),
      fields: ['rope_scaling.original_max_position_embeddings', 'rope_scaling.factor'],
    };
  }
  return { tokens: Math.floor(smallest.v * r.factor), fields: [smallest.key, 'rope_scaling.factor'] };
}
