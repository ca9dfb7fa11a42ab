import type { GpuSpec } from './gpu-spec.js';
import type { MigProfile } from './mig-profile.js';

/** What a GpuSpec that is a MIG slice remembers about where it came from. */
export interface MigSliceInfo {
  profile: string;
  /** The whole GPU's display name. */
  parentName: string;
  computeFraction: number;
  memoryBandwidthFraction: number;
  priceShare: number;
  estimated: string[];
}

/**
 * One MIG GPU instance seen as a GPU of its own: its memory as reported (or estimated), tensor and
 * CUDA-core peaks scaled by its share of SMs, HBM bandwidth by its share of memory slices (each memory
 * slice brings its own memory controllers and L2), no NVLink (MIG instances have no peer-to-peer), the
 * PCIe link shared with the other instances (kept at the GPU's; the guide notes the bus is shared). The id
 * stays the parent's, so fitted efficiency factors and calibrations of the whole GPU apply (an assumption
 * documented in docs/oasis.md); `mig` marks it as a slice.
 *
 * Example: A100-80GB 3g.40gb, 42 of 108 SMs and 4 of 8 memory slices → 312 × 0.3889 = 121.3 dense
 * fp16 TFLOPS, 2039 × 0.5 = 1019.5 GB/s, 39.25 GiB.
 */
export function migSliceGpu(gpu: GpuSpec, profile: MigProfile): GpuSpec & { mig: MigSliceInfo } {
  const c = profile.computeFraction;
  const peak: GpuSpec['peak'] = {
    fp32FlopPerSecond: gpu.peak.fp32FlopPerSecond * c,
    fp16FlopPerSecond: gpu.peak.fp16FlopPerSecond * c,
  };
  if (gpu.peak.fp8FlopPerSecond !== undefined) peak.fp8FlopPerSecond = gpu.peak.fp8FlopPerSecond * c;
  if (gpu.peak.fp4FlopPerSecond !== undefined) peak.fp4FlopPerSecond = gpu.peak.fp4FlopPerSecond * c;
  if (gpu.peak.int8OpPerSecond !== undefined) peak.int8OpPerSecond = gpu.peak.int8OpPerSecond * c;
  const { nvlinkBytesPerSecond: _noPeerToPeer, ...rest } = gpu;
  return {
    ...rest,
    name: `${gpu.name} · MIG ${profile.name}`,
    memoryBytes: profile.memoryBytes,
    hbmBytesPerSecond: gpu.hbmBytesPerSecond * profile.memoryBandwidthFraction,
    peak,
    sources: [...gpu.sources, ...profile.sources],
    mig: {
      profile: profile.name,
      parentName: gpu.name,
      computeFraction: c,
      memoryBandwidthFraction: profile.memoryBandwidthFraction,
      priceShare: profile.priceShare,
      estimated: profile.estimated,
    },
  };
}

/** `A100-80GB` or `A100-80GB 3g.40gb`: how a GPU or slice is named in tables. */
export function gpuLabel(gpu: GpuSpec): string {
  const mig = (gpu as { mig?: MigSliceInfo }).mig;
  return mig ? `${gpu.id} ${mig.profile}` : gpu.id;
}
