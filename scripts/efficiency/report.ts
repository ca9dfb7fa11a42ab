import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import type { Source } from '../../src/core/source.js';
import { CUSTOM_KERNEL_SOURCE } from './allreduce-fit.js';
import type { LeaveOneOutResult } from './fallback.js';
import type { GpuFit } from './fit-gpu.js';
import { EFFICIENCY_RANGE } from './roofline-fit.js';
import { FILTER_NOTES } from './samples.js';
import { TEST_MODULUS } from './split.js';

/** The committed data/v1/efficiency.json: built from the fits, serialized with sorted keys. */

export interface MeasuredGpuSource {
  /** Folder under profiling/aiconfigurator-vllm-csv and gpu-specs/aiconfigurator-systems. */
  folder: string;
  /** Catalog GPU id (data/v1/gpus.json). */
  gpuId: string;
  /** `device` column every CSV row of the folder must carry. */
  device: string;
}

export const SOURCES: Source[] = [
  {
    title: 'NVIDIA AIConfigurator vLLM kernel database (shared data: profiling/aiconfigurator-vllm-csv)',
    url: 'https://github.com/ai-dynamo/aiconfigurator',
    note:
      'Apache-2.0. Measured bf16 GEMM, context and generation attention (bf16 KV, full attention), NCCL ' +
      'and vLLM custom all-reduce latencies, in milliseconds, per GPU.',
  },
  {
    title: 'NVIDIA AIConfigurator system specs (shared data: gpu-specs/aiconfigurator-systems/<gpu>.yaml)',
    url: 'https://github.com/ai-dynamo/aiconfigurator',
    fields: ['peakUsed.fp16FlopPerSecond', 'peakUsed.hbmBytesPerSecond'],
    note: 'Apache-2.0. gpu.bfloat16_tc_flops (dense) and gpu.mem_bw, the same peaks as data/v1/gpus.json.',
  },
];

export const METHOD = {
  model: 'max(FLOP / (peak · computeEfficiency), bytes / (hbm · memoryEfficiency)) + fixedSeconds',
  objective:
    'least squares on log(predicted / measured); coarse-to-fine log grid over both efficiencies in ' +
    `[${EFFICIENCY_RANGE.min}, ${EFFICIENCY_RANGE.max}], fixedSeconds ≥ 0 solved exactly at each grid point`,
  split:
    `a shape is held out when FNV-1a-32(shape key) mod ${TEST_MODULUS} = 0 (≈20 %); fitted on the rest, ` +
    'errors are on held-out shapes only',
  regime: 'compute- or memory-bound as the fitted model itself says (operatorSeconds().bound)',
  filters: FILTER_NOTES,
  allReduce:
    `per GPU count, at each message size measured by both, the faster of NCCL (half) and ${CUSTOM_KERNEL_SOURCE} ` +
    '(bf16); latencySeconds + bytes·2(n−1)/n / busBytesPerSecond by least squares on relative residuals; ' +
    'errors are in-sample (two parameters on 21 sizes)',
  fallback:
    'median of each factor over the measured GPUs; leaveOneGpuOut scores the median of the other GPUs on ' +
    'every filtered sample of the held-out GPU, with its own peaks',
} as const;

function peakUsed(fit: GpuFit) {
  return {
    fp16FlopPerSecond: fit.measured.peaks.flopPerSecond,
    hbmBytesPerSecond: fit.measured.peaks.hbmBytesPerSecond,
  };
}

export function buildEfficiencyFile(
  sources: readonly MeasuredGpuSource[],
  fits: readonly GpuFit[],
  fallback: EfficiencyProfile,
  leaveOneOut: Record<string, LeaveOneOutResult>,
) {
  const gpus: Record<string, unknown> = {};
  fits.forEach((fit, index) => {
    const source = sources[index];
    gpus[fit.measured.gpuId] = {
      measuredOn: source === undefined ? undefined : { folder: source.folder, device: source.device },
      profile: fit.measured.profile,
      peakUsed: peakUsed(fit),
      fit: fit.fit,
    };
  });
  return {
    schemaVersion: 1,
    generatedBy: 'scripts/fit-efficiency.ts',
    sources: SOURCES,
    method: METHOD,
    gpus,
    fallback: {
      profile: fallback,
      derivedFrom: fits.map((fit) => fit.measured.gpuId).sort(),
      leaveOneGpuOut: leaveOneOut,
    },
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`non-finite number in output: ${value}`);
  }
  return value;
}

/** JSON with every object's keys sorted, 2-space indent, trailing newline: byte-stable across runs. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
