import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionReader } from '../../app/option-reader.js';
import { loadTraceFile, readTraceFileOptions } from './trace-file.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-trace-file-'));
const plain = join(dir, 'plain.csv');
writeFileSync(plain, 'arrival_s,input_tokens,output_tokens\n0,100,10\n1,200,20\n2,300,30\n');

describe('a command’s --trace file', () => {
  it('reads the file, keeping only the first --first requests', async () => {
    const options = readTraceFileOptions(new OptionReader({ first: '2', traceFormat: 'plain' }));
    expect(options).toEqual({ first: 2, format: 'plain' });
    const read = await loadTraceFile(plain, options);
    expect(read?.ok).toBe(true);
    if (!read?.ok) return;
    expect([...read.value.workload.inputTokens]).toEqual([100, 200]);
  });

  it('is absent without a path, and a bad --on-bad-row or --first is an issue of the reader', async () => {
    expect(await loadTraceFile(undefined, {})).toBeUndefined();
    const o = new OptionReader({ onBadRow: 'ignore', first: '-1' });
    readTraceFileOptions(o);
    expect(o.issues.map((i) => i.path).sort()).toEqual(['first', 'onBadRow']);
  });

  it('names a missing file', async () => {
    const read = await loadTraceFile(join(dir, 'nope.csv'), {});
    expect(read?.ok).toBe(false);
  });
});
