import type { GpuSpec } from '../core/gpu-spec.js';
import { fail, ok, type Result } from '../core/issue.js';
import { BYTES_PER_GB, BYTES_PER_GIB, BYTES_PER_MIB, OPS_PER_TERA } from './data-units.js';
import { duplicateIdIssues } from './duplicate-id-issues.js';
import { type GpuEntry, gpuFileSchema } from './gpu-file-schema.js';
import { schemaIssues } from './schema-issues.js';

function memoryBytes(gpu: GpuEntry): number {
  if (gpu.memoryGiB !== undefined) return gpu.memoryGiB * BYTES_PER_GIB;
  if (gpu.memoryMiB !== undefined) return gpu.memoryMiB * BYTES_PER_MIB;
  // The schema guarantees exactly one memory key.
  return (gpu.memoryGB ?? 0) * BYTES_PER_GB;
}

/** Converts one validated entry to core's GpuSpec: GB/GiB/MiB → bytes, TFLOPS → FLOP/s, GB/s → bytes/s. */
export function gpuEntryToSpec(gpu: GpuEntry): GpuSpec {
  const pcieBytesPerSecond = gpu.pcieGBPerSecondPerDirection * BYTES_PER_GB;
  const spec: GpuSpec = {
    id: gpu.id,
    name: gpu.name,
    architecture: gpu.architecture,
    memoryBytes: memoryBytes(gpu),
    hbmBytesPerSecond: gpu.hbmGBPerSecond * BYTES_PER_GB,
    peak: {
      fp32FlopPerSecond: gpu.fp32Tflops * OPS_PER_TERA,
      fp16FlopPerSecond: gpu.fp16DenseTflops * OPS_PER_TERA,
    },
    hostToDeviceBytesPerSecond: pcieBytesPerSecond,
    deviceToHostBytesPerSecond: pcieBytesPerSecond,
    tdpWatts: gpu.tdpWatts,
    sources: gpu.sources,
  };
  if (gpu.fp8DenseTflops !== undefined) spec.peak.fp8FlopPerSecond = gpu.fp8DenseTflops * OPS_PER_TERA;
  if (gpu.fp4DenseTflops !== undefined) spec.peak.fp4FlopPerSecond = gpu.fp4DenseTflops * OPS_PER_TERA;
  if (gpu.int8DenseTops !== undefined) spec.peak.int8OpPerSecond = gpu.int8DenseTops * OPS_PER_TERA;
  if (gpu.nvlinkGBPerSecondPerDirection !== undefined) {
    spec.nvlinkBytesPerSecond = gpu.nvlinkGBPerSecondPerDirection * BYTES_PER_GB;
  }
  return spec;
}

/** Parses `data/v1/gpus.json` (already JSON-decoded) into GpuSpecs, listing every problem found. */
export function parseGpuFile(raw: unknown): Result<GpuSpec[]> {
  const parsed = gpuFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const gpus = parsed.data.gpus;
  const duplicates = duplicateIdIssues(
    gpus.map((gpu) => gpu.id),
    (index) => `gpus[${index}].id`,
  );
  if (duplicates.length > 0) return fail(...duplicates);
  return ok(gpus.map(gpuEntryToSpec));
}
