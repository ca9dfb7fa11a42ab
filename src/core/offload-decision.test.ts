import { describe, expect, it } from 'vitest';
import type { MemoryBreakdown } from './memory.js';
import { decideOffload } from './offload-decision.js';

const GB = 1e9;
function mem(usable: number, weights: number, activation: number, kv: number, layers = 32): MemoryBreakdown {
  return {
    gpuMemoryBytes: usable,
    usableBytes: usable,
    reserveBytes: 0,
    weightsBytes: weights,
    activationBytes: activation,
    kvCacheBytes: kv,
    kvCacheBytesPerLayer: kv / layers,
    freeBytes: 0,
  };
}

describe('decideOffload (paper Algorithm 1)', () => {
  it('case 1: no offloading when weights + activations + KV fit', () => {
    const d = decideOffload({
      memory: mem(24 * GB, 6 * GB, 1 * GB, 12 * GB),
      hostMemoryBytesForKv: 0,
      allowOffload: true,
    });
    expect(d).toMatchObject({ feasible: true, offloadFraction: 0 });
  });

  it('case 3: C_off = 1 − available / KV', () => {
    // available = 16 − 6 − 2 = 8 GB of a 12 GB cache: offload 1/3
    const d = decideOffload({
      memory: mem(16 * GB, 6 * GB, 2 * GB, 12 * GB),
      hostMemoryBytesForKv: 64 * GB,
      allowOffload: true,
    });
    expect(d.feasible).toBe(true);
    if (d.feasible) {
      expect(d.offloadFraction).toBeCloseTo(1 / 3, 12);
      expect(d.offloadedBytes).toBeCloseTo(4 * GB, 0);
    }
  });

  it('case 2: the model itself does not fit', () => {
    const d = decideOffload({
      memory: mem(16 * GB, 20 * GB, 1 * GB, 4 * GB),
      hostMemoryBytesForKv: 64 * GB,
      allowOffload: true,
    });
    expect(d).toMatchObject({ feasible: false, reason: { code: 'model-does-not-fit' } });
  });

  it('case 2: one layer of KV does not fit next to the weights', () => {
    // available 0.5 GB, per-layer KV = 64 GB / 32 = 2 GB
    const d = decideOffload({
      memory: mem(16 * GB, 15 * GB, 0.5 * GB, 64 * GB),
      hostMemoryBytesForKv: 999 * GB,
      allowOffload: true,
    });
    expect(d).toMatchObject({ feasible: false, reason: { code: 'kv-layer-does-not-fit' } });
  });

  it('reports free memory as zero and the overrun apart when activations outgrow the GPU', () => {
    // 16 GB usable, 10 GB weights, 9 GB activations: 3 GB over, nothing left for KV.
    const d = decideOffload({
      memory: mem(16 * GB, 10 * GB, 9 * GB, 64 * GB),
      hostMemoryBytesForKv: 999 * GB,
      allowOffload: true,
    });
    expect(d).toMatchObject({
      feasible: false,
      reason: { code: 'kv-layer-does-not-fit', details: { availableBytes: 0, overrunBytes: 3 * GB } },
    });
  });

  it('rejects offloading more KV than host RAM can hold', () => {
    const d = decideOffload({
      memory: mem(16 * GB, 6 * GB, 2 * GB, 40 * GB),
      hostMemoryBytesForKv: 16 * GB,
      allowOffload: true,
    });
    expect(d).toMatchObject({ feasible: false, reason: { code: 'host-memory-too-small' } });
  });

  it('refuses to offload under the no-offload policy', () => {
    const d = decideOffload({
      memory: mem(16 * GB, 6 * GB, 2 * GB, 12 * GB),
      hostMemoryBytesForKv: 64 * GB,
      allowOffload: false,
    });
    expect(d).toMatchObject({ feasible: false, reason: { code: 'needs-offload' } });
  });
});
