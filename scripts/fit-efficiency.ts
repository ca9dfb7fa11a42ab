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
import {
  type DtypeGemmFit,
  type DtypePeaks,
  dtypeGemmProfiles,
  dtypeLeaveOneGpuOut,
  fitDtypeGemms,
} from './efficiency/dtype-gemm.js';
import { leaveOneGpuOut, medianProfile } from './efficiency/fallback.js';
import { fitGpu, type GpuFit, type GpuTables } from './efficiency/fit-gpu.js';
import { readParquetGemmRows } from './efficiency/parquet-gemm.js';
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

function readPeaks(path: string): Peaks & DtypePeaks {
  const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
  const gpu =
    typeof parsed === 'object' && parsed !== null && 'gpu' in parsed
      ? (parsed as { gpu: unknown }).gpu
      : undefined;
  const field = (name: string) =>
    typeof gpu === 'object' && gpu !== null ? (gpu as Record<string, unknown>)[name] : undefined;
  const flop = field('bfloat16_tc_flops');
  const hbm = field('mem_bw');
  if (typeof flop !== 'number' || typeof hbm !== 'number') {
    throw new Error(`${path}: gpu.bfloat16_tc_flops and gpu.mem_bw must be numbers`);
  }
  const optional = (name: string) => {
    const value = field(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value > 0))
      throw new Error(`${path}: gpu.${name} must be a positive number`);
    return value;
  };
  const fp8 = optional('fp8_tc_flops');
  const fp4 = optional('fp4_tc_flops');
  return {
    flopPerSecond: flop,
    hbmBytesPerSecond: hbm,
    ...(fp8 === undefined ? {} : { fp8FlopPerSecond: fp8 }),
    ...(fp4 === undefined ? {} : { fp4FlopPerSecond: fp4 }),
  };
}

/** The one gemm_perf.parquet of a GPU's folder in the unfiltered (parquet) copy of the kernel database. */
function parquetGemmPath(root: string, source: MeasuredGpuSource): string {
  return findFile(
    join(root, 'profiling/aiconfigurator-vllm-parquet', source.folder, 'gemm'),
    'gemm_perf.parquet',
  );
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

async function main(): Promise<void> {
  const root = dataRoot();
  const started = Date.now();
  const fits: GpuFit[] = [];
  const dtypeFits: DtypeGemmFit[] = [];
  const dtypePeaks: { gpuId: string; peaks: DtypePeaks }[] = [];
  const parquetFiles: string[] = [];
  for (const source of MEASURED_GPUS) {
    const tables = loadTables(root, source);
    const fit = fitGpu(tables);
    fits.push(fit);
    const peaks = readPeaks(join(root, 'gpu-specs/aiconfigurator-systems', `${source.folder}.yaml`));
    const parquet = parquetGemmPath(root, source);
    const label = relative(root, parquet);
    parquetFiles.push(label);
    const rows = await readParquetGemmRows(parquet, label, source.device);
    dtypeFits.push(...fitDtypeGemms(source.gpuId, rows, peaks, fit.measured.profile.gemm));
    dtypePeaks.push({ gpuId: source.gpuId, peaks });
    console.log(`${source.gpuId}: fitted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const dtypeProfiles = dtypeGemmProfiles(dtypeFits, dtypePeaks);
  for (const fit of fits) {
    const gpuId = fit.measured.gpuId;
    fit.measured.profile.gemmByDtype = dtypeProfiles.byGpu[gpuId] ?? {};
    const peaks = dtypePeaks.find((entry) => entry.gpuId === gpuId)?.peaks;
    fit.dtypeGemm = {
      peaks: {
        ...(peaks?.fp8FlopPerSecond === undefined ? {} : { fp8FlopPerSecond: peaks.fp8FlopPerSecond }),
        ...(peaks?.fp4FlopPerSecond === undefined ? {} : { fp4FlopPerSecond: peaks.fp4FlopPerSecond }),
      },
      fits: Object.fromEntries(
        dtypeFits.filter((entry) => entry.gpuId === gpuId).map((entry) => [entry.dtype, entry.report]),
      ),
    };
  }
  const measured = fits.map((fit) => fit.measured);
  const fallback = {
    ...medianProfile(measured.map((gpu) => gpu.profile)),
    gemmByDtype: dtypeProfiles.fallback,
  };
  const leaveOneOut = leaveOneGpuOut(measured);
  const dtypeLeaveOneOut = dtypeLeaveOneGpuOut(dtypeFits);
  const file = buildEfficiencyFile(
    MEASURED_GPUS,
    fits,
    fallback,
    leaveOneOut,
    dtypeLeaveOneOut,
    parquetFiles,
  );
  writeFileSync(join(repoRoot, 'data/v1/efficiency.json'), stableStringify(file));
  writeFileSync(
    join(repoRoot, 'docs/efficiency-fit.md'),
    renderDoc(MEASURED_GPUS, fits, fallback, leaveOneOut, dtypeFits, dtypeLeaveOneOut),
  );
  console.log(
    `wrote data/v1/efficiency.json and docs/efficiency-fit.md in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

await main();
