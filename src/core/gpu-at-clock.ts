import type { GpuSpec } from './gpu-spec.js';

/**
 * The GPU with its SM clock set to `clockMhz`: tensor and CUDA-core peaks scale with the SM clock (the
 * datasheet quotes them at `peakFlopsMhz`; above that clock they do not grow); HBM, PCIe and NVLink
 * bandwidth do not scale (their clocks are separate), so memory-bound work barely slows while
 * compute-bound work slows in proportion.
 * Example: A100 312 TFLOPS at 1410 MHz → 855 MHz gives 312 × 855 / 1410 = 189.2 TFLOPS, HBM unchanged.
 */
export function gpuAtClock(gpu: GpuSpec, clockMhz: number, peakFlopsMhz: number): GpuSpec {
  const s = Math.min(1, clockMhz / peakFlopsMhz);
  if (s === 1) return gpu;
  const peak = { ...gpu.peak };
  peak.fp32FlopPerSecond *= s;
  peak.fp16FlopPerSecond *= s;
  if (peak.fp8FlopPerSecond !== undefined) peak.fp8FlopPerSecond *= s;
  if (peak.fp4FlopPerSecond !== undefined) peak.fp4FlopPerSecond *= s;
  if (peak.int8OpPerSecond !== undefined) peak.int8OpPerSecond *= s;
  return { ...gpu, peak };
}
