import type { Source } from './source.js';

/** Dense (no structured sparsity) peak tensor throughput per numeric format. */
export interface PeakFlops {
  fp32FlopPerSecond: number;
  fp16FlopPerSecond: number;
  /** Absent where the GPU has no fp8 tensor cores (before Ada/Hopper). */
  fp8FlopPerSecond?: number;
  /** Absent where the GPU has no FP4 tensor cores (before Blackwell). */
  fp4FlopPerSecond?: number;
  int8OpPerSecond?: number;
}

/** One GPU model, in base units. */
export interface GpuSpec {
  /** Catalog id, e.g. `A10G`, `H100-SXM`, `A100-80GB`. */
  id: string;
  name: string;
  architecture: string;
  memoryBytes: number;
  hbmBytesPerSecond: number;
  peak: PeakFlops;
  /** Nominal host→device PCIe bandwidth per direction. */
  hostToDeviceBytesPerSecond: number;
  /** Nominal device→host PCIe bandwidth per direction. */
  deviceToHostBytesPerSecond: number;
  /** GPU↔GPU bandwidth per direction inside one server (NVLink), when the GPU has it. */
  nvlinkBytesPerSecond?: number;
  tdpWatts: number;
  sources: Source[];
}
