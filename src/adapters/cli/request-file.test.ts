import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-request-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PLAN = file(
  'plan.yaml',
  [
    'model: facebook/opt-2.7b',
    'inputTokens: 128',
    'outputTokens: 512',
    'batchSize: 32',
    'requests: 3000',
    'sloTps: 400',
    'maxPrice: 3',
    'precision: [fp16]',
    'top: 3',
  ].join('\n'),
);

describe('--request plan.yaml|json', () => {
  it('holds a request’s fields, read as the flags would be', async () => {
    const run = await cli('recommend', '--request', PLAN, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.settings.model).toBe('facebook/opt-2.7b');
    expect(json.settings.maxPriceUsdPerHour).toBe(3);
  });

  it('is overridden by the flags given', async () => {
    const run = await cli('recommend', '--request', PLAN, '--max-price=2.5', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).settings.maxPriceUsdPerHour).toBe(2.5);
  });

  it('holds compare-api’s fields too, lists as YAML lists', async () => {
    const plan = file(
      'compare.yaml',
      [
        'model: meta-llama/Llama-3.1-8B',
        'inputTokens: 512',
        'outputTokens: 128',
        'batchSize: 16',
        'cloud: [aws, lambda]',
        'apiModel: [groq/llama-3.3-70b-versatile, together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo]',
        'curvePoints: 5',
      ].join('\n'),
    );
    const run = await cli('compare-api', '--request', plan, '--json');
    expect(run.err).toBe('');
    const json = JSON.parse(run.out);
    expect(json.clouds).toEqual(['aws', 'lambda']);
    expect(json.apis.map((a: { id: string }) => a.id)).toEqual([
      'groq/llama-3.3-70b-versatile',
      'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo',
    ]);
    expect(json.curve).toHaveLength(5);
  });

  it('a JSON file works the same', async () => {
    const json = file(
      'plan.json',
      JSON.stringify({ model: 'meta-llama/Llama-3.1-8B', instance: 'g6.xlarge' }),
    );
    const run = await cli(
      'predict',
      '--request',
      json,
      '--input-tokens=1024',
      '--output-tokens=128',
      '--batch-size=16',
      '--json',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).instance).toBe('g6.xlarge');
  });

  it('is checked against the command’s request schema: every unknown field and wrong type, exit 2', async () => {
    const bad = file('bad.yaml', 'model: facebook/opt-2.7b\ninputTokens: [1, 2]\nsloTpss: 400\n');
    const run = await cli('recommend', '--request', bad);
    expect(run.code).toBe(2);
    expect(run.err).toContain('inputTokens');
    expect(run.err).toContain('sloTpss');
    expect(run.err).toContain('bad.yaml');
    expect(run.err).not.toContain('    at ');
  });

  it('a missing file is bad input, not a crash', async () => {
    const run = await cli('simulate', '--request', join(dir, 'none.yaml'));
    expect(run.code).toBe(2);
    expect(run.err).toContain('none.yaml');
  });
});

describe('--help', () => {
  it('groups the flags of a planning command by concern', async () => {
    const help = await cli('recommend', '--help');
    for (const heading of ['Model:', 'Workload:', 'SLOs and budget:', 'Hardware and prices:', 'Output:'])
      expect(help.out).toContain(heading);
    expect(help.out.indexOf('Model:')).toBeLessThan(help.out.indexOf('--model-config'));
  });
});
