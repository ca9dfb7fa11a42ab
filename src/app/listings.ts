import { fail, ok } from '../core/issue.js';
import { kvCacheBytesPerToken } from '../core/kv-cache.js';
import { parameterCount } from '../core/parameter-count.js';
import { kvCacheBytesPerElement } from '../core/precision.js';
import { instancePriceUsdPerHour } from './instance-price.js';
import { lookupById } from './lookup.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { checkRegion } from './request-inputs.js';
import { DEFAULTS } from './settings.js';

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

/** The listing of `infersave instances --json`: bad --catalog, --region or --gpu are issues. */
export function instancesListing(raw: Record<string, unknown>, data: PlannerData) {
  const o = new OptionReader(raw);
  const catalog = data.catalog(o.text('catalog') ?? DEFAULTS.catalog);
  if (!catalog.ok) return catalog;
  const region = o.text('region') ?? catalog.value.defaultRegion;
  const badRegion = checkRegion(catalog.value, region);
  if (badRegion) return fail(badRegion);
  const gpuFilter = o.text('gpu');
  let gpuId: string | undefined;
  if (gpuFilter !== undefined) {
    const gpu = lookupById(catalog.value.gpus, gpuFilter, 'unknown-gpu-id', 'gpu');
    if (!gpu.ok) return gpu;
    gpuId = gpu.value.id;
  }
  const rows = catalog.value.instances
    .filter((i) => gpuId === undefined || i.gpuId === gpuId)
    .map((i) => ({
      id: i.id,
      gpu: i.gpuId,
      gpuCount: i.gpuCount,
      vcpus: i.vcpus,
      hostMemoryBytes: i.hostMemoryBytes,
      gpuInterconnect: i.gpuInterconnect,
      region,
      onDemandUsdPerHour: instancePriceUsdPerHour(i, region, 'on-demand') ?? null,
      reservedUsdPerHour: instancePriceUsdPerHour(i, region, 'reserved') ?? null,
    }));
  return ok({ catalog: catalog.value.id, asOf: catalog.value.asOf, region, instances: rows });
}
