import { describe, expect, it } from 'vitest';
import { ROUND } from './fixtures/flexgen.js';
import { testL4 } from './fixtures/gpus.js';
import type { FlexgenCostModelData } from './flexgen-cost-model.js';
import { flexgenConstantsFor } from './flexgen-hardware.js';

const DATA: FlexgenCostModelData = {
  referenceGpu: {
    id: 'T4',
    fp16FlopPerSecond: 60e12,
    hbmBytesPerSecond: 320e9,
    pcieBytesPerSecondPerDirection: 16e9,
  },
  constants: ROUND,
  memoryRelaxation: 0.8,
  sources: [{ title: 'test' }],
};

describe('flexgenConstantsFor (transfer from the reference GPU)', () => {
  it('keeps the fitted constants on the reference GPU itself', () => {
    expect(flexgenConstantsFor(DATA, { ...testL4, id: 'T4' })).toEqual({
      constants: ROUND,
      transferred: false,
    });
  });

  it('scales copies by PCIe, prefill by the fp16 peak, decode by memory bandwidth, and leaves the CPU alone', () => {
    // fixture L4: PCIe 16 GB/s (1×), fp16 120 TFLOP/s (2×), HBM 300 GB/s (0.9375×)
    const { constants, transferred } = flexgenConstantsFor(DATA, testL4);
    expect(transferred).toBe(true);
    expect(constants.cpuToGpuBytesPerSecond).toBe(10e9);
    expect(constants.gpuToCpuCacheBytesPerSecond).toBe(1e9);
    expect(constants.prefillMatmulFlopPerSecond).toBe(40e12);
    expect(constants.prefillAttentionFlopPerSecond).toBe(20e12);
    expect(constants.decodeMatmulFlopPerSecond).toBeCloseTo(3.75e12, 0);
    expect(constants.decodeAttentionFlopPerSecond).toBeCloseTo(0.09375e12, 0);
    expect(constants.cpuAttentionFlopPerSecond).toBe(0.01e12);
    const gen4 = flexgenConstantsFor(DATA, {
      ...testL4,
      hostToDeviceBytesPerSecond: 32e9,
      deviceToHostBytesPerSecond: 32e9,
    });
    expect(gen4.constants.cpuToGpuBytesPerSecond).toBe(20e9);
    expect(gen4.constants.gpuToCpuHiddenBytesPerSecond).toBe(10e9);
  });
});
