import { describe, expect, it } from 'vitest';
import type { GpuSpec } from './gpu-spec.js';
import type { MigProfile } from './mig-profile.js';
import { gpuLabel, migSliceGpu } from './mig-slice-gpu.js';

const A100_80GB: GpuSpec = {
  id: 'A100-80GB',
  name: 'A100 (fixture)',
  architecture: 'Ampere',
  memoryBytes: 80 * 2 ** 30,
  hbmBytesPerSecond: 2000e9,
  peak: { fp32FlopPerSecond: 19.5e12, fp16FlopPerSecond: 312e12, int8OpPerSecond: 624e12 },
  hostToDeviceBytesPerSecond: 32e9,
  deviceToHostBytesPerSecond: 32e9,
  nvlinkBytesPerSecond: 300e9,
  tdpWatts: 400,
  sources: [{ title: 'test fixture' }],
};

const threeG: MigProfile = {
  name: '3g.40gb',
  computeSlices: 3,
  memorySlices: 4,
  memoryBytes: 39.25 * 2 ** 30,
  smCount: 42,
  maxInstances: 2,
  placement: { startSlices: [0, 4], sizeSlices: 4 },
  computeFraction: 42 / 108,
  memoryBandwidthFraction: 0.5,
  priceShare: 0.5,
  estimated: [],
  sources: [{ title: 'test' }],
};

describe('migSliceGpu', () => {
  it('A100-80GB 3g.40gb: peaks × 42/108, bandwidth × 4/8, reported memory, no NVLink, same id', () => {
    const slice = migSliceGpu(A100_80GB, threeG);
    expect(slice.id).toBe(A100_80GB.id);
    expect(slice.memoryBytes).toBe(39.25 * 2 ** 30);
    expect(slice.peak.fp16FlopPerSecond).toBe(312e12 * (42 / 108));
    expect(slice.hbmBytesPerSecond).toBe(A100_80GB.hbmBytesPerSecond / 2);
    expect(slice.nvlinkBytesPerSecond).toBeUndefined();
    expect(slice.hostToDeviceBytesPerSecond).toBe(A100_80GB.hostToDeviceBytesPerSecond);
    expect(gpuLabel(slice)).toBe(`${A100_80GB.id} 3g.40gb`);
    expect(gpuLabel(A100_80GB)).toBe(A100_80GB.id);
  });
});
