import type { GpuSpec } from './gpu-spec.js';
import type { Issue } from './issue.js';
import { computeFormat, type Precision } from './precision.js';

/**
 * Dense peak FLOP/s for the format a precision computes in. fp8 on a GPU without fp8 tensor cores
 * runs (as vLLM does on Ampere) weight-only at 16 bit: it falls back to the fp16 peak with a warning.
 */
export function peakFlopPerSecond(gpu: GpuSpec, precision: Precision): { value: number; warning?: Issue } {
  const format = computeFormat(precision);
  if (format === 'fp32') return { value: gpu.peak.fp32FlopPerSecond };
  if (format === 'fp8') {
    if (gpu.peak.fp8FlopPerSecond !== undefined) return { value: gpu.peak.fp8FlopPerSecond };
    return {
      value: gpu.peak.fp16FlopPerSecond,
      warning: { code: 'fp8-emulated', details: { gpu: gpu.id } },
    };
  }
  return { value: gpu.peak.fp16FlopPerSecond };
}
