import type { Source } from './source.js';

/**
 * Where one GPU instance of a MIG profile may sit: the first memory slice it may start on (any of
 * `startSlices`) and how many consecutive memory slices it occupies (`nvidia-smi mig -lgipp` prints
 * this as `{0,2,4}:2`). Two instances on one GPU may not overlap (NVML: "creation of a new GPU instance
 * will fail if there is overlap with the already occupied memory slices").
 */
export interface MigPlacement {
  startSlices: number[];
  sizeSlices: number;
}

/** One MIG GPU-instance profile of one GPU, e.g. `3g.40gb` on an A100-80GB. */
export interface MigProfile {
  /** As nvidia-smi names it: `<compute slices>g.<nominal GB>gb`, `+me` with media extensions. */
  name: string;
  computeSlices: number;
  memorySlices: number;
  /** Usable memory of one instance, bytes: as nvidia-smi reports it, or estimated (see `estimated`). */
  memoryBytes: number;
  /** Streaming multiprocessors of one instance, when a source reports them. */
  smCount?: number;
  /** Most instances of this profile on one GPU. */
  maxInstances: number;
  placement: MigPlacement;
  /** Share of the GPU's SMs (by SM count where known, else compute slices / total). */
  computeFraction: number;
  /** Share of the GPU's memory bandwidth: its memory slices / total (each slice has its own controllers). */
  memoryBandwidthFraction: number;
  /** Share of the GPU it blocks, for pricing: max(compute slices / total, memory slices / total). */
  priceShare: number;
  /** Which of the figures above are estimates rather than reported values, and why. */
  estimated: string[];
  sources: Source[];
}

/** The MIG capabilities of one catalog GPU. */
export interface MigGpu {
  /** Catalog GPU id (data/v1/gpus.json), e.g. `A100-80GB`. */
  gpuId: string;
  totalComputeSlices: number;
  totalMemorySlices: number;
  profiles: MigProfile[];
  /** Layouts NVIDIA's MIG manager ships as valid (name → profile counts). */
  knownValidLayouts: { name: string; profiles: Record<string, number> }[];
  sources: Source[];
}

/** Profile name → how many instances of it on one GPU. */
export type MigLayout = Record<string, number>;
