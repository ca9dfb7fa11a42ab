import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIssue } from './messages.js';
import { workloadMessages } from './workload-messages.js';

const tracesDir = resolve(import.meta.dirname, '..', 'adapters', 'importers', 'traces');

/** Issue codes written as `code: '…'` in the trace importers. */
function importerCodes(): string[] {
  return readdirSync(tracesDir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .flatMap((name) =>
      [...readFileSync(join(tracesDir, name), 'utf8').matchAll(/code: '([a-z0-9-]+)'/g)].map(
        (m) => m[1] ?? '',
      ),
    );
}

describe('workloadMessages', () => {
  it('has a sentence for every issue code the trace importers produce, and none for codes they do not', () => {
    const codes = new Set(importerCodes());
    expect(codes.size).toBeGreaterThan(5);
    expect([...codes].filter((code) => !(code in workloadMessages))).toEqual([]);
    expect(Object.keys(workloadMessages).filter((code) => !codes.has(code))).toEqual([]);
  });

  it('a bad row names its file and line and what is wrong', () => {
    expect(
      describeIssue({
        code: 'trace-row-invalid',
        path: 'conv.csv:812',
        message: 'ContextTokens is negative (-3)',
        details: { line: 812, column: 'ContextTokens', value: '-3' },
      }),
    ).toBe(
      'conv.csv:812: bad row: ContextTokens is negative (-3) — fix or delete the row (rows that fail to parse are skipped unless the import is set to fail on bad rows).',
    );
  });

  it('the skipped-rows summary counts with thousands separators', () => {
    expect(
      describeIssue({
        code: 'trace-rows-skipped',
        path: 'big.csv',
        details: { file: 'big.csv', skipped: 1234, shown: 20, read: 1_000_000 },
      }),
    ).toBe('big.csv: skipped 1,234 bad rows of 1,000,000 (20 shown above).');
  });

  it('an empty import after a model filter names the filter', () => {
    expect(
      describeIssue({
        code: 'trace-empty',
        details: { file: 'BurstGPT_1.csv', read: 5, skipped: 0, filtered: 5, model: 'GPT-5' },
      }),
    ).toBe(
      'BurstGPT_1.csv: no requests to import (5 rows read, 0 bad, 5 filtered out by GPT-5) — check the file and the filters.',
    );
  });
});
