import type { GpuSpec } from '../core/gpu-spec.js';
import type { Catalog, InstanceType, RegionPrice } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { type CloudFile, cloudFileSchema, type InstanceEntry } from './cloud-file-schema.js';
import { BYTES_PER_GIB } from './data-units.js';
import { duplicateIdIssues } from './duplicate-id-issues.js';
import { gpuEntryToSpec } from './parse-gpu-file.js';
import { schemaIssues } from './schema-issues.js';

function toPrices(entry: InstanceEntry): RegionPrice[] {
  return entry.prices.map((price) => {
    const out: RegionPrice = { region: price.region, onDemandUsdPerHour: price.onDemandUsdPerHour };
    if (price.reservedUsdPerHour !== undefined) out.reservedUsdPerHour = price.reservedUsdPerHour;
    if (price.spotUsdPerHour !== undefined) out.spotUsdPerHour = price.spotUsdPerHour;
    if (price.zones !== undefined) out.zones = [...price.zones];
    return out;
  });
}

function toInstance(file: CloudFile, entry: InstanceEntry): InstanceType {
  return {
    id: entry.id,
    provider: file.provider,
    gpuId: entry.gpuId,
    gpuCount: entry.gpuCount,
    vcpus: entry.vcpus,
    hostMemoryBytes: entry.hostMemoryGiB * BYTES_PER_GIB,
    gpuInterconnect: entry.gpuInterconnect,
    ...(entry.cpuArchitecture ? { cpuArchitecture: entry.cpuArchitecture } : {}),
    prices: toPrices(entry),
    ...(entry.launch ? { launch: { ...entry.launch } } : {}),
    billing: file.billing,
    asOf: file.asOf,
    sources: [...file.sources, ...(entry.sources ?? [])],
  };
}

/** Problems no schema can see: repeated ids and regions, unknown GPUs, interconnects that contradict counts. */
function crossReferenceIssues(file: CloudFile, gpusById: ReadonlyMap<string, GpuSpec>): Issue[] {
  const issues: Issue[] = [
    ...duplicateIdIssues(
      (file.gpus ?? []).map((gpu) => gpu.id),
      (index) => `gpus[${index}].id`,
    ),
    ...duplicateIdIssues(
      file.instances.map((instance) => instance.id),
      (index) => `instances[${index}].id`,
    ),
  ];
  const known = [...gpusById.keys()].sort();
  file.instances.forEach((instance, index) => {
    const path = `instances[${index}]`;
    if (!gpusById.has(instance.gpuId)) {
      issues.push({
        code: 'catalog-unknown-gpu',
        path: `${path}.gpuId`,
        details: { instance: instance.id, gpuId: instance.gpuId, known },
      });
    }
    if (instance.gpuCount > 1 && instance.gpuInterconnect === 'none') {
      issues.push({
        code: 'catalog-inconsistent',
        path: `${path}.gpuInterconnect`,
        message: `${instance.gpuCount} GPUs cannot have interconnect 'none'`,
        details: { instance: instance.id, gpuCount: instance.gpuCount },
      });
    }
    issues.push(
      ...duplicateIdIssues(
        instance.prices.map((price) => price.region),
        (priceIndex) => `${path}.prices[${priceIndex}].region`,
      ).map((issue) => ({ ...issue, code: 'catalog-duplicate-region' })),
    );
  });
  return issues;
}

/**
 * Parses one `data/v1/clouds/<id>.json` (already JSON-decoded) into a Catalog. The catalog's own `gpus`
 * take precedence over `gpus` (the shared list) by id; the result lists only the GPUs its instances use.
 */
export function parseCloudFile(raw: unknown, gpus: readonly GpuSpec[]): Result<Catalog> {
  const parsed = cloudFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const file = parsed.data;
  const gpusById = new Map<string, GpuSpec>(gpus.map((gpu) => [gpu.id, gpu]));
  for (const gpu of file.gpus ?? []) gpusById.set(gpu.id, gpuEntryToSpec(gpu));
  const issues = crossReferenceIssues(file, gpusById);
  if (issues.length > 0) return fail(...issues);

  const usedGpuIds = [...new Set(file.instances.map((instance) => instance.gpuId))].sort();
  const warnings: Issue[] = [];
  const pricedInDefault = file.instances.some((instance) =>
    instance.prices.some((price) => price.region === file.defaultRegion),
  );
  if (!pricedInDefault) {
    warnings.push({
      code: 'catalog-default-region-unpriced',
      path: 'defaultRegion',
      details: { catalog: file.id, region: file.defaultRegion },
    });
  }
  return ok(
    {
      id: file.id,
      description: file.description,
      role: file.role ?? 'cloud',
      optIn: file.optIn ?? false,
      asOf: file.asOf,
      billing: file.billing,
      defaultRegion: file.defaultRegion,
      gpus: usedGpuIds.flatMap((id) => {
        const gpu = gpusById.get(id);
        return gpu ? [gpu] : [];
      }),
      instances: file.instances.map((entry) => toInstance(file, entry)),
      sources: file.sources,
    },
    warnings,
  );
}
