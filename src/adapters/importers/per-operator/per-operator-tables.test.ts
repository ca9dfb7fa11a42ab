import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKernelTablesFile } from '../../../catalog/kernel-tables-file.js';
import { parseMeasurementFile } from '../../../catalog/measurement-file.js';
import { llama31_8b } from '../../../core/fixtures/models.js';
import { importPerOperatorTables } from './per-operator-tables.js';

const raw = JSON.parse(
  readFileSync(new URL('../../../../data/v1/kernels/H100-SXM.json', import.meta.url), 'utf8'),
);
const parsed = parseKernelTablesFile(raw);
if (!parsed.ok) throw new Error('H100 kernel tables do not parse');
const h100 = parsed.value;

describe('importPerOperatorTables on the committed H100 tables', () => {
  const measurement = importPerOperatorTables(h100, llama31_8b, 'bf16', 1);

  it('sums prefill and decode steps at exact grid points into a valid measurement', () => {
    const prefill = measurement.samples.filter((s) => s.stage === 'prefill');
    const decode = measurement.samples.filter((s) => s.stage === 'decode');
    expect(prefill.length).toBeGreaterThan(10);
    expect(decode.length).toBeGreaterThan(30);
    expect(measurement.hardware).toEqual({ gpu: 'H100-SXM', gpuCount: 1 });
    expect(parseMeasurementFile(JSON.parse(JSON.stringify(measurement)), 'per-operator').ok).toBe(true);
  });

  it('a batch-1 decode step is the sum of the measured kernels × 32 layers, near the weight-read time', () => {
    const step = measurement.samples.find(
      (s) => s.stage === 'decode' && s.batchSize === 1 && s.contextTokens === 1024,
    );
    // ~14.5 GB of layer weights at ~3 TB/s: a few milliseconds.
    expect(step?.seconds).toBeGreaterThan(4e-3);
    expect(step?.seconds).toBeLessThan(8e-3);
  });

  it('skips points whose shapes are absent and says how many', () => {
    const grid = { prefill: { batches: [1], tokens: [128, 100] }, decode: { batches: [1], tokens: [1024] } };
    const small = importPerOperatorTables(h100, llama31_8b, 'bf16', 1, grid);
    expect(small.samples).toHaveLength(2);
    expect(small.software.notes).toContain('1 without a measured gemm shape');
  });

  it('adds two measured all-reduces per layer under tensor parallelism', () => {
    const grid = { prefill: { batches: [1], tokens: [] }, decode: { batches: [8], tokens: [1024] } };
    const tp2 = importPerOperatorTables(h100, llama31_8b, 'bf16', 2, grid);
    expect(tp2.tensorParallel).toBe(2);
    expect(
      tp2.samples.length + Number(/(\d+) without a measured all-reduce/.exec(tp2.software.notes ?? '')?.[1]),
    ).toBe(1);
  });
});
