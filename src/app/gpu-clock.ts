import { gpuAtClock } from '../core/gpu-at-clock.js';
import type { GpuPowerSpec } from '../core/gpu-power.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import { fail, ok, type Result } from '../core/issue.js';

export interface ClockedGpu {
  /** The GPU with its peaks scaled to the clock (unchanged when no clock is set). */
  gpu: GpuSpec;
  /** The SM clock set, or undefined for the default (the highest documented clock under load). */
  clockMhz: number | undefined;
}

/**
 * Checks a requested SM clock against the GPU's documented range and scales its peaks. The floor is the
 * lowest documented clock (no source gives minimum supported clocks); GPUs without documented clocks
 * cannot be clocked. `path` names the flag or field for the error.
 */
export function clockGpu(
  gpu: GpuSpec,
  power: GpuPowerSpec,
  clockMhz: number | undefined,
  path = 'gpuClockMhz',
): Result<ClockedGpu> {
  if (clockMhz === undefined) return ok({ gpu, clockMhz: undefined });
  const range = power.smClock;
  if (!range) return fail({ code: 'gpu-clock-undocumented', path, details: { gpu: gpu.id, clockMhz } });
  if (!Number.isFinite(clockMhz) || clockMhz < range.minMhz || clockMhz > range.maxMhz)
    return fail({
      code: 'gpu-clock-out-of-range',
      path,
      details: { gpu: gpu.id, clockMhz, minMhz: range.minMhz, maxMhz: range.maxMhz },
    });
  return ok({ gpu: gpuAtClock(gpu, clockMhz, range.peakFlopsMhz), clockMhz });
}
