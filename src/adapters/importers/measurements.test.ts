import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../core/measurement.js';
import { describeIssue } from '../../messages/messages.js';
import { detectMeasurementFormat, readMeasurementFile } from './measurements.js';

const NATIVE: Measurement = {
  schemaVersion: 1,
  hardware: { gpu: 'H100-SXM', gpuCount: 1 },
  software: { engine: 'infersave-profiler', version: '0.1.0' },
  model: { id: 'llama-3.1-8b' },
  precision: 'bf16',
  tensorParallel: 1,
  samples: [
    {
      stage: 'decode',
      batchSize: 8,
      inputTokens: 1,
      contextTokens: 2048,
      offloadFraction: 0,
      seconds: 0.012,
    },
  ],
  provenance: { source: 'profiler' },
};

function write(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'measurements-')), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('readMeasurementFile', () => {
  it('reads a native measurement file unchanged', () => {
    expect(readMeasurementFile(write('m.json', NATIVE))).toEqual({ ok: true, value: NATIVE, warnings: [] });
  });

  it('tells the formats apart by the keys each tool writes', () => {
    expect(detectMeasurementFormat(NATIVE)).toBe('measurement');
    expect(detectMeasurementFormat({ avg_latency: 1, latencies: [1], percentiles: {} })).toBe(
      'vllm-bench-latency',
    );
    expect(
      detectMeasurementFormat({
        elapsed_time: 1,
        num_requests: 1,
        total_num_tokens: 2,
        tokens_per_second: 2,
      }),
    ).toBe('vllm-bench-throughput');
    expect(detectMeasurementFormat({ request_throughput: 1, median_ttft_ms: 3 })).toBe('vllm-bench-serve');
    expect(detectMeasurementFormat({ benchmarks: [] })).toBe('guidellm');
    expect(detectMeasurementFormat([1, 2])).toBeUndefined();
  });

  it('dispatches a vLLM latency file to its importer with the caller’s options', () => {
    const path = write('lat.json', { avg_latency: 0.05, latencies: [0.05], percentiles: { '50': 0.05 } });
    const result = readMeasurementFile(path, {
      gpu: 'A10G',
      gpuCount: 1,
      model: 'llama-3.1-8b',
      precision: 'bf16',
      tensorParallel: 1,
      batchSize: 1,
      inputLen: 128,
      outputLen: 1,
    });
    expect(result.ok && result.value.samples[0]?.stage).toBe('prefill');
  });

  it('names the file when the format is unknown, in a sentence', () => {
    const path = write('mystery.json', { hello: 'world' });
    const result = readMeasurementFile(path);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.issues[0]).toMatchObject({ code: 'measurement-format-unknown', details: { file: path } });
    expect(describeIssue(result.issues[0] ?? { code: '' })).toContain(`${path}: cannot tell what produced`);
  });

  it('reports unreadable files and bad JSON with the file name', () => {
    const missing = readMeasurementFile('/nonexistent/measurement.json');
    expect(missing.ok ? '' : missing.issues[0]?.code).toBe('file-unreadable');
    const bad = readMeasurementFile(write('bad.json', '{"samples": ['));
    expect(bad.ok ? '' : bad.issues[0]?.code).toBe('file-invalid-json');
  });

  it('says which sample and field of a native file is wrong, and that nothing was imported', () => {
    const path = write('m.json', { ...NATIVE, samples: [{ ...NATIVE.samples[0], seconds: -1 }] });
    const result = readMeasurementFile(path);
    if (result.ok) throw new Error('expected a refusal');
    expect(describeIssue(result.issues[0] ?? { code: '' })).toMatch(
      new RegExp(`^${path}: samples\\[0\\]\\.seconds: .* nothing was imported\\.$`),
    );
  });
});
