import { describe, expect, it } from 'vitest';
import { parseModelsFile } from './parse-models-file.js';

const config = {
  model_type: 'mistral',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  vocab_size: 32000,
  max_position_embeddings: 32768,
  torch_dtype: 'bfloat16',
};

const file = (...models: unknown[]) => ({ schemaVersion: 1, description: 'test models', models });

describe('parseModelsFile', () => {
  it('parses each config and carries the published parameter count and sources', () => {
    const result = parseModelsFile(
      file({
        id: 'mistralai/Mistral-7B-v0.1',
        config,
        publishedParameterCount: 7_300_000_000,
        sources: [{ title: 'card' }],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value[0]).toMatchObject({
      id: 'mistralai/Mistral-7B-v0.1',
      numKeyValueHeads: 8,
      publishedParameterCount: 7_300_000_000,
      sources: [{ title: 'card' }],
    });
  });

  it("prefixes a config's issues with the entry's path", () => {
    const result = parseModelsFile(
      file(
        { id: 'ok', config, sources: [{ title: 's' }] },
        { id: 'bad', config: { ...config, hidden_size: 0 }, sources: [{ title: 's' }] },
      ),
    );
    expect(result.ok || result.issues.map((issue) => issue.path)).toEqual(['models[1].config.hidden_size']);
  });

  it('rejects repeated ids and entries without sources', () => {
    const entry = { id: 'same', config, sources: [{ title: 's' }] };
    const result = parseModelsFile(file(entry, entry, { id: 'nosource', config, sources: [] }));
    expect(result.ok || result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'schema-invalid models[2].sources',
    ]);
    const duplicates = parseModelsFile(file(entry, entry));
    expect(duplicates.ok || duplicates.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'catalog-duplicate-id models[1].id',
    ]);
  });
});
