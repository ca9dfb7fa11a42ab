import type { GemmDtype } from '../../src/core/gemm-kernel.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import {
  type AllReduceCost,
  type AllReduceEvaluation,
  type AllReducePoint,
  evaluateAllReduce,
  fastestAllReducePoints,
  fitAllReduce,
} from './allreduce-fit.js';
import type { MeasuredGpu } from './fallback.js';
import {
  evaluateRoofline,
  fitRoofline,
  type KernelEvaluation,
  type Peaks,
  roundEfficiency,
} from './roofline-fit.js';
import {
  decodeSamples,
  gemmSamples,
  KERNEL_CLASSES,
  type KernelClass,
  type KernelSample,
  prefillSamples,
} from './samples.js';
import { splitByShape } from './split.js';
import type { AttentionRow, CollectiveRow, GemmRow } from './tables.js';

/** Fits one GPU's whole profile from its parsed tables. Pure. */

export interface GpuTables {
  gpuId: string;
  peaks: Peaks;
  gemm: readonly GemmRow[];
  contextAttention: readonly AttentionRow[];
  generationAttention: readonly AttentionRow[];
  nccl: readonly CollectiveRow[];
  customAllReduce: readonly CollectiveRow[];
}

export interface KernelFitReport extends KernelEvaluation {
  trainSamples: number;
  testSamples: number;
}

export interface GpuFit {
  measured: MeasuredGpu;
  fit: Record<KernelClass, KernelFitReport> & { allReduce: Record<string, AllReduceEvaluation> };
  /** Precision-specific GEMM fits (scripts/efficiency/dtype-gemm.ts): the peaks used and held-out errors. */
  dtypeGemm?: {
    peaks: { fp8FlopPerSecond?: number; fp4FlopPerSecond?: number };
    fits: Partial<Record<GemmDtype, KernelFitReport>>;
  };
}

export const ALL_REDUCE_GPU_COUNTS = [2, 4, 8] as const;

export function samplesOf(tables: GpuTables): Record<KernelClass, KernelSample[]> {
  return {
    gemm: gemmSamples(tables.gemm),
    prefillAttention: prefillSamples(tables.contextAttention),
    decodeAttention: decodeSamples(tables.generationAttention),
  };
}

export function fitGpu(tables: GpuTables): GpuFit {
  const samples = samplesOf(tables);
  const efficiencies = {} as Pick<EfficiencyProfile, KernelClass>;
  const reports = {} as Record<KernelClass, KernelFitReport>;
  for (const kernelClass of KERNEL_CLASSES) {
    const { train, test } = splitByShape(samples[kernelClass]);
    const efficiency = roundEfficiency(fitRoofline(train, tables.peaks).efficiency);
    efficiencies[kernelClass] = efficiency;
    reports[kernelClass] = {
      trainSamples: train.length,
      testSamples: test.length,
      ...evaluateRoofline(test, tables.peaks, efficiency),
    };
  }

  const points = fastestAllReducePoints(tables.nccl, tables.customAllReduce);
  const allReduce: Record<string, AllReduceCost> = {};
  const allReducePoints: Record<string, AllReducePoint[]> = {};
  const allReduceFit: Record<string, AllReduceEvaluation> = {};
  for (const numGpus of ALL_REDUCE_GPU_COUNTS) {
    const forCount = points.filter((point) => point.numGpus === numGpus);
    if (forCount.length < 2) continue;
    const cost = fitAllReduce(forCount);
    allReduce[String(numGpus)] = cost;
    allReducePoints[String(numGpus)] = forCount;
    allReduceFit[String(numGpus)] = evaluateAllReduce(forCount, cost);
  }

  const profile: EfficiencyProfile = { ...efficiencies, allReduce, estimated: false };
  return {
    measured: { gpuId: tables.gpuId, peaks: tables.peaks, profile, samples, allReducePoints },
    fit: { ...reports, allReduce: allReduceFit },
  };
}
