import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputFileIssues, writeOutputFile } from './output-file.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('outputFileIssues', () => {
  it('lets a command write a new file in an existing folder', () => {
    expect(outputFileIssues(join(dir, 'new.json'), '--out', { force: false })).toEqual([]);
  });

  it('refuses to replace an existing file without --force, and allows it with', () => {
    const path = join(dir, 'old.json');
    writeFileSync(path, 'keep me');
    expect(outputFileIssues(path, '--out', { force: false })).toEqual([
      { code: 'output-exists', path: '--out', details: { file: path } },
    ]);
    expect(outputFileIssues(path, '--out', { force: true })).toEqual([]);
  });

  it('never writes over the command’s own input, even with --force or through a symbolic link', () => {
    const input = join(dir, 'm.json');
    writeFileSync(input, '{}');
    const link = join(dir, 'link.json');
    symlinkSync(input, link);
    for (const target of [input, link, `${dir}/./m.json`]) {
      const issues = outputFileIssues(target, '--out', { force: true, inputs: [input] });
      expect(issues.map((i) => i.code)).toEqual(['output-is-input']);
    }
  });

  it('names a folder given as the file and a folder that does not exist', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(outputFileIssues(sub, '--timeline', { force: true })[0]?.code).toBe('output-is-directory');
    expect(outputFileIssues(join(dir, 'nope', 'a.csv'), '--timeline', { force: false })[0]?.code).toBe(
      'output-folder-missing',
    );
  });
});

describe('writeOutputFile', () => {
  it('replaces the whole file and leaves no temporary file behind', () => {
    const path = join(dir, 'w.txt');
    writeFileSync(path, 'old');
    expect(writeOutputFile(path, 'new')).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('returns the reason and leaves the old file whole when the folder cannot be written', () => {
    expect(writeOutputFile(join(dir, 'missing', 'x.txt'), 'x')).toMatch(/ENOENT/);
  });
});
