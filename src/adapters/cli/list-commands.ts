import Table from 'cli-table3';
import { lookupById } from '../../app/lookup.js';
import { DEFAULTS } from '../../app/settings.js';
import { fail, ok } from '../../core/issue.js';
import { kvCacheBytesPerToken } from '../../core/kv-cache.js';
import { parameterCount } from '../../core/parameter-count.js';
import { kvCacheBytesPerElement } from '../../core/precision.js';
import { formatGiB, formatNumber, formatUsd } from '../../messages/format.js';
import { OptionReader } from './option-values.js';
import type { CommandOutput, PlannerData } from './planner-data.js';
import { renderErrors } from './render-issues.js';
import { checkRegion } from './shared-inputs.js';
import { COMPACT_TABLE } from './table-style.js';

const plain = COMPACT_TABLE;

function emit(json: boolean, value: unknown, table: () => string): CommandOutput {
  return { exitCode: 0, stdout: json ? `${JSON.stringify(value, null, 2)}\n` : table(), stderr: '' };
}

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

/** `infersave models`. */
export function runModels(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const models = modelRows(data);
  if (!models.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(models.issues, 'models') };
  const rows = models.value;
  return emit(raw.json === true, rows, () => {
    const t = new Table({
      head: ['model', 'type', 'params', 'layers', 'hidden', 'heads/kv', 'experts', 'dtype', 'KV/token'],
      ...plain,
    });
    for (const r of rows) {
      t.push([
        r.id,
        r.modelType,
        `${formatNumber(r.parameterCount / 1e9, 2)} B`,
        r.numHiddenLayers,
        r.hiddenSize,
        `${r.numAttentionHeads}/${r.numKeyValueHeads}`,
        r.numLocalExperts,
        r.torchDtype,
        `${formatNumber(r.kvCacheBytesPerToken / 1024, 0)} KiB`,
      ]);
    }
    return `${t.toString()}\n`;
  });
}

/** The listing of `infersave gpus --json`. */
export function gpusListing(data: PlannerData) {
  return data.gpus();
}

/** `infersave gpus`. */
export function runGpus(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const gpus = gpusListing(data);
  if (!gpus.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(gpus.issues, 'gpus') };
  return emit(raw.json === true, gpus.value, () => {
    const t = new Table({
      head: ['GPU', 'arch', 'memory', 'HBM GB/s', 'fp16 TFLOPS', 'fp8 TFLOPS', 'PCIe GB/s', 'TDP W'],
      ...plain,
    });
    for (const g of gpus.value) {
      t.push([
        g.id,
        g.architecture,
        formatGiB(g.memoryBytes),
        formatNumber(g.hbmBytesPerSecond / 1e9, 0),
        formatNumber(g.peak.fp16FlopPerSecond / 1e12, 1),
        g.peak.fp8FlopPerSecond ? formatNumber(g.peak.fp8FlopPerSecond / 1e12, 1) : '—',
        formatNumber(g.hostToDeviceBytesPerSecond / 1e9, 1),
        g.tdpWatts,
      ]);
    }
    return `${t.toString()}\n`;
  });
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
    const gpu = lookupById(catalog.value.gpus, gpuFilter, 'unknown-gpu-id', '--gpu');
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
      onDemandUsdPerHour: i.prices.find((p) => p.region === region)?.onDemandUsdPerHour ?? null,
      reservedUsdPerHour: i.prices.find((p) => p.region === region)?.reservedUsdPerHour ?? null,
    }));
  return ok({ catalog: catalog.value.id, asOf: catalog.value.asOf, region, instances: rows });
}

/** `infersave instances [--gpu L4] [--region …] [--catalog …]`. */
export function runInstances(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const listing = instancesListing(raw, data);
  if (!listing.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(listing.issues, 'instances') };
  const { region, instances: rows } = listing.value;
  return emit(raw.json === true, listing.value, () => {
    const t = new Table({
      head: ['instance', 'GPUs', 'vCPU', 'RAM', 'link', `on-demand $/h (${region})`, 'reserved $/h'],
      ...plain,
    });
    for (const r of rows) {
      t.push([
        r.id,
        `${r.gpuCount}× ${r.gpu}`,
        r.vcpus,
        formatGiB(r.hostMemoryBytes),
        r.gpuInterconnect,
        r.onDemandUsdPerHour === null ? '—' : formatUsd(r.onDemandUsdPerHour),
        r.reservedUsdPerHour === null ? '—' : formatUsd(r.reservedUsdPerHour),
      ]);
    }
    return `catalog ${listing.value.catalog}, prices as of ${listing.value.asOf}\n${t.toString()}\n`;
  });
}
