import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import type { SharedData } from './shared-data.js';

const CONSTANTS = 'infersave-paper/flexgen_cost_model_t4_constants.json';
const GIB = 2 ** 30;
const TERA = 1e12;

/** The fields of the shared constants file this build reads (GB = 2³⁰ bytes, T = 10¹² as in FlexGen's code). */
interface T4Constants {
  ctog_bdw_GBps: number;
  gtoc_bdw_cache_GBps: number;
  gtoc_bdw_hidden_GBps: number;
  mm_flops_p_TFLOPS: number;
  mm_flops_g_TFLOPS: number;
  bmm_flops_p_TFLOPS: number;
  bmm_flops_g_TFLOPS: number;
  cpu_flops_TFLOPS: number;
  c1: number;
  c2: number;
  c3: number;
  memory_relaxation_alpha_g_c_n_default: number;
  source: string;
  fitted_how: string;
}

function positive(file: Record<string, unknown>, key: keyof T4Constants): number {
  const value = file[key];
  if (typeof value !== 'number' || !(value > 0))
    throw new Error(`${CONSTANTS}: ${key} must be a positive number`);
  return value;
}

/**
 * `data/v1/flexgen-cost-model.json`: FlexGen's cost-model hardware constants, fitted by its authors on
 * real FlexGen runs on a GCP T4 (experimental/cost_model.py), in base units, with the T4's figures from
 * gpus.json that the transfer to other GPUs divides by (src/core/flexgen-hardware.ts). The disk (NVMe)
 * constants are left out: the planner places nothing on disk.
 */
export function buildFlexgenCostModel(shared: SharedData, gpus: readonly GpuEntry[]) {
  const raw = shared.json(CONSTANTS) as Record<string, unknown>;
  const t4 = gpus.find((g) => g.id === 'T4');
  if (!t4) throw new Error('gpus.json has no T4, the GPU FlexGen fitted its cost model on');
  const c1 = raw.c1;
  const c2 = raw.c2;
  const c3 = raw.c3;
  if (typeof c1 !== 'number' || typeof c2 !== 'number' || typeof c3 !== 'number')
    throw new Error(`${CONSTANTS}: c1, c2 and c3 must be numbers`);
  return {
    schemaVersion: 1,
    description:
      "FlexGen's cost model (experimental/cost_model.py): hardware constants its authors fitted by gradient descent on real FlexGen runs on a GCP T4, in bytes/s and FLOP/s; the reference GPU's catalog figures the transfer to other GPUs divides by; the memory relaxation its policy search applies. Disk constants are omitted (nothing is placed on disk).",
    referenceGpu: {
      id: t4.id,
      fp16FlopPerSecond: t4.fp16DenseTflops * TERA,
      hbmBytesPerSecond: t4.hbmGBPerSecond * 1e9,
      pcieBytesPerSecondPerDirection: t4.pcieGBPerSecondPerDirection * 1e9,
    },
    constants: {
      cpuToGpuBytesPerSecond: positive(raw, 'ctog_bdw_GBps') * GIB,
      gpuToCpuCacheBytesPerSecond: positive(raw, 'gtoc_bdw_cache_GBps') * GIB,
      gpuToCpuHiddenBytesPerSecond: positive(raw, 'gtoc_bdw_hidden_GBps') * GIB,
      prefillMatmulFlopPerSecond: positive(raw, 'mm_flops_p_TFLOPS') * TERA,
      decodeMatmulFlopPerSecond: positive(raw, 'mm_flops_g_TFLOPS') * TERA,
      prefillAttentionFlopPerSecond: positive(raw, 'bmm_flops_p_TFLOPS') * TERA,
      decodeAttentionFlopPerSecond: positive(raw, 'bmm_flops_g_TFLOPS') * TERA,
      cpuAttentionFlopPerSecond: positive(raw, 'cpu_flops_TFLOPS') * TERA,
      cpuFlopsCorrection: { c1, c2, c3 },
    },
    memoryRelaxation: positive(raw, 'memory_relaxation_alpha_g_c_n_default'),
    sources: [
      {
        title: `shared data ${CONSTANTS}: ${String(raw.source)}`,
        url: 'https://github.com/FMInference/FlexGen/blob/main/experimental/cost_model.py',
        note: `${String(raw.fitted_how)}. Converted to base units (GB = 2^30 bytes, T = 1e12). Not fitted on the InferSave paper's points.`,
      },
      {
        title: 'data/v1/gpus.json (this repository), T4 entry',
        fields: ['referenceGpu'],
      },
    ],
  };
}
