import {
  type FlexgenConstants,
  type FlexgenPolicy,
  type FlexgenShape,
  flexgenBatchTimes,
} from './flexgen-cost-model.js';
import { flexgenPeakMemory } from './flexgen-peak-memory.js';

export interface FlexgenMemoryLimits {
  gpuBytes: number;
  cpuBytes: number;
}

/** Whether a policy's peak memory fits the limits (FlexGen's search multiplies them by its relaxation first). */
export function flexgenPolicyFits(
  shape: FlexgenShape,
  policy: FlexgenPolicy,
  limits: FlexgenMemoryLimits,
): boolean {
  const peak = flexgenPeakMemory(shape, policy);
  return peak.gpuBytes <= limits.gpuBytes && peak.cpuBytes <= limits.cpuBytes;
}

/**
 * FlexGen's policy for this batch: the KV cache's GPU share, in whole percent as `--percent` takes it,
 * that minimises the cost model's batch time within the memory limits. Weights and activations stay on
 * the GPU (the planner's memory model keeps the weights there), the batch is one GPU batch, and the
 * search is exact over the 101 percentages where FlexGen solves a linear program over batch sizes and
 * all six shares. Undefined when no percentage fits.
 */
export function searchFlexgenPolicy(
  shape: FlexgenShape,
  constants: FlexgenConstants,
  limits: FlexgenMemoryLimits,
): FlexgenPolicy | undefined {
  let best: { policy: FlexgenPolicy; seconds: number } | undefined;
  for (let percent = 100; percent >= 0; percent--) {
    const policy = { weightsGpuFraction: 1, cacheGpuFraction: percent / 100, activationsGpuFraction: 1 };
    if (!flexgenPolicyFits(shape, policy, limits)) continue;
    const t = flexgenBatchTimes(shape, policy, constants);
    const seconds = t.prefillSeconds + t.decodeSeconds;
    // Strictly better only: among equal times the larger GPU share (less offloaded) wins.
    if (!best || seconds < best.seconds) best = { policy, seconds };
  }
  return best?.policy;
}
