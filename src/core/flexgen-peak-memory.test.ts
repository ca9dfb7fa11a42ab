import { describe, expect, it } from 'vitest';
import { TOY } from './fixtures/flexgen.js';
import { flexgenPeakMemory } from './flexgen-peak-memory.js';

const ALL_ON_GPU = { weightsGpuFraction: 1, cacheGpuFraction: 1, activationsGpuFraction: 1 };

describe('flexgenPeakMemory (the cost model policy search memory bounds)', () => {
  it('all on the GPU: prefill peaks at weights + activations + the whole KV + the working set', () => {
    // weights 2·24e6, activations 2·s·h1·bls = 1.6e6, KV 4·h1·(s+n)·bls·l = 7.104e6, working set 22.4e6
    // (8·gbs·s·h1 + gbs·(2·s·h1 + 2·nh·s²) + 2·gbs·s·h1 + 4·gbs·s·h1 + 2·gbs·s·h2 + 2·gbs·s·h1)
    const peak = flexgenPeakMemory(TOY, ALL_ON_GPU);
    expect(peak.gpuBytes).toBe(48e6 + 1.6e6 + 7.104e6 + 22.4e6);
    // CPU holds only decode's attention scratch: 2·nh·(s+n)·gbs + 2·h1·gbs
    expect(peak.cpuBytes).toBe(17_760 + 16_000);
  });

  it('the KV share moved to CPU leaves the GPU and lands in host memory', () => {
    const onGpu = flexgenPeakMemory(TOY, ALL_ON_GPU);
    const offloaded = flexgenPeakMemory(TOY, { ...ALL_ON_GPU, cacheGpuFraction: 0 });
    expect(onGpu.gpuBytes - offloaded.gpuBytes).toBe(7.104e6);
    expect(offloaded.cpuBytes - onGpu.cpuBytes).toBe(7.104e6);
  });
});
