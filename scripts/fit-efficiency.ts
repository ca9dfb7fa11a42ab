/**
 * Fits the roofline "achievable" factors of src/core/operator-time.ts per GPU and kernel class from
 * NVIDIA AIConfigurator's measured vLLM kernel tables, scores them on held-out shapes, and writes
 * data/v1/efficiency.json and docs/efficiency-fit.md.
 *
 *   npx tsx scripts/fit-efficiency.ts [--data /work/shared/data]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { leaveOneGpuOut, medianProfile } from './efficiency/fallback.js';
import { fitGpu, type GpuFit, type GpuTables } from './efficiency/fit-gpu.js';
import { buildEfficiencyFile, type MeasuredGpuSource, stableStringify } from './efficiency/report.js';
import { renderDoc } from './efficiency/report-doc.js';
import type { Peaks } from './efficiency/roofline-fit.js';
import { attentionRows, type CsvRecord, collectiveRows, gemmRows, parseCsv } from './efficiency/tables.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Profiling folder → catalog GPU id, and the device name the CSV rows must carry. */
const MEASURED_GPUS: readonly MeasuredGpuSource[] = [
  { folder: 'a100_sxm', gpuId: 'A100-80GB', device: 'NVIDIA A100-SXM4-80GB' },
  { folder: 'h100_sxm', gpuId: 'H100-SXM', device: 'NVIDIA H100 80GB HBM3' },
  { folder: 'h200_sxm', gpuId: 'H200', device: 'NVIDIA H200' },
  { folder: 'l40s', gpuId: 'L40S', device: 'NVIDIA L40S' },
  { folder: 'b200_sxm', gpuId: 'B200', device: 'NVIDIA B200' },
  {
    folder: 'rtx_pro_6000_server',
    gpuId: 'RTX-PRO-6000',
    device: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
  },
];

function dataRoot(): string {
  const flag = process.argv.indexOf('--data');
  const value = flag >= 0 ? process.argv[flag + 1] : undefined;
  return resolve(value ?? '/work/shared/data');
}

function findFile(directory: string, name: string): string {
  const matches = readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith(`/${name}`) || entry === name)
    .sort();
  const [first] = matches;
  if (first === undefined) throw new Error(`${name} not found under ${directory}`);
  if (matches.length > 1) throw new Error(`several ${name} under ${directory}: ${matches.join(', ')}`);
  return join(directory, first);
}

function readTable(directory: string, name: string, device: string): { records: CsvRecord[]; label: string } {
  const path = findFile(directory, name);
  const label = relative(dataRoot(), path);
  const records = parseCsv(readFileSync(path, 'utf8'), label);
  const foreign = records.find((record) => record.device !== device);
  if (foreign !== undefined) throw new Error(`${label}: device "${foreign.device}", expected "${device}"`);
  return { records, label };
}

function readPeaks(path: string): Peaks {
  const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
  const gpu =
    typeof parsed === 'object' && parsed !== null && 'gpu' in parsed
      ? (parsed as { gpu: unknown }).gpu
      : undefined;
  const flop =
    typeof gpu === 'object' && gpu !== null ? (gpu as Record<string, unknown>).bfloat16_tc_flops : undefined;
  const hbm = typeof gpu === 'object' && gpu !== null ? (gpu as Record<string, unknown>).mem_bw : undefined;
  if (typeof flop !== 'number' || typeof hbm !== 'number') {
    throw new Error(`${path}: gpu.bfloat16_tc_flops and gpu.mem_bw must be numbers`);
  }
  return { flopPerSecond: flop, hbmBytesPerSecond: hbm };
}

function loadTables(root: string, source: MeasuredGpuSource): GpuTables {
  const folder = join(root, 'profiling/aiconfigurator-vllm-csv', source.folder);
  const table = (sub: string, name: string) => readTable(join(folder, sub), name, source.device);
  const gemm = table('gemm', 'gemm_perf.csv');
  const context = table('attention', 'context_attention_perf.csv');
  const generation = table('attention', 'generation_attention_perf.csv');
  const nccl = table('comm', 'nccl_perf.csv');
  const custom = table('comm', 'custom_allreduce_perf.csv');
  return {
    gpuId: source.gpuId,
    peaks: readPeaks(join(root, 'gpu-specs/aiconfigurator-systems', `${source.folder}.yaml`)),
    gemm: gemmRows(gemm.records, gemm.label),
    contextAttention: attentionRows(context.records, context.label),
    generationAttention: attentionRows(generation.records, generation.label),
    nccl: collectiveRows(nccl.records, nccl.label),
    customAllReduce: collectiveRows(custom.records, custom.label),
  };
}

function main(): void {
  const root = dataRoot();
  const started = Date.now();
  const fits: GpuFit[] = [];
  for (const source of MEASURED_GPUS) {
    const fit = fitGpu(loadTables(root, source));
    fits.push(fit);
    console.log(`${source.gpuId}: fitted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const measured = fits.map((fit) => fit.measured);
  const fallback = medianProfile(measured.map((gpu) => gpu.profile));
  const leaveOneOut = leaveOneGpuOut(measured);
  const file = buildEfficiencyFile(MEASURED_GPUS, fits, fallback, leaveOneOut);
  writeFileSync(join(repoRoot, 'data/v1/efficiency.json'), stableStringify(file));
  writeFileSync(
    join(repoRoot, 'docs/efficiency-fit.md'),
    renderDoc(MEASURED_GPUS, fits, fallback, leaveOneOut),
  );
  console.log(
    `wrote data/v1/efficiency.json and docs/efficiency-fit.md in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main();
