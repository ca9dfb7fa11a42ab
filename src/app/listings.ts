import { fail, type Issue, ok } from '../core/issue.js';
import { kvCacheBytesPerToken } from '../core/kv-cache.js';
import { parameterCount } from '../core/parameter-count.js';
import { kvCacheBytesPerElement } from '../core/precision.js';
import { instancePriceUsdPerHour } from './instance-price.js';
import { lookupById } from './lookup.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { checkRegion } from './request-inputs.js';
import { readSearchSpace } from './search-space.js';

/** The rows of `infersave models --json`. */
export function modelRows(data: PlannerData) {
  const models = data.models();
  if (!models.ok) return models;
  return ok(
    models.value.map((m) => ({
      id: m.id,
      modelType: m.modelType,
      parameterCount: parameterCount(m),
      numHiddenLayers: m.numHiddenLayers,
      hiddenSize: m.hiddenSize,
      numAttentionHeads: m.numAttentionHeads,
      numKeyValueHeads: m.numKeyValueHeads,
      headDim: m.headDim,
      numLocalExperts: m.numLocalExperts,
      torchDtype: m.torchDtype,
      kvCacheBytesPerToken: kvCacheBytesPerToken(m, kvCacheBytesPerElement(m.torchDtype)),
    })),
  );
}

/** The listing of `infersave gpus --json`. */
export function gpusListing(data: PlannerData) {
  return data.gpus();
}

/**
 * The listing of `infersave instances --json`: `--catalog NAME` (or the CLI's `--cloud NAME`) lists that one
 * catalog in its region; otherwise every default cloud, each in its `--region` (the bare-region rule of
 * recommend) or its catalog's default region. Bad --catalog, --region or --gpu are issues, all at once.
 */
export function instancesListing(raw: Record<string, unknown>, data: PlannerData) {
  const o = new OptionReader(raw);
  const { selection, catalog, region, asOf } = readSearchSpace(o, data, undefined, o.text('catalog'));
  const regionOf = (provider: string): string =>
    selection?.ok ? (selection.value.regionByProvider[provider] ?? region) : region;
  const issues: Issue[] = catalog.ok ? [] : [...catalog.issues];
  const badRegion = catalog.ok && !selection ? checkRegion(catalog.value, region) : undefined;
  if (badRegion) issues.push(badRegion);
  const gpuFilter = o.text('gpu');
  let gpuId: string | undefined;
  if (gpuFilter !== undefined) {
    const gpus = catalog.ok ? ok(catalog.value.gpus) : data.gpus();
    const gpu = gpus.ok ? lookupById(gpus.value, gpuFilter, 'unknown-gpu-id', 'gpu') : gpus;
    if (gpu.ok) gpuId = gpu.value.id;
    else issues.push(...gpu.issues);
  }
  if (!catalog.ok || issues.length > 0) return fail(...issues);
  const rows = catalog.value.instances
    .filter((i) => gpuId === undefined || i.gpuId === gpuId)
    .map((i) => ({
      id: i.id,
      cloud: i.provider,
      gpu: i.gpuId,
      gpuCount: i.gpuCount,
      vcpus: i.vcpus,
      hostMemoryBytes: i.hostMemoryBytes,
      gpuInterconnect: i.gpuInterconnect,
      region: regionOf(i.provider),
      onDemandUsdPerHour: instancePriceUsdPerHour(i, regionOf(i.provider), 'on-demand') ?? null,
      reservedUsdPerHour: instancePriceUsdPerHour(i, regionOf(i.provider), 'reserved') ?? null,
    }));
  return ok({
    catalog: catalog.value.id,
    asOf,
    region,
    instances: rows,
    warnings: selection?.ok ? selection.value.warnings : [],
  });
}
