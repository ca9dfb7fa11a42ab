import type { GpuSpec } from './gpu-spec.js';
import { PCIE_ACHIEVABLE_FRACTION } from './pcie-efficiency.js';

/** Seconds to copy KV bytes over PCIe at the achievable share of the GPU's link, each direction apart. */
export function pcieTransferSeconds(
  gpu: GpuSpec,
  hostToDeviceBytes: number,
  deviceToHostBytes: number,
): number {
  return (
    hostToDeviceBytes / (gpu.hostToDeviceBytesPerSecond * PCIE_ACHIEVABLE_FRACTION) +
    deviceToHostBytes / (gpu.deviceToHostBytesPerSecond * PCIE_ACHIEVABLE_FRACTION)
  );
}

/**
 * One layer's PCIe KV traffic when `offloadFraction` of the KV cache lives in host memory (paper eq. 5
 * and 6). Prefill writes the offloaded share of the new KV to host while the layer computes, so only
 * what outlasts `gpuLayerSeconds` is exposed; decode reads the offloaded share of the context back and
 * writes the new token's share out, added to the layer's time.
 */
export function offloadedKvSeconds(
  gpu: GpuSpec,
  kind: 'prefill' | 'decode',
  offloadFraction: number,
  kv: { newKvBytes: number; contextKvBytes: number },
  gpuLayerSeconds: number,
): { transferSeconds: number; exposedSeconds: number } {
  const f = offloadFraction;
  if (kind === 'prefill') {
    const write = pcieTransferSeconds(gpu, 0, f * kv.newKvBytes);
    return { transferSeconds: write, exposedSeconds: Math.max(0, write - gpuLayerSeconds) };
  }
  const readWrite = pcieTransferSeconds(gpu, f * kv.contextKvBytes, f * kv.newKvBytes);
  return { transferSeconds: readWrite, exposedSeconds: readWrite };
}
