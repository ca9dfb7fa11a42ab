import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHfConfigFile } from './read-hf-config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-config-'));

function write(folder: string, text: string): string {
  mkdirSync(join(dir, folder), { recursive: true });
  const file = join(dir, folder, 'config.json');
  writeFileSync(file, text);
  return file;
}

const mistral = {
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

describe('readHfConfigFile', () => {
  it('reads a config.json and names the model after its folder when it has no Hub id', () => {
    const result = readHfConfigFile(write('Mistral-7B-v0.1', JSON.stringify(mistral)));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value).toMatchObject({ id: 'Mistral-7B-v0.1', numKeyValueHeads: 8, headDim: 128 });
  });

  it('uses the Hub id in _name_or_path, or the id it is given', () => {
    const file = write('any', JSON.stringify({ ...mistral, _name_or_path: 'mistralai/Mistral-7B-v0.1' }));
    expect(readHfConfigFile(file).ok && readHfConfigFile(file)).toMatchObject({
      value: { id: 'mistralai/Mistral-7B-v0.1' },
    });
    expect(readHfConfigFile(file, 'mine')).toMatchObject({ value: { id: 'mine' } });
  });

  it('reports a file that cannot be read', () => {
    const file = join(dir, 'missing', 'config.json');
    const result = readHfConfigFile(file);
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'file-unreadable', path: file, details: { file } }],
    });
  });

  it('reports invalid JSON with the line and column of the error', () => {
    const file = write(
      'broken',
      '{\n  "model_type": "mistral",\n  "hidden_size": 4096\n  "vocab_size": 32000\n}',
    );
    const result = readHfConfigFile(file);
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'file-invalid-json', path: file, details: { file, line: 4, column: 3 } }],
    });
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(readHfConfigFile(write('bom', `\uFEFF${JSON.stringify(mistral)}`)).ok).toBe(true);
  });

  it('names the bad field and the file of a malformed config', () => {
    const { hidden_size: _hidden, ...noHidden } = mistral;
    const file = write('nohidden', JSON.stringify(noHidden));
    const result = readHfConfigFile(file);
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'config-field-missing', path: 'hidden_size', details: { file } }],
    });
  });
});
