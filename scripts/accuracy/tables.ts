import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GpuTables } from '../efficiency/fit-gpu.js';
import { attentionRows, type CsvRecord, collectiveRows, gemmRows, parseCsv } from '../efficiency/tables.js';

/** Profiling folder → catalog GPU id and the device every CSV row must carry (as scripts/fit-efficiency.ts). */
export interface MeasuredGpuFolder {
  folder: string;
  gpuId: string;
  device: string;
  /** How the GPUs of a tensor-parallel group talk on the machines these tables come from. */
  interconnect: 'nvlink' | 'pcie';
}

export const MEASURED_GPUS: readonly MeasuredGpuFolder[] = [
  { folder: 'a100_sxm', gpuId: 'A100-80GB', device: 'NVIDIA A100-SXM4-80GB', interconnect: 'nvlink' },
  { folder: 'h100_sxm', gpuId: 'H100-SXM', device: 'NVIDIA H100 80GB HBM3', interconnect: 'nvlink' },
  { folder: 'h200_sxm', gpuId: 'H200', device: 'NVIDIA H200', interconnect: 'nvlink' },
  { folder: 'l40s', gpuId: 'L40S', device: 'NVIDIA L40S', interconnect: 'pcie' },
  { folder: 'b200_sxm', gpuId: 'B200', device: 'NVIDIA B200', interconnect: 'nvlink' },
  {
    folder: 'rtx_pro_6000_server',
    gpuId: 'RTX-PRO-6000',
    device: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
    interconnect: 'pcie',
  },
];

function findFile(directory: string, name: string): string {
  const matches = readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith(`/${name}`) || entry === name)
    .sort();
  const [first] = matches;
  if (first === undefined) throw new Error(`${name} not found under ${directory}`);
  if (matches.length > 1) throw new Error(`several ${name} under ${directory}: ${matches.join(', ')}`);
  return join(directory, first);
}

function readTable(root: string, directory: string, name: string, device: string): CsvRecord[] {
  const path = findFile(directory, name);
  const label = relative(root, path);
  const records = parseCsv(readFileSync(path, 'utf8'), label);
  const foreign = records.find((record) => record.device !== device);
  if (foreign !== undefined) throw new Error(`${label}: device "${foreign.device}", expected "${device}"`);
  return records;
}

/** One GPU's AIConfigurator tables, parsed with scripts/efficiency/tables.ts (peaks unused here). */
export function loadGpuTables(sharedDir: string, source: MeasuredGpuFolder): GpuTables {
  const folder = join(sharedDir, 'profiling/aiconfigurator-vllm-csv', source.folder);
  const table = (sub: string, name: string) => {
    const records = readTable(sharedDir, join(folder, sub), name, source.device);
    return { records, label: `${source.folder}/${sub}/${name}` };
  };
  const gemm = table('gemm', 'gemm_perf.csv');
  const context = table('attention', 'context_attention_perf.csv');
  const generation = table('attention', 'generation_attention_perf.csv');
  const nccl = table('comm', 'nccl_perf.csv');
  const custom = table('comm', 'custom_allreduce_perf.csv');
  return {
    gpuId: source.gpuId,
    peaks: { flopPerSecond: Number.NaN, hbmBytesPerSecond: Number.NaN },
    gemm: gemmRows(gemm.records, gemm.label),
    contextAttention: attentionRows(context.records, context.label),
    generationAttention: attentionRows(generation.records, generation.label),
    nccl: collectiveRows(nccl.records, nccl.label),
    customAllReduce: collectiveRows(custom.records, custom.label),
  };
}
