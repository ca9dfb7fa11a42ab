import type { Precision } from '../core/precision.js';

/** Every default of the planner, in one place. The CLI prints the ones in force with each answer. */
export const DEFAULTS = {
  /** vLLM's default `gpu_memory_utilization`: the share of GPU memory the engine may fill. */
  gpuMemoryUtilization: 0.9,
  /** Share of the instance's RAM that may hold offloaded KV cache (the OS and engine need the rest). */
  hostMemoryUtilization: 0.9,
  predictor: 'roofline',
  /** Serving engine whose step overheads predictions include (data/v1/engines/<engine>.json). */
  engine: 'vllm',
  catalog: 'aws',
  pricing: 'on-demand' as 'on-demand' | 'reserved',
  top: 5,
  /** Electricity price, $/kWh: the price OASIS uses (its Table 9, doi:10.1145/3777911.3800633). */
  electricityUsdPerKwh: 0.12,
} as const;

/** Serving precision when the user names none: the checkpoint's dtype, fp32 checkpoints served in bf16. */
export function defaultPrecision(torchDtype: Precision): Precision {
  return torchDtype === 'fp32' ? 'bf16' : torchDtype;
}
