import { describe, expect, it } from 'vitest';
import type { GpuEntry } from './gpu-file-schema.js';
import { parseGpuFile } from './parse-gpu-file.js';

const a10g: GpuEntry = {
  id: 'A10G',
  name: 'NVIDIA A10G',
  architecture: 'Ampere',
  memoryGiB: 24,
  hbmGBPerSecond: 600,
  fp32Tflops: 31.52,
  fp16DenseTflops: 70,
  int8DenseTops: 140,
  pcieGBPerSecondPerDirection: 32,
  tdpWatts: 300,
  sources: [{ title: 'test' }],
};

const file = (...gpus: unknown[]) => ({ schemaVersion: 1, description: 'test GPUs', gpus });

describe('parseGpuFile', () => {
  it('converts A10G 24 GiB to 25,769,803,776 bytes and 600 GB/s to 6e11 bytes/s', () => {
    const result = parseGpuFile(file(a10g));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [gpu] = result.value;
    expect(gpu?.memoryBytes).toBe(24 * 1024 * 1024 * 1024);
    expect(gpu?.memoryBytes).toBe(25_769_803_776);
    expect(gpu?.hbmBytesPerSecond).toBe(600e9);
  });

  it('converts GB as 10^9 bytes and MiB as 2^20 bytes, never as GiB', () => {
    const { memoryGiB: _gib, ...noMemory } = a10g;
    const result = parseGpuFile(
      file({ ...noMemory, id: 'gb', memoryGB: 16 }, { ...noMemory, id: 'mib', memoryMiB: 46068 }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.map((gpu) => gpu.memoryBytes)).toEqual([16e9, 46068 * 1048576]);
  });

  it('converts TFLOPS to FLOP/s and the per-direction PCIe figure to both host directions', () => {
    const result = parseGpuFile(file({ ...a10g, fp8DenseTflops: 140, nvlinkGBPerSecondPerDirection: 100 }));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [gpu] = result.value;
    expect(gpu?.peak).toEqual({
      fp32FlopPerSecond: 31.52e12,
      fp16FlopPerSecond: 70e12,
      fp8FlopPerSecond: 140e12,
      int8OpPerSecond: 140e12,
    });
    expect(gpu?.hostToDeviceBytesPerSecond).toBe(32e9);
    expect(gpu?.deviceToHostBytesPerSecond).toBe(32e9);
    expect(gpu?.nvlinkBytesPerSecond).toBe(100e9);
  });

  it('leaves fp8, int8 and NVLink absent when the entry has none', () => {
    const { int8DenseTops: _int8, ...plain } = a10g;
    const result = parseGpuFile(file(plain));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value[0]?.peak.fp8FlopPerSecond).toBeUndefined();
    expect(result.value[0]?.peak.int8OpPerSecond).toBeUndefined();
    expect(result.value[0]?.nvlinkBytesPerSecond).toBeUndefined();
  });

  it('rejects a bad entry with the path of every bad field, without throwing', () => {
    const result = parseGpuFile(
      file(a10g, { ...a10g, id: 'bad', hbmGBPerSecond: -1, fp16DenseTflops: 'fast', sources: [] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.path).sort()).toEqual([
      'gpus[1].fp16DenseTflops',
      'gpus[1].hbmGBPerSecond',
      'gpus[1].sources',
    ]);
    expect(result.issues.every((issue) => issue.code === 'schema-invalid')).toBe(true);
  });

  it('rejects an unknown key such as a unitless memory field', () => {
    const { memoryGiB: _gib, ...noMemory } = a10g;
    const result = parseGpuFile(file({ ...noMemory, memory: 24 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        path: 'gpus[0]',
        details: { zodCode: 'unrecognized_keys', keys: ['memory'] },
      }),
    );
    expect(result.issues).toContainEqual(
      expect.objectContaining({ path: 'gpus[0]', message: expect.stringContaining('memory key') }),
    );
  });

  it('rejects two memory keys on one GPU, naming the second', () => {
    const result = parseGpuFile(file({ ...a10g, memoryGB: 24 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'schema-invalid', path: 'gpus[0].memoryGiB' }),
    ]);
  });

  it('rejects a repeated GPU id', () => {
    const result = parseGpuFile(file(a10g, a10g));
    expect(result).toEqual({
      ok: false,
      issues: [{ code: 'catalog-duplicate-id', path: 'gpus[1].id', details: { id: 'A10G' } }],
    });
  });

  it('rejects input that is not a GPU file at all', () => {
    const result = parseGpuFile('not json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ code: 'schema-invalid', path: '(root)' });
  });
});
