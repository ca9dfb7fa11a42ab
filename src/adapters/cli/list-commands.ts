import Table from 'cli-table3';
import { withWordedWarnings } from '../../app/issue-json.js';
import { gpusListing, instancesListing, modelRows } from '../../app/listings.js';
import type { PlannerData } from '../../app/planner-data.js';
import { formatGiB, formatNumber, formatUsd } from '../../messages/format.js';
import type { CommandOutput } from '../command-output.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

const plain = COMPACT_TABLE;

function emit(json: boolean, value: unknown, table: () => string): CommandOutput {
  return { exitCode: 0, stdout: json ? `${JSON.stringify(value, null, 2)}\n` : table(), stderr: '' };
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

/** `infersave instances [--gpu L4] [--region …] [--catalog …]`: every default cloud unless a catalog is named. */
export function runInstances(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const listing = instancesListing(raw, data);
  if (!listing.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(listing.issues, 'instances') };
  const { region, instances: rows } = listing.value;
  const regions = new Set(rows.map((r) => `${r.cloud} ${r.region}`));
  const several = regions.size > 1;
  return emit(raw.json === true, withWordedWarnings(listing.value), () => {
    const t = new Table({
      head: [
        'instance',
        ...(several ? ['cloud', 'region'] : []),
        'GPUs',
        'vCPU',
        'RAM',
        'link',
        several ? 'on-demand $/h' : `on-demand $/h (${region})`,
        'reserved $/h',
      ],
      ...plain,
    });
    for (const r of rows) {
      t.push([
        r.id,
        ...(several ? [r.cloud, r.region] : []),
        `${r.gpuCount}× ${r.gpu}`,
        r.vcpus,
        formatGiB(r.hostMemoryBytes),
        r.gpuInterconnect,
        r.onDemandUsdPerHour === null ? '—' : formatUsd(r.onDemandUsdPerHour),
        r.reservedUsdPerHour === null ? '—' : formatUsd(r.reservedUsdPerHour),
      ]);
    }
    const notes = listing.value.warnings.length > 0 ? `\n${renderWarnings(listing.value.warnings)}` : '';
    return `catalog ${listing.value.catalog}, prices as of ${listing.value.asOf}\n${t.toString()}\n${notes}`;
  });
}
