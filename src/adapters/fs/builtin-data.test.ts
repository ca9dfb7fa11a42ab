import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GpuSpec } from '../../core/gpu-spec.js';
import type { Catalog } from '../../core/instance-type.js';
import type { Result } from '../../core/issue.js';
import { parameterCount } from '../../core/parameter-count.js';
import {
  listBuiltinCatalogIds,
  loadBuiltinCatalog,
  loadBuiltinGpus,
  loadBuiltinModels,
} from './builtin-data.js';
import { findPackageRoot } from './package-root.js';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  expect(result.warnings).toEqual([]);
  return result.value;
}

const gpus = (): GpuSpec[] => value(loadBuiltinGpus());
const aws = (): Catalog => value(loadBuiltinCatalog('aws'));

describe('built-in data', () => {
  it('finds the package root from this module', () => {
    const root = findPackageRoot(import.meta.url);
    expect(root).toBeDefined();
    expect(readdirSync(join(root ?? '', 'data', 'v1'))).toContain('gpus.json');
  });

  it('lists exactly the catalogs in data/v1/clouds', () => {
    const files = readdirSync(join(findPackageRoot(import.meta.url) ?? '', 'data', 'v1', 'clouds'));
    const catalogs = files.filter((file) => file.endsWith('.json'));
    expect(catalogs.map((file) => file.replace(/\.json$/, '')).sort()).toEqual(
      [...listBuiltinCatalogIds()].sort(),
    );
  });

  it('loads every GPU with positive memory, bandwidth and fp16 peak, and a source for each', () => {
    for (const gpu of gpus()) {
      expect(gpu.memoryBytes).toBeGreaterThan(0);
      expect(gpu.hbmBytesPerSecond).toBeGreaterThan(0);
      expect(gpu.peak.fp16FlopPerSecond).toBeGreaterThan(gpu.peak.fp32FlopPerSecond);
      expect(gpu.sources.length).toBeGreaterThan(0);
    }
  });

  it('stores the A10G as 24 GiB = 25,769,803,776 bytes at 600 GB/s', () => {
    const a10g = gpus().find((gpu) => gpu.id === 'A10G');
    expect(a10g?.memoryBytes).toBe(25_769_803_776);
    expect(a10g?.hbmBytesPerSecond).toBe(600e9);
  });

  it('uses the AIConfigurator peaks for H100 SXM: 989 TFLOPS bf16 dense, 3.35 TB/s', () => {
    const h100 = gpus().find((gpu) => gpu.id === 'H100-SXM');
    expect(h100?.peak.fp16FlopPerSecond).toBe(989e12);
    expect(h100?.hbmBytesPerSecond).toBe(3350e9);
  });

  it.each(listBuiltinCatalogIds())(
    'loads the %s catalog with every instance resolving its GPU and priced at least once',
    (id: string) => {
      const catalog = value(loadBuiltinCatalog(id));
      const gpuIds = new Set(catalog.gpus.map((gpu) => gpu.id));
      expect(catalog.instances.length).toBeGreaterThan(0);
      for (const instance of catalog.instances) {
        expect(gpuIds.has(instance.gpuId), instance.id).toBe(true);
        expect(instance.prices.length, instance.id).toBeGreaterThanOrEqual(1);
        expect(instance.sources.length).toBeGreaterThan(0);
      }
    },
  );

  it('maps every g5g instance to the NVIDIA T4G, not an ARM Mali', () => {
    const g5g = aws().instances.filter((instance) => instance.id.startsWith('g5g.'));
    expect(g5g.length).toBe(6);
    expect(new Set(g5g.map((instance) => instance.gpuId))).toEqual(new Set(['T4G']));
  });

  it('gives p4de.24xlarge 8 A100-80GB over NVLink and p4d.24xlarge 8 A100-40GB', () => {
    const byId = new Map(aws().instances.map((instance) => [instance.id, instance]));
    expect(byId.get('p4de.24xlarge')).toMatchObject({
      gpuId: 'A100-80GB',
      gpuCount: 8,
      gpuInterconnect: 'nvlink',
    });
    expect(byId.get('p4d.24xlarge')).toMatchObject({
      gpuId: 'A100-40GB',
      gpuCount: 8,
      gpuInterconnect: 'nvlink',
    });
  });

  it('prices g4dn.xlarge at $0.526/h on demand in us-east-1 and bills AWS per second with a 60 s minimum', () => {
    const catalog = aws();
    const g4dn = catalog.instances.find((instance) => instance.id === 'g4dn.xlarge');
    expect(g4dn?.prices.find((price) => price.region === 'us-east-1')?.onDemandUsdPerHour).toBe(0.526);
    expect(g4dn?.hostMemoryBytes).toBe(16 * 2 ** 30);
    expect(catalog.billing).toEqual({ kind: 'per-second', minimumSeconds: 60 });
    expect(catalog.asOf).toBe('2026-01-21');
  });

  it("prices the paper's four Table IV instances, billed hourly, on the real GPU specs", () => {
    const paper = value(loadBuiltinCatalog('paper-2025'));
    expect(paper.billing).toEqual({ kind: 'hourly' });
    expect(paper.instances.map((instance) => instance.id).sort()).toEqual([
      'g4dn.xlarge',
      'g5.xlarge',
      'g6.xlarge',
      'g6e.xlarge',
    ]);
    const t4 = paper.gpus.find((gpu) => gpu.id === 'T4');
    // Table IV's 8.24 'FP16' TFLOPS is the T4's FP32 peak; the catalog keeps the datasheet's 65 fp16 tensor.
    expect(t4?.peak.fp16FlopPerSecond).toBe(65e12);
    expect(paper.instances.find((i) => i.id === 'g4dn.xlarge')?.prices[0]?.onDemandUsdPerHour).toBe(0.71);
  });

  it('lists the four clouds and the paper snapshot, the snapshot marked so', () => {
    expect(listBuiltinCatalogIds()).toEqual(['aws', 'azure', 'gcp', 'lambda', 'paper-2025']);
    const roles = listBuiltinCatalogIds().map((id) => [id, value(loadBuiltinCatalog(id)).role]);
    expect(Object.fromEntries(roles)).toEqual({
      aws: 'cloud',
      azure: 'cloud',
      gcp: 'cloud',
      lambda: 'cloud',
      'paper-2025': 'snapshot',
    });
  });

  it('prices a2-highgpu-1g in us-central1 as its host VM plus one A100: $0.73948 + $2.93391 = $3.67339/h', () => {
    const gcp = value(loadBuiltinCatalog('gcp'));
    const a2 = gcp.instances.find((instance) => instance.id === 'a2-highgpu-1g');
    const price = a2?.prices.find((p) => p.region === 'us-central1');
    expect(price?.onDemandUsdPerHour).toBe(3.67339);
    // spot: $0.36975 + $1.4341
    expect(price?.spotUsdPerHour).toBe(1.80385);
    expect(a2).toMatchObject({ gpuId: 'A100-40GB', gpuCount: 1, provider: 'gcp' });
    expect(gcp.billing).toEqual({ kind: 'per-second', minimumSeconds: 60 });
  });

  it('attaches one T4 to n1-highmem-4, SkyPilot’s default N1 host (4 vCPUs, ≥ 16 GiB)', () => {
    const gcp = value(loadBuiltinCatalog('gcp'));
    const t4 = gcp.instances.find((instance) => instance.id === 'n1-highmem-4+1xT4');
    expect(t4?.launch).toEqual({ instanceType: 'n1-highmem-4', acceleratorName: 'T4', acceleratorCount: 1 });
    expect(t4?.vcpus).toBe(4);
  });

  it('reads Azure rows with the unquoted 11th field and keeps their prices and spot prices', () => {
    const azure = value(loadBuiltinCatalog('azure'));
    const nc6 = azure.instances.find((instance) => instance.id === 'Standard_NC6s_v3');
    expect(nc6?.gpuId).toBe('V100-PCIe-16GB');
    expect(nc6?.prices.length).toBe(23);
    expect(azure.instances.every((instance) => Number.isInteger(instance.gpuCount))).toBe(true);
    expect(azure.instances.some((instance) => instance.gpuId === 'MI300X')).toBe(false);
  });

  it('gives Lambda on-demand prices only (no spot) and H100 PCIe vs SXM by the type name', () => {
    const lambda = value(loadBuiltinCatalog('lambda'));
    expect(lambda.instances.flatMap((i) => i.prices).every((p) => p.spotUsdPerHour === undefined)).toBe(true);
    const byId = new Map(lambda.instances.map((instance) => [instance.id, instance.gpuId]));
    expect(byId.get('gpu_1x_h100_pcie')).toBe('H100-PCIe');
    expect(byId.get('gpu_1x_h100_sxm5')).toBe('H100-SXM');
  });

  it('rejects a catalog id it does not ship', () => {
    const result = loadBuiltinCatalog('oracle');
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'builtin-catalog-unknown' }] });
  });

  it('parses every model in models.json', () => {
    const models = value(loadBuiltinModels());
    expect(models.length).toBeGreaterThanOrEqual(18);
    expect(models.map((model) => model.id)).toEqual(
      expect.arrayContaining(['facebook/opt-2.7b', 'meta-llama/Llama-3.1-8B', 'Qwen/Qwen3-32B']),
    );
  });

  it('counts every model within 4% of the parameter count its authors publish', () => {
    for (const model of value(loadBuiltinModels())) {
      expect(model.publishedParameterCount, model.id).toBeDefined();
      const ratio = parameterCount(model) / (model.publishedParameterCount ?? 1);
      expect(Math.abs(ratio - 1), model.id).toBeLessThan(0.04);
    }
  });

  it('returns the same parsed result on a second call (read once)', () => {
    expect(loadBuiltinGpus()).toBe(loadBuiltinGpus());
    expect(loadBuiltinModels()).toBe(loadBuiltinModels());
  });
});
