import { describe, expect, it } from 'vitest';
import { testL4 } from './fixtures/gpus.js';
import { gpuAtClock } from './gpu-at-clock.js';

describe('gpuAtClock', () => {
  it('scales the tensor peak with the SM clock and leaves HBM bandwidth alone (L4 fixture 2040 → 1020 MHz)', () => {
    const slow = gpuAtClock(testL4, 1020, 2040);
    expect(slow.peak.fp16FlopPerSecond).toBeCloseTo((testL4.peak.fp16FlopPerSecond * 1020) / 2040, 0);
    expect(slow.hbmBytesPerSecond).toBe(testL4.hbmBytesPerSecond);
    expect(slow.hostToDeviceBytesPerSecond).toBe(testL4.hostToDeviceBytesPerSecond);
  });

  it('returns the GPU unchanged at its highest clock', () => {
    expect(gpuAtClock(testL4, 2040, 2040)).toBe(testL4);
  });
});

describe('gpuAtClock above the peak clock', () => {
  it('does not raise the peak above the datasheet value (H100: peaks quoted at 1830 MHz, clock 1980)', () => {
    expect(gpuAtClock(testL4, 1980, 1830)).toBe(testL4);
  });
});
