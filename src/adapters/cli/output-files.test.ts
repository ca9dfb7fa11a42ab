import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../loadtest/bench-command.js';
import { cli } from './fixtures/run-cli.js';

const FIXTURE = resolve(
  import.meta.dirname,
  '../../../test/fixtures/measurements/llama-3.1-8b-h100-synthetic.json',
);
const EXAMPLE = [
  'recommend',
  ...['--model', 'facebook/opt-2.7b', '--input-tokens', '128', '--output-tokens', '512'],
  ...['--batch-size', '32', '--requests', '3000', '--slo-tps', '400', '--max-price', '3'],
];
const SIMULATE = [
  'simulate',
  ...['--model', 'meta-llama/Llama-3.1-8B', '--instance', 'g6e.xlarge', '--rate', '2', '--requests', '20'],
  ...['--input-tokens', '128', '--output-tokens', '16'],
];
const dir = mkdtempSync(join(tmpdir(), 'infersave-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('commands never overwrite a file silently (issue 12)', () => {
  it('calibrate m.json --out m.json is refused and the measurements survive, even with --force', async () => {
    const input = join(dir, 'm.json');
    writeFileSync(input, readFileSync(FIXTURE));
    for (const extra of [[], ['--force']]) {
      const run = await cli('calibrate', input, '--out', input, ...extra);
      expect(run.code).toBe(2);
      expect(run.err).toContain('own input');
      expect(readFileSync(input, 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    }
  });

  it('calibrate --out onto an existing file needs --force, and reports a bad flag in the same run', async () => {
    const out = join(dir, 'cal.json');
    writeFileSync(out, 'precious');
    const refused = await cli('calibrate', FIXTURE, '--out', out, '--predictor', 'nope');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('already exists; add --force');
    expect(refused.err).toContain("unknown predictor 'nope'");
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const forced = await cli('calibrate', FIXTURE, '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });

  it('recommend --emit-out onto an existing file needs --force', async () => {
    const out = join(dir, 'task.yaml');
    writeFileSync(out, 'mine');
    const refused = await cli(...EXAMPLE, '--emit', 'skypilot', '--emit-out', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--emit-out');
    expect(readFileSync(out, 'utf8')).toBe('mine');
    const forced = await cli(...EXAMPLE, '--emit', 'skypilot', '--emit-out', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('resources:');
  });

  it('simulate --timeline onto an existing file is refused before simulating', async () => {
    const out = join(dir, 't.csv');
    writeFileSync(out, 'keep');
    const refused = await cli(...SIMULATE, '--timeline', out);
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('keep');
    const forced = await cli(...SIMULATE, '--timeline', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('keep');
  });

  it('bench --out onto an existing file is refused before any request is sent', async () => {
    const out = join(dir, 'bench.json');
    writeFileSync(out, 'keep');
    const run = await runBench({
      url: 'http://127.0.0.1:9/v1',
      model: 'm',
      out,
      gpu: 'H100-SXM',
      precision: 'bf16',
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('keep');
  });
});
