import type { FlexgenConstants, FlexgenCostModelData } from './flexgen-cost-model.js';
import type { GpuSpec } from './gpu-spec.js';

/**
 * FlexGen's constants on `gpu`. They were fitted on one T4; on any other GPU each is scaled by the ratio
 * of the catalog figure that bounds it, GPU over reference (docs/flexgen.md):
 * - CPU↔GPU copies by the PCIe link (nominal bandwidth per direction: generation × lanes);
 * - prefill GEMMs and prefill attention (compute-bound) by the dense fp16 tensor peak;
 * - decode GEMMs and decode attention (they stream weights and KV) by the memory bandwidth;
 * - CPU attention stays as fitted: it runs on the host, and the catalog has no host CPU throughput.
 * `transferred` is false only on the reference GPU itself.
 */
export function flexgenConstantsFor(
  data: FlexgenCostModelData,
  gpu: GpuSpec,
): { constants: FlexgenConstants; transferred: boolean } {
  const ref = data.referenceGpu;
  const c = data.constants;
  if (gpu.id === ref.id) return { constants: c, transferred: false };
  const h2d = gpu.hostToDeviceBytesPerSecond / ref.pcieBytesPerSecondPerDirection;
  const d2h = gpu.deviceToHostBytesPerSecond / ref.pcieBytesPerSecondPerDirection;
  const flops = gpu.peak.fp16FlopPerSecond / ref.fp16FlopPerSecond;
  const hbm = gpu.hbmBytesPerSecond / ref.hbmBytesPerSecond;
  return {
    constants: {
      cpuToGpuBytesPerSecond: c.cpuToGpuBytesPerSecond * h2d,
      gpuToCpuCacheBytesPerSecond: c.gpuToCpuCacheBytesPerSecond * d2h,
      gpuToCpuHiddenBytesPerSecond: c.gpuToCpuHiddenBytesPerSecond * d2h,
      prefillMatmulFlopPerSecond: c.prefillMatmulFlopPerSecond * flops,
      decodeMatmulFlopPerSecond: c.decodeMatmulFlopPerSecond * hbm,
      prefillAttentionFlopPerSecond: c.prefillAttentionFlopPerSecond * flops,
      decodeAttentionFlopPerSecond: c.decodeAttentionFlopPerSecond * hbm,
      cpuAttentionFlopPerSecond: c.cpuAttentionFlopPerSecond,
      cpuFlopsCorrection: c.cpuFlopsCorrection,
    },
    transferred: true,
  };
}
