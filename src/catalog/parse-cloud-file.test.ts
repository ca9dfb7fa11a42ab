import { describe, expect, it } from 'vitest';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { CloudFile } from './cloud-file-schema.js';
import { parseCloudFile } from './parse-cloud-file.js';

const t4: GpuSpec = {
  id: 'T4',
  name: 'NVIDIA T4',
  architecture: 'Turing',
  memoryBytes: 16 * 2 ** 30,
  hbmBytesPerSecond: 320e9,
  peak: { fp32FlopPerSecond: 8.1e12, fp16FlopPerSecond: 65e12 },
  hostToDeviceBytesPerSecond: 16e9,
  deviceToHostBytesPerSecond: 16e9,
  tdpWatts: 70,
  sources: [{ title: 'test' }],
};

const cloud = (overrides: Partial<CloudFile> = {}): CloudFile => ({
  schemaVersion: 1,
  id: 'test',
  provider: 'aws',
  description: 'test catalog',
  asOf: '2026-01-21',
  billing: { kind: 'per-second', minimumSeconds: 60 },
  defaultRegion: 'us-east-1',
  sources: [{ title: 'catalog source' }],
  instances: [
    {
      id: 'g4dn.xlarge',
      gpuId: 'T4',
      gpuCount: 1,
      vcpus: 4,
      hostMemoryGiB: 16,
      gpuInterconnect: 'none',
      prices: [{ region: 'us-east-1', onDemandUsdPerHour: 0.526, reservedUsdPerHour: 0.331 }],
      sources: [{ title: 'instance source' }],
    },
  ],
  ...overrides,
});

describe('parseCloudFile', () => {
  it('converts host memory from GiB to bytes and keeps prices in USD per hour', () => {
    const result = parseCloudFile(cloud(), [t4]);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [instance] = result.value.instances;
    expect(instance?.hostMemoryBytes).toBe(16 * 2 ** 30);
    expect(instance?.prices).toEqual([
      { region: 'us-east-1', onDemandUsdPerHour: 0.526, reservedUsdPerHour: 0.331 },
    ]);
    expect(instance?.provider).toBe('aws');
    expect(instance?.sources.map((source) => source.title)).toEqual(['catalog source', 'instance source']);
    expect(result.value.billing).toEqual({ kind: 'per-second', minimumSeconds: 60 });
    expect(result.value.gpus.map((gpu) => gpu.id)).toEqual(['T4']);
    expect(result.warnings).toEqual([]);
  });

  it('names the instance and the unknown GPU when a gpuId resolves to nothing', () => {
    const file = cloud();
    const instance = file.instances[0];
    if (!instance) throw new Error('fixture');
    const result = parseCloudFile({ ...file, instances: [{ ...instance, gpuId: 'T5' }] }, [t4]);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          code: 'catalog-unknown-gpu',
          path: 'instances[0].gpuId',
          details: { instance: 'g4dn.xlarge', gpuId: 'T5', known: ['T4'] },
        },
      ],
    });
  });

  it("lets the catalog's own GPU entries override the shared list by id", () => {
    const own = {
      id: 'T4',
      name: 'T4 as labelled',
      architecture: 'Turing',
      memoryGB: 16,
      hbmGBPerSecond: 320,
      fp32Tflops: 8.24,
      fp16DenseTflops: 8.24,
      pcieGBPerSecondPerDirection: 6,
      tdpWatts: 70,
      sources: [{ title: 'paper' }],
    };
    const result = parseCloudFile(cloud({ gpus: [own] }), [t4]);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.gpus[0]?.memoryBytes).toBe(16e9);
    expect(result.value.gpus[0]?.hostToDeviceBytesPerSecond).toBe(6e9);
  });

  it('reports schema problems with their paths and every cross-reference problem at once', () => {
    const bad = {
      ...cloud(),
      asOf: '21/01/2026',
      billing: { kind: 'monthly' },
      instances: [{ id: 'x', gpuCount: 0 }],
    };
    const result = parseCloudFile(bad, [t4]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'asOf',
        'billing.kind',
        'instances[0].gpuId',
        'instances[0].gpuCount',
        'instances[0].prices',
      ]),
    );
  });

  it('rejects repeated instance ids, repeated regions and multi-GPU instances without an interconnect', () => {
    const file = cloud();
    const instance = file.instances[0];
    if (!instance) throw new Error('fixture');
    const price = { region: 'us-east-1', onDemandUsdPerHour: 1 };
    const result = parseCloudFile(
      { ...file, instances: [instance, { ...instance, gpuCount: 4, prices: [price, price] }] },
      [t4],
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'catalog-duplicate-id instances[1].id',
      'catalog-inconsistent instances[1].gpuInterconnect',
      'catalog-duplicate-region instances[1].prices[1].region',
    ]);
  });

  it('warns when no instance is priced in the default region', () => {
    const result = parseCloudFile(cloud({ defaultRegion: 'eu-west-1' }), [t4]);
    expect(result.ok && result.warnings.map((warning) => warning.code)).toEqual([
      'catalog-default-region-unpriced',
    ]);
  });
});
