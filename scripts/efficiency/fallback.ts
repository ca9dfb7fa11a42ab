import type { OperatorEfficiency } from '../../src/core/operator-time.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import { type AllReduceCost, type AllReducePoint, evaluateAllReduce } from './allreduce-fit.js';
import { type ErrorSummary, median } from './error-stats.js';
import { evaluateRoofline, type Peaks } from './roofline-fit.js';
import { KERNEL_CLASSES, type KernelClass, type KernelSample } from './samples.js';

/**
 * The profile for GPUs with no measurements: the median of every factor over the measured GPUs,
 * flagged `estimated: true`, and how well such a transferred profile predicts a GPU it never saw.
 */

export function medianEfficiency(efficiencies: readonly OperatorEfficiency[]): OperatorEfficiency {
  return {
    computeEfficiency: Number(median(efficiencies.map((e) => e.computeEfficiency)).toPrecision(4)),
    memoryEfficiency: Number(median(efficiencies.map((e) => e.memoryEfficiency)).toPrecision(4)),
    fixedSeconds: Number(median(efficiencies.map((e) => e.fixedSeconds)).toPrecision(4)),
  };
}

export function medianProfile(profiles: readonly EfficiencyProfile[]): EfficiencyProfile {
  if (profiles.length === 0) throw new Error('median profile of no GPUs');
  const gpuCounts = [...new Set(profiles.flatMap((profile) => Object.keys(profile.allReduce)))].sort(
    (a, b) => Number(a) - Number(b),
  );
  const allReduce: Record<string, AllReduceCost> = {};
  for (const count of gpuCounts) {
    const costs = profiles.flatMap((profile) => {
      const cost = profile.allReduce[count];
      return cost === undefined ? [] : [cost];
    });
    allReduce[count] = {
      latencySeconds: Number(median(costs.map((cost) => cost.latencySeconds)).toPrecision(4)),
      busBytesPerSecond: Number(median(costs.map((cost) => cost.busBytesPerSecond)).toPrecision(4)),
    };
  }
  return {
    gemm: medianEfficiency(profiles.map((profile) => profile.gemm)),
    prefillAttention: medianEfficiency(profiles.map((profile) => profile.prefillAttention)),
    decodeAttention: medianEfficiency(profiles.map((profile) => profile.decodeAttention)),
    allReduce,
    estimated: true,
  };
}

/** Everything measured on one GPU that a transferred profile can be scored against. */
export interface MeasuredGpu {
  gpuId: string;
  peaks: Peaks;
  profile: EfficiencyProfile;
  samples: Record<KernelClass, readonly KernelSample[]>;
  allReducePoints: Record<string, readonly AllReducePoint[]>;
}

export type LeaveOneOutResult = Record<KernelClass, ErrorSummary> & {
  allReduce: Record<string, ErrorSummary>;
};

/**
 * For each GPU: the median profile of all the other GPUs, scored on every filtered sample of this GPU
 * (none of which it was fitted on), with this GPU's own peaks.
 */
export function leaveOneGpuOut(gpus: readonly MeasuredGpu[]): Record<string, LeaveOneOutResult> {
  const results: Record<string, LeaveOneOutResult> = {};
  for (const held of gpus) {
    const transferred = medianProfile(
      gpus.filter((gpu) => gpu.gpuId !== held.gpuId).map((gpu) => gpu.profile),
    );
    const allReduce: Record<string, ErrorSummary> = {};
    for (const [count, points] of Object.entries(held.allReducePoints)) {
      const cost = transferred.allReduce[count];
      if (cost === undefined || points.length === 0) continue;
      const { samples, medianAbsPctError, p90AbsPctError } = evaluateAllReduce(points, cost);
      allReduce[count] = { samples, medianAbsPctError, p90AbsPctError };
    }
    const byClass = {} as Record<KernelClass, ErrorSummary>;
    for (const kernelClass of KERNEL_CLASSES) {
      const { samples, medianAbsPctError, p90AbsPctError } = evaluateRoofline(
        held.samples[kernelClass],
        held.peaks,
        transferred[kernelClass],
      );
      byClass[kernelClass] = { samples, medianAbsPctError, p90AbsPctError };
    }
    results[held.gpuId] = { ...byClass, allReduce };
  }
  return results;
}
