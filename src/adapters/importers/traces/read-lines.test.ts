import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLines } from './read-lines.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infersave-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lines(text: string | Buffer, chunkBytes?: number, stopAt?: number): Promise<string[]> {
  const path = join(dir, 'lines.txt');
  writeFileSync(path, text);
  const seen: string[] = [];
  await readLines(
    path,
    (bytes, start, end, lineNumber) => {
      seen.push(`${lineNumber}:${bytes.toString('utf8', start, end)}`);
      return lineNumber !== stopAt;
    },
    chunkBytes,
  );
  return seen;
}

describe('readLines', () => {
  const text = 'alpha\r\nbeta\n\ngamma delta\r\nlast without newline';
  const expected = ['1:alpha', '2:beta', '3:', '4:gamma delta', '5:last without newline'];

  it('hands over each line without its \\n or \\r\\n, numbered from 1, the last even without a newline', async () => {
    expect(await lines(text)).toEqual(expected);
  });

  it('gives the same lines whatever the chunk size, even when \\r and \\n fall in different chunks', async () => {
    for (const chunkBytes of [1, 2, 3, 5, 7, 64]) expect(await lines(text, chunkBytes)).toEqual(expected);
  });

  it('skips a UTF-8 byte-order mark and keeps multi-byte characters split across chunks whole', async () => {
    expect(await lines('\uFEFFTIMESTAMP\nµs→s\n', 2)).toEqual(['1:TIMESTAMP', '2:µs→s']);
  });

  it('stops when the handler returns false', async () => {
    expect(await lines(text, 4, 2)).toEqual(['1:alpha', '2:beta']);
  });

  it('reads nothing from an empty file and rejects on a missing one', async () => {
    expect(await lines('')).toEqual([]);
    await expect(readLines(join(dir, 'missing.txt'), () => true)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
