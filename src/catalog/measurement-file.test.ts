import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEASUREMENT_SCHEMA_PATH, measurementSchemaText } from '../../scripts/measurement-schema.js';
import type { Issue } from '../core/issue.js';
import type { Measurement } from '../core/measurement.js';
import { parseMeasurementFile } from './measurement-file.js';

const FILE = 'runs/h100-llama.json';

function measurement(): Measurement {
  return {
    schemaVersion: 1,
    hardware: { gpu: 'H100-SXM', gpuCount: 1, instance: 'p5.48xlarge' },
    software: { engine: 'infersave-profiler', version: '0.1.0', notes: 'torch 2.5.1, CUDA 12.4' },
    model: { id: 'llama-3.1-8b', config: { num_hidden_layers: 32, hidden_size: 4096 } },
    precision: 'bf16',
    tensorParallel: 1,
    samples: [
      {
        stage: 'prefill',
        batchSize: 4,
        inputTokens: 512,
        contextTokens: 512,
        offloadFraction: 0,
        seconds: 0.0412,
        powerWatts: 612,
        smClockMHz: 1980,
      },
      {
        stage: 'decode',
        batchSize: 32,
        inputTokens: 1,
        contextTokens: 1024,
        offloadFraction: 0.5,
        seconds: 0.0187,
      },
    ],
    provenance: {
      source: 'profiler',
      date: '2025-06-01T12:00:00Z',
      command: 'python -m profiler',
      file: FILE,
    },
  };
}

function issuesOf(raw: unknown): Issue[] {
  const result = parseMeasurementFile(raw, FILE);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.issues;
}

describe('parseMeasurementFile', () => {
  it('round-trips a measurement: Measurement → JSON → parse gives the same measurement', () => {
    const original = measurement();
    const result = parseMeasurementFile(JSON.parse(JSON.stringify(original)), FILE);
    expect(result).toEqual({ ok: true, value: original, warnings: [] });
  });

  it('names the file, the sample index and the field of a missing sample field (samples[1].seconds)', () => {
    const raw = measurement() as unknown as { samples: Record<string, unknown>[] };
    delete raw.samples[1]?.seconds;
    expect(issuesOf(raw)).toEqual([
      expect.objectContaining({
        code: 'measurement-invalid',
        path: 'samples[1].seconds',
        details: expect.objectContaining({ file: FILE, sampleIndex: 1 }),
      }),
    ]);
  });

  it('refuses a wrong type, naming the field', () => {
    const raw = { ...measurement(), tensorParallel: '1' };
    expect(issuesOf(raw)).toEqual([
      expect.objectContaining({ path: 'tensorParallel', details: expect.objectContaining({ file: FILE }) }),
    ]);
  });

  it('refuses a file with no samples', () => {
    expect(issuesOf({ ...measurement(), samples: [] })).toEqual([
      expect.objectContaining({ code: 'measurement-invalid', path: 'samples' }),
    ]);
  });

  it('collects every problem at once, nothing half-imported', () => {
    const raw = measurement() as unknown as Record<string, unknown> & { samples: Record<string, unknown>[] };
    raw.precision = 'bf17';
    if (raw.samples[0]) raw.samples[0].offloadFraction = 1.5;
    if (raw.samples[1]) raw.samples[1].stage = 'generate';
    const paths = issuesOf(raw).map((issue) => issue.path);
    expect(paths).toEqual(['precision', 'samples[0].offloadFraction', 'samples[1].stage']);
  });

  it('refuses unknown keys (a typo such as "second" is not silently dropped)', () => {
    const raw = measurement() as unknown as { samples: Record<string, unknown>[] };
    if (raw.samples[0]) raw.samples[0].second = 1;
    expect(issuesOf(raw)[0]).toMatchObject({ path: 'samples[0]', details: { keys: ['second'] } });
  });

  it('refuses a context shorter than the new tokens', () => {
    const raw = measurement();
    if (raw.samples[0]) raw.samples[0].contextTokens = 100;
    expect(issuesOf(raw)[0]?.path).toBe('samples[0].contextTokens');
  });

  it('refuses a schema version it does not know, and a non-object', () => {
    expect(issuesOf({ ...measurement(), schemaVersion: 2 })[0]?.path).toBe('schemaVersion');
    expect(issuesOf([])[0]?.path).toBe('(root)');
  });

  it('has an up-to-date docs/schemas/measurement.schema.json (regenerate: npx tsx scripts/measurement-schema.ts)', () => {
    expect(readFileSync(MEASUREMENT_SCHEMA_PATH, 'utf8')).toBe(measurementSchemaText());
  });
});
