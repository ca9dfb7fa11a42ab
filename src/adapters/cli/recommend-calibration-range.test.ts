import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

// Synthetic H100 measurements: prefill batch 1–16, decode batch 1–64 (see calibrate-cli.test.ts).
const FIXTURE = resolve(
  import.meta.dirname,
  '../../../test/fixtures/measurements/llama-3.1-8b-h100-synthetic.json',
);
const dir = mkdtempSync(join(tmpdir(), 'infersave-recommend-range-'));
const calibration = join(dir, 'h100.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const recommend = (batch: string, ...more: string[]) =>
  cli(
    'recommend',
    ...['--model', 'meta-llama/Llama-3.1-8B', '--instances', 'p5.4xlarge', '--precision', 'bf16'],
    ...['--input-tokens', '512', '--output-tokens', '64', '--batch-size', batch, '--slo-tps', '1'],
    ...['--calibration', calibration],
    ...more,
  );

describe('recommend with a calibration: measured-range warnings for the pick', () => {
  beforeAll(async () => {
    const run = await cli('calibrate', FIXTURE, '--out', calibration);
    if (run.code !== 0) throw new Error(run.err);
  });

  it('warns when the pick is asked about a batch outside the fitted range', async () => {
    const run = await recommend('128', '--json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.pick?.gpu ?? json.pick?.instance).toBeDefined();
    const messages = (json.warnings as { code: string; message: string }[])
      .filter((w) => w.code === 'calibration-extrapolated')
      .map((w) => w.message);
    expect(messages).toEqual([
      'calibration h100 for p5.4xlarge (prefill) was fitted on batch size 1–16, this asks 128: extrapolated',
      'calibration h100 for p5.4xlarge (decode) was fitted on batch size 1–64, this asks 128: extrapolated',
    ]);
  });

  it('shows the warning in the table too', async () => {
    const run = await recommend('128');
    expect(run.code).toBe(0);
    expect(run.out).toContain('was fitted on batch size 1–64, this asks 128: extrapolated');
  });

  it('stays quiet inside the range', async () => {
    const run = await recommend('8', '--json');
    expect(run.code).toBe(0);
    const codes = (JSON.parse(run.out).warnings as { code: string }[]).map((w) => w.code);
    expect(codes).not.toContain('calibration-extrapolated');
  });
});
