import type { GemmDtype } from '../../src/core/gemm-kernel.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import type { Source } from '../../src/core/source.js';
import { CUSTOM_KERNEL_SOURCE } from './allreduce-fit.js';
import { MIN_DTYPE_TRAIN_SAMPLES } from './dtype-gemm.js';
import type { LeaveOneOutResult } from './fallback.js';
import type { GpuFit } from './fit-gpu.js';
import { type BiasedErrorSummary, EFFICIENCY_RANGE } from './roofline-fit.js';
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
  {
    title:
      'NVIDIA AIConfigurator vLLM kernel database, unfiltered (shared data: profiling/aiconfigurator-vllm-parquet/<gpu>/gemm/vllm/<version>/gemm_perf.parquet)',
    url: 'https://github.com/ai-dynamo/aiconfigurator',
    fields: [
      'profile.gemmByDtype',
      'fit.gemmByDtype',
      'peakUsed.fp8FlopPerSecond',
      'peakUsed.fp4FlopPerSecond',
    ],
    note:
      'Apache-2.0. GEMM latency (ms) per (m, n, k) for gemm_dtype fp8 (CutlassFP8ScaledMMLinearKernel), fp8_block ' +
      '(DeepGEMM / CUTLASS / FlashInfer / Triton block-scaled kernels, whichever vLLM picked for the shape) and ' +
      'nvfp4 (FlashInfer CuteDSL / CUTLASS, B200 and RTX PRO 6000); peaks gpu.fp8_tc_flops and gpu.fp4_tc_flops ' +
      'of the system files (dense). A100 (vLLM 0.14) has bf16 rows only; the others vLLM 0.24.',
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
  gemmByDtype:
    'per measured GEMM dtype (fp8, fp8_block, nvfp4): the same model, objective, filters and split, against ' +
    "that dtype's dense tensor peak, on weightGemmWork(m, k, n, dtype weight bytes, 2, activation quantization " +
    'bytes) (a serial quantization pass over the m×k input); fitted where a GPU has ' +
    `at least ${MIN_DTYPE_TRAIN_SAMPLES} training shapes, else (the GPU has the dtype's tensor cores) the median ` +
    'of the GPUs fitted for it, named in transferredFrom',
} as const;

function peakUsed(fit: GpuFit) {
  return {
    fp16FlopPerSecond: fit.measured.peaks.flopPerSecond,
    hbmBytesPerSecond: fit.measured.peaks.hbmBytesPerSecond,
    ...fit.dtypeGemm?.peaks,
  };
}

export function buildEfficiencyFile(
  sources: readonly MeasuredGpuSource[],
  fits: readonly GpuFit[],
  fallback: EfficiencyProfile,
  leaveOneOut: Record<string, LeaveOneOutResult>,
  dtypeLeaveOneOut: Record<string, Partial<Record<GemmDtype, BiasedErrorSummary>>>,
  parquetFiles: readonly string[],
) {
  const gpus: Record<string, unknown> = {};
  fits.forEach((fit, index) => {
    const source = sources[index];
    gpus[fit.measured.gpuId] = {
      measuredOn:
        source === undefined
          ? undefined
          : { folder: source.folder, device: source.device, gemmParquet: parquetFiles[index] },
      profile: fit.measured.profile,
      peakUsed: peakUsed(fit),
      fit: { ...fit.fit, gemmByDtype: fit.dtypeGemm?.fits ?? {} },
    };
  });
  const leaveOneGpuOut: Record<string, unknown> = {};
  for (const [gpuId, result] of Object.entries(leaveOneOut)) {
    leaveOneGpuOut[gpuId] = { ...result, gemmByDtype: dtypeLeaveOneOut[gpuId] ?? {} };
  }
  return {
    schemaVersion: 1,
    generatedBy: 'scripts/fit-efficiency.ts',
    sources: SOURCES,
    method: METHOD,
    gpus,
    fallback: {
      profile: fallback,
      derivedFrom: fits.map((fit) => fit.measured.gpuId).sort(),
      leaveOneGpuOut,
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
