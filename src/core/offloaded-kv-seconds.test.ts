import { describe, expect, it } from 'vitest';
import { testL4 } from './fixtures/gpus.js';
import { offloadedKvSeconds, pcieTransferSeconds } from './offloaded-kv-seconds.js';
import { PCIE_ACHIEVABLE_FRACTION } from './pcie-efficiency.js';

const link = 16e9 * PCIE_ACHIEVABLE_FRACTION; // the fixture L4's achievable bytes/s each way

describe('pcieTransferSeconds', () => {
  it('adds each direction at the achievable share of its link', () => {
    expect(pcieTransferSeconds(testL4, 2e9, 1e9)).toBeCloseTo(3e9 / link, 12);
  });
});

describe('offloadedKvSeconds', () => {
  const kv = { newKvBytes: 1e8, contextKvBytes: 4e9 };

  it('hides the prefill write behind the layer, exposing only what outlasts it (hand-worked)', () => {
    // half of 1e8 bytes to host: 5e7 / 14.06e9 ≈ 3.557 ms
    const write = 5e7 / link;
    expect(offloadedKvSeconds(testL4, 'prefill', 0.5, kv, 1e-3)).toEqual({
      transferSeconds: write,
      exposedSeconds: write - 1e-3,
    });
    expect(offloadedKvSeconds(testL4, 'prefill', 0.5, kv, 1).exposedSeconds).toBe(0);
  });

  it('adds the decode read of the offloaded context and the write of the new token (hand-worked)', () => {
    // 0.25 · 4e9 read + 0.25 · 1e8 written = 1.025e9 bytes over the link
    const t = offloadedKvSeconds(testL4, 'decode', 0.25, kv, 1);
    expect(t.exposedSeconds).toBeCloseTo(1.025e9 / link, 12);
    expect(t.transferSeconds).toBe(t.exposedSeconds);
  });

  it('costs nothing without offloading', () => {
    expect(offloadedKvSeconds(testL4, 'decode', 0, kv, 1)).toEqual({ transferSeconds: 0, exposedSeconds: 0 });
  });
});
