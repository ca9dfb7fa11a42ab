import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogMessages } from './catalog-messages.js';

const src = resolve(import.meta.dirname, '..');

/** Issue codes written as `code: '…'` in the catalog parsers and the file-system data loaders. */
function codesIn(dir: string, files: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && files(name))
    .flatMap((name) =>
      [...readFileSync(join(dir, name), 'utf8').matchAll(/code: '([a-z0-9-]+)'/g)].map((m) => m[1] ?? ''),
    );
}

describe('catalogMessages', () => {
  const mine = (name: string) => !/^(efficiency|calibration|measurement)-file\.ts$/.test(name);
  const codes = [
    ...codesIn(join(src, 'catalog'), mine),
    ...codesIn(join(src, 'adapters', 'fs'), (name) =>
      ['builtin-data.ts', 'read-json-file.ts', 'read-hf-config-file.ts'].includes(name),
    ),
    'schema-invalid',
  ].filter((code) => code !== 'custom'); // 'custom' is a zod refinement code, reported as schema-invalid

  it('has a sentence for every issue code the catalog parsers and data loaders produce', () => {
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) expect(catalogMessages[code], code).toBeTypeOf('function');
  });

  it('says what was wrong, where, and what to do for a missing config field', () => {
    const text = catalogMessages['config-field-missing']?.({
      code: 'config-field-missing',
      path: 'hidden_size',
      details: { id: 'my/model' },
    });
    expect(text).toBe(
      "config.json of 'my/model' has no 'hidden_size' — add it from the model's Hugging Face config.json.",
    );
  });

  it('gives the line and column of invalid JSON', () => {
    const text = catalogMessages['file-invalid-json']?.({
      code: 'file-invalid-json',
      message: 'Unexpected token',
      details: { file: 'config.json', line: 4, column: 3, offset: 50 },
    });
    expect(text).toBe('config.json is not valid JSON at line 4, column 3: Unexpected token.');
  });

  it('lists the known GPUs for an unknown GPU id', () => {
    const text = catalogMessages['catalog-unknown-gpu']?.({
      code: 'catalog-unknown-gpu',
      path: 'instances[0].gpuId',
      details: { instance: 'g4dn.xlarge', gpuId: 'T5', known: ['A10G', 'T4'] },
    });
    expect(text).toContain('known GPUs: A10G, T4');
  });
});
