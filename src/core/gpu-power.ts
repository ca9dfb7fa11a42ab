import type { Source } from './source.js';

/**
 * What is known about one GPU's power and SM clock, from data/v1/energy.json. Watts, MHz.
 * `estimated` is true when no power measurement of this GPU entered the power-model fit: its figures
 * come from the fitted model scaled by its power limit, and every number derived from them says so.
 */
export interface GpuPowerSpec {
  gpuId: string;
  /** Board power limit (TDP) the model scales between idle and. */
  powerLimitWatts: number;
  /** Power with the model loaded and no work (the floor). */
  idleWatts: number;
  /** True when idleWatts is not a reading of this GPU (the measured idle share of the limit, scaled). */
  idleEstimated: boolean;
  /** Documented SM clocks; absent when no source gives them (then the clock cannot be set). */
  smClock?: SmClockRange;
  /** True when no power measurement of this GPU was used to fit the model. */
  estimated: boolean;
  sources: Source[];
}

export interface SmClockRange {
  /** Highest documented SM clock (the GPU's boost under load when no clock is set). */
  maxMhz: number;
  /** Lowest documented SM clock (no source gives minimum supported clocks): the floor for a set clock. */
  minMhz: number;
  /** The clock the datasheet's dense peaks are quoted at (≤ maxMhz). */
  peakFlopsMhz: number;
}

/**
 * The fitted power model, shared by all GPUs as fractions of each GPU's dynamic range (limit − idle).
 * Power while busy at SM clock f: idle + (limit − idle) × activity × clockPowerFactor(f / fMax), where
 * activity blends the compute-bound and memory-bound activities by the compute-bound share of busy time.
 */
export interface PowerModelCoefficients {
  /** Share of the dynamic range drawn while compute-bound at the highest clock. */
  computeActivity: number;
  /** Share of the dynamic range drawn while memory-bound at the highest clock. */
  memoryActivity: number;
  /**
   * Clock fraction below which the supply voltage stops falling (dynamic power ∝ f there; ∝ f·V² with
   * V ∝ f above it). 1 means dynamic power ∝ f everywhere.
   */
  voltageKneeClockFraction: number;
}

/**
 * Dynamic power at `clockFraction` = f / fMax relative to fMax, for CMOS dynamic power C·V²·f with the
 * voltage proportional to the clock down to a floor at the knee: r·max(k, r)² / max(k, 1)².
 * Example: knee 0.8, r 0.6 → 0.6 × 0.64 = 0.384; r 1 → 1.
 */
export function clockPowerFactor(clockFraction: number, voltageKneeClockFraction: number): number {
  const k = voltageKneeClockFraction;
  const v = Math.max(k, clockFraction);
  return (clockFraction * v * v) / Math.max(k, 1) ** 2;
}

/** What the GPU did over the averaging window. Fractions in [0, 1]. */
export interface GpuActivity {
  /** Share of the window the GPU was running kernels (engine steps). */
  busyFraction: number;
  /** Share of the busy time that was compute-bound (the rest memory-bound). */
  computeBoundFraction: number;
  /** SM clock; absent = the highest documented clock (the GPU boosts to it under load). */
  clockMhz?: number;
}

/**
 * Average power of one GPU over a window: idle floor + busy share × dynamic power at its clock and
 * phase mix, never above the power limit.
 * Example (A100 idle 50 W, limit 400 W, compute 0.6, memory 0.4, knee 0.8, max clock 1410 MHz): fully
 * busy, half compute-bound, at 1410 MHz → 50 + 350 × 0.5 × 1 = 225 W; 60 % busy → 50 + 0.6 × 175 = 155 W.
 */
export function averagePowerWatts(
  spec: GpuPowerSpec,
  coefficients: PowerModelCoefficients,
  activity: GpuActivity,
): number {
  const busy = clamp01(activity.busyFraction);
  const compute = clamp01(activity.computeBoundFraction);
  const blend =
    coefficients.memoryActivity + (coefficients.computeActivity - coefficients.memoryActivity) * compute;
  const fraction =
    spec.smClock && activity.clockMhz !== undefined ? activity.clockMhz / spec.smClock.maxMhz : 1;
  const factor = clockPowerFactor(fraction, coefficients.voltageKneeClockFraction);
  const dynamic = (spec.powerLimitWatts - spec.idleWatts) * blend * factor;
  return Math.min(spec.powerLimitWatts, spec.idleWatts + busy * dynamic);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
