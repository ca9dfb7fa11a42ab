import {
  GEMM_DTYPE_ACTIVATION_QUANT_BYTES,
  GEMM_DTYPE_WEIGHT_BYTES,
  GEMM_DTYPES,
  type GemmDtype,
} from '../../src/core/gemm-kernel.js';
import { activationBytesPerElement } from '../../src/core/memory.js';
import type { OperatorEfficiency } from '../../src/core/operator-time.js';
import { type DtypeGemmEfficiency, weightGemmWork } from '../../src/core/operator-work.js';
import { medianEfficiency } from './fallback.js';
import type { KernelFitReport } from './fit-gpu.js';
import {
  type BiasedErrorSummary,
  evaluateRoofline,
  fitRoofline,
  type Peaks,
  roundEfficiency,
} from './roofline-fit.js';
import { GEMM_LIMITS, gemmSizeBucket, type KernelSample } from './samples.js';
import { splitByShape } from './split.js';
import type { GemmRow } from './tables.js';

/**
 * Precision-specific GEMM fits: the product's roofline fitted per (GPU, measured dtype) to the fp8,
 * fp8_block and nvfp4 rows of AIConfigurator's vLLM GEMM table, against that dtype's tensor-core peak,
 * with the product's own work (`weightGemmWork` with the dtype's weight bytes and 16-bit activations,
 * as `layerGemms` counts them). GPUs with that dtype's tensor cores but no (usable) rows get the median
 * of the GPUs fitted for it, named in `transferredFrom`.
 */

/** Dense tensor peaks a dtype fit needs, from AIConfigurator's system files. */
export interface DtypePeaks {
  fp8FlopPerSecond?: number;
  fp4FlopPerSecond?: number;
  hbmBytesPerSecond: number;
}

function dtypePeak(dtype: GemmDtype, peaks: DtypePeaks): number | undefined {
  return dtype === 'nvfp4' ? peaks.fp4FlopPerSecond : peaks.fp8FlopPerSecond;
}

/** Fewer training shapes than this (after the filters) and a GPU's dtype is transferred, not fitted. */
export const MIN_DTYPE_TRAIN_SAMPLES = 500;

/** One dtype's filtered samples (same filters and shape keys as bf16); duplicate shapes keep the faster kernel. */
export function dtypeGemmSamples(rows: readonly GemmRow[], dtype: GemmDtype): KernelSample[] {
  const fastest = new Map<string, GemmRow>();
  for (const row of rows) {
    if (row.dtype !== dtype) continue;
    if (row.n < GEMM_LIMITS.minN || row.k < GEMM_LIMITS.minK || row.m > GEMM_LIMITS.maxM) continue;
    const key = `gemm:${row.m}x${row.n}x${row.k}`;
    const seen = fastest.get(key);
    if (seen === undefined || row.seconds < seen.seconds) fastest.set(key, row);
  }
  const activationBytes = activationBytesPerElement(dtype === 'nvfp4' ? 'int4' : 'fp8');
  return [...fastest.entries()].map(([shapeKey, row]) => ({
    ...weightGemmWork(
      row.m,
      row.k,
      row.n,
      GEMM_DTYPE_WEIGHT_BYTES[dtype],
      activationBytes,
      GEMM_DTYPE_ACTIVATION_QUANT_BYTES[dtype],
    ),
    shapeKey,
    measuredSeconds: row.seconds,
    sizeBucket: gemmSizeBucket(row.m),
  }));
}

export interface DtypeGemmFit {
  gpuId: string;
  dtype: GemmDtype;
  peaks: Peaks;
  efficiency: DtypeGemmEfficiency;
  report: KernelFitReport;
  /**
   * The rule this fit replaces, scored on the same held-out shapes: fp8 at the fp8 peak with the GPU's
   * bf16 factors; nvfp4 (planned as int4) at the 16-bit peak with the bf16 factors; no quantization pass.
   */
  previousRule: BiasedErrorSummary;
  samples: KernelSample[];
}

/** Fits every dtype this GPU has a peak for and enough rows of. Pure. */
export function fitDtypeGemms(
  gpuId: string,
  rows: readonly GemmRow[],
  peaks: DtypePeaks & { flopPerSecond: number },
  bf16Efficiency: OperatorEfficiency,
): DtypeGemmFit[] {
  const fits: DtypeGemmFit[] = [];
  for (const dtype of GEMM_DTYPES) {
    const flopPerSecond = dtypePeak(dtype, peaks);
    if (flopPerSecond === undefined) continue;
    const samples = dtypeGemmSamples(rows, dtype);
    const { train, test } = splitByShape(samples);
    if (train.length < MIN_DTYPE_TRAIN_SAMPLES || test.length === 0) continue;
    const dtypePeaks = { flopPerSecond, hbmBytesPerSecond: peaks.hbmBytesPerSecond };
    const efficiency = roundEfficiency(fitRoofline(train, dtypePeaks).efficiency);
    const previousPeaks =
      dtype === 'nvfp4' ? { ...dtypePeaks, flopPerSecond: peaks.flopPerSecond } : dtypePeaks;
    // The previous product counted no quantization pass.
    const unquantized = test.map((sample) => ({ ...sample, serialBytes: 0 }));
    const previous = evaluateRoofline(unquantized, previousPeaks, bf16Efficiency);
    fits.push({
      gpuId,
      dtype,
      peaks: dtypePeaks,
      efficiency,
      report: {
        trainSamples: train.length,
        testSamples: test.length,
        ...evaluateRoofline(test, dtypePeaks, efficiency),
      },
      previousRule: {
        samples: previous.samples,
        medianAbsPctError: previous.medianAbsPctError,
        p90AbsPctError: previous.p90AbsPctError,
        medianPredictedOverMeasured: previous.medianPredictedOverMeasured,
      },
      samples,
    });
  }
  return fits;
}

/** The median of the fits of `dtype` on GPUs other than `exclude`, naming them; undefined when none. */
function transferred(
  fits: readonly DtypeGemmFit[],
  dtype: GemmDtype,
  exclude?: string,
): DtypeGemmEfficiency | undefined {
  const from = fits.filter((fit) => fit.dtype === dtype && fit.gpuId !== exclude);
  if (from.length === 0) return undefined;
  return {
    ...medianEfficiency(from.map((fit) => fit.efficiency)),
    transferredFrom: from.map((fit) => fit.gpuId).sort(),
  };
}

type DtypeGemmProfiles = Partial<Record<GemmDtype, DtypeGemmEfficiency>>;

/**
 * Each GPU's `gemmByDtype`: its own fit, else (it has the dtype's peak) the median of the GPUs fitted
 * for that dtype; and the fallback profile's (median of all fitted GPUs, for unmeasured GPUs).
 */
export function dtypeGemmProfiles(
  fits: readonly DtypeGemmFit[],
  gpus: readonly { gpuId: string; peaks: DtypePeaks }[],
): { byGpu: Record<string, DtypeGemmProfiles>; fallback: DtypeGemmProfiles } {
  const byGpu: Record<string, DtypeGemmProfiles> = {};
  for (const gpu of gpus) {
    const profiles: DtypeGemmProfiles = {};
    for (const dtype of GEMM_DTYPES) {
      if (dtypePeak(dtype, gpu.peaks) === undefined) continue;
      const own = fits.find((fit) => fit.gpuId === gpu.gpuId && fit.dtype === dtype);
      const efficiency = own?.efficiency ?? transferred(fits, dtype);
      if (efficiency) profiles[dtype] = efficiency;
    }
    byGpu[gpu.gpuId] = profiles;
  }
  const fallback: DtypeGemmProfiles = {};
  for (const dtype of GEMM_DTYPES) {
    const efficiency = transferred(fits, dtype);
    if (efficiency) fallback[dtype] = efficiency;
  }
  return { byGpu, fallback };
}

/**
 * How a transferred dtype profile predicts a GPU it never saw: per fitted (GPU, dtype), the median of
 * the other GPUs' fits of that dtype scored on all of this GPU's samples of it, with its own peaks.
 */
export function dtypeLeaveOneGpuOut(
  fits: readonly DtypeGemmFit[],
): Record<string, Partial<Record<GemmDtype, BiasedErrorSummary>>> {
  const results: Record<string, Partial<Record<GemmDtype, BiasedErrorSummary>>> = {};
  for (const held of fits) {
    const other = transferred(fits, held.dtype, held.gpuId);
    if (!other) continue;
    const { transferredFrom: _from, ...efficiency } = other;
    const { samples, medianAbsPctError, p90AbsPctError, medianPredictedOverMeasured } = evaluateRoofline(
      held.samples,
      held.peaks,
      efficiency,
    );
    results[held.gpuId] = {
      ...results[held.gpuId],
      [held.dtype]: { samples, medianAbsPctError, p90AbsPctError, medianPredictedOverMeasured },
    };
  }
  return results;
}
