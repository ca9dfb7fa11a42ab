import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MEASURED_GPUS } from './accuracy/tables.js';
import { buildGpuKernelTables, kernelTablesJsonText } from './kernel-tables/build-gpu.js';

/**
 * Writes data/v1/kernels/<gpuId>.json (the profiled predictor's measured kernel tables) from the
 * AIConfigurator CSVs. Usage: tsx scripts/build-kernel-tables.ts [shared data dir]
 */
const sharedDir = resolve(process.argv[2] ?? '/work/shared/data');
const outDir = join(import.meta.dirname, '../data/v1/kernels');
mkdirSync(outDir, { recursive: true });
let total = 0;
for (const source of MEASURED_GPUS) {
  const text = kernelTablesJsonText(buildGpuKernelTables(sharedDir, source));
  writeFileSync(join(outDir, `${source.gpuId}.json`), text);
  total += text.length;
  console.log(`${source.gpuId}: ${(text.length / 1024).toFixed(0)} KiB`);
}
console.log(`total ${(total / 1024).toFixed(0)} KiB`);
