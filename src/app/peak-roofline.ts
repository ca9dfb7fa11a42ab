import type { OperatorEfficiency } from '../core/operator-time.js';
import type { EfficiencyProfile } from '../core/operator-work.js';
import { createRooflinePredictor } from '../core/roofline-predictor.js';
import type { TimePredictor } from '../core/time-predictor.js';

const PEAK: OperatorEfficiency = { computeEfficiency: 1, memoryEfficiency: 1, fixedSeconds: 0 };
const FREE_ALL_REDUCE = { latencySeconds: 0, busBytesPerSecond: Number.POSITIVE_INFINITY };

/**
 * Every kernel at 100 % of the GPU's peak FLOP/s and HBM bandwidth, no launch cost, all-reduce free over
 * NVLink (PCIe-capped without it): the fastest the hardware can run a step. A calibrated time below it
 * claims more than the hardware can do.
 */
export const PEAK_PROFILE: EfficiencyProfile = {
  gemm: PEAK,
  prefillAttention: PEAK,
  decodeAttention: PEAK,
  allReduce: Object.fromEntries([2, 4, 8, 16, 32, 64].map((n) => [String(n), FREE_ALL_REDUCE])),
  estimated: false,
};

/** The roofline predictor with `PEAK_PROFILE` on every GPU. */
export const peakRooflinePredictor: TimePredictor = createRooflinePredictor({
  profiles: {},
  fallback: PEAK_PROFILE,
});
