// Runs the Python profiler harness (profiler/) on CPU with a tiny config and checks that what it writes
// is a Measurement file. Needs Debian's python3-torch at /usr/bin/python3; skipped otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const python = '/usr/bin/python3';
const hasTorch =
  existsSync(python) && spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const root = resolve(import.meta.dirname, '../../..');
const parserFile = join(root, 'src/catalog/measurement-file.ts');

const tinyLlama = {
  model_type: 'llama',
  vocab_size: 128,
  hidden_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  intermediate_size: 128,
  max_position_embeddings: 512,
};

describe.skipIf(!hasTorch)('profiler harness round trip (CPU, tiny config)', () => {
  let dir = '';
  let outFile = '';
  let run: ReturnType<typeof spawnSync>;
  let raw: Record<string, unknown> & { samples: Record<string, unknown>[] };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infersave-profiler-'));
    const config = join(dir, 'config.json');
    outFile = join(dir, 'measurements.json');
    writeFileSync(config, JSON.stringify(tinyLlama));
    run = spawnSync(
      python,
      [
        '-m',
        'infersave_profiler',
        '--config',
        config,
        '--out',
        outFile,
        '--device',
        'cpu',
        '--batch-sizes',
        '1,2',
        '--context-lengths',
        '8,32',
        '--offload-fractions',
        '0,1',
        '--repeats',
        '1',
        '--warmup',
        '0',
        '--model-id',
        'tiny-llama',
        '--quiet',
      ],
      { cwd: join(root, 'profiler'), encoding: 'utf8', timeout: 60_000 },
    );
    if (existsSync(outFile)) raw = JSON.parse(readFileSync(outFile, 'utf8'));
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 and writes the file', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(raw).toBeDefined();
  });

  it('writes the Measurement shape', () => {
    expect(raw).toMatchObject({
      schemaVersion: 1,
      hardware: { gpuCount: 1 },
      software: { engine: 'infersave-profiler' },
      model: { id: 'tiny-llama' },
      precision: 'fp32',
      tensorParallel: 1,
      provenance: { source: 'infersave-profiler' },
    });
    expect(raw.samples).toHaveLength(2 * 2 * 2 * 2);
    for (const s of raw.samples) {
      expect(['prefill', 'decode']).toContain(s.stage);
      expect([1, 2]).toContain(s.batchSize);
      expect([8, 32]).toContain(s.contextTokens);
      expect([0, 1]).toContain(s.offloadFraction);
      expect(s.inputTokens).toBe(s.stage === 'prefill' ? s.contextTokens : 1);
      expect(s.seconds).toBeGreaterThan(0);
    }
  });

  it.skipIf(!existsSync(parserFile))('parses with parseMeasurementFile', async () => {
    const { parseMeasurementFile } = await import(parserFile);
    const parsed = parseMeasurementFile(raw, outFile);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(parsed.value.samples).toHaveLength(16);
  });
});
