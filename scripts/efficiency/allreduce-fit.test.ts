import { describe, expect, it } from 'vitest';
import {
  type AllReducePoint,
  allReduceSeconds,
  busBytes,
  evaluateAllReduce,
  fastestAllReducePoints,
  fitAllReduce,
} from './allreduce-fit.js';
import type { CollectiveRow } from './tables.js';

const SIZES_ELEMENTS = [256, 4096, 65536, 1048576, 16777216, 268435456];

function row(overrides: Partial<CollectiveRow>): CollectiveRow {
  return {
    device: 'NVIDIA H100 80GB HBM3',
    opName: 'all_reduce',
    kernelSource: 'NCCL',
    dtype: 'half',
    numGpus: 8,
    messageElements: 1024,
    seconds: 1e-5,
    ...overrides,
  };
}

describe('fitAllReduce', () => {
  it('recovers a known latency and bus bandwidth', () => {
    const truth = { latencySeconds: 6e-6, busBytesPerSecond: 3.6e11 };
    for (const numGpus of [2, 4, 8]) {
      const points: AllReducePoint[] = SIZES_ELEMENTS.map((elements) => ({
        numGpus,
        messageBytes: elements * 2,
        seconds: allReduceSeconds(elements * 2, numGpus, truth),
        source: 'nccl',
      }));
      const fit = fitAllReduce(points);
      expect(fit.latencySeconds / truth.latencySeconds).toBeCloseTo(1, 3);
      expect(fit.busBytesPerSecond / truth.busBytesPerSecond).toBeCloseTo(1, 3);
      expect(evaluateAllReduce(points, fit).p90AbsPctError).toBeLessThan(0.1);
    }
  });

  it('clamps a negative latency to zero and refits the bandwidth', () => {
    const points: AllReducePoint[] = [
      { numGpus: 2, messageBytes: 1e3, seconds: 1e-9, source: 'nccl' },
      { numGpus: 2, messageBytes: 1e6, seconds: 1e-5, source: 'nccl' },
      { numGpus: 2, messageBytes: 1e9, seconds: 1e-2, source: 'nccl' },
    ];
    const fit = fitAllReduce(points);
    expect(fit.latencySeconds).toBeGreaterThanOrEqual(0);
    expect(fit.busBytesPerSecond).toBeGreaterThan(0);
  });

  it('needs two message sizes', () => {
    expect(() => fitAllReduce([{ numGpus: 2, messageBytes: 1, seconds: 1, source: 'nccl' }])).toThrow();
  });
});

describe('busBytes', () => {
  it('is 2(n−1)/n of the message', () => {
    expect(busBytes(1000, 2)).toBe(1000);
    expect(busBytes(1000, 4)).toBe(1500);
    expect(busBytes(1000, 8)).toBe(1750);
  });
});

describe('fastestAllReducePoints', () => {
  it('takes the faster of NCCL half and the graph-mode custom kernel, in bytes', () => {
    const nccl = [
      row({ messageElements: 1024, seconds: 2e-5 }),
      row({ messageElements: 1048576, seconds: 1e-4 }),
      row({ messageElements: 1024, dtype: 'int8', seconds: 1e-9 }),
      row({ opName: 'all_gather', messageElements: 1024, seconds: 1e-9 }),
      row({ messageElements: 4096, seconds: 3e-5 }),
    ];
    const custom = [
      row({ kernelSource: 'vLLM_custom_graph', dtype: 'bfloat16', messageElements: 1024, seconds: 5e-6 }),
      row({ kernelSource: 'vLLM_custom_eager', dtype: 'bfloat16', messageElements: 1048576, seconds: 1e-9 }),
      row({ kernelSource: 'vLLM_custom_graph', dtype: 'bfloat16', messageElements: 1048576, seconds: 2e-4 }),
    ];
    expect(fastestAllReducePoints(nccl, custom)).toEqual([
      { numGpus: 8, messageBytes: 2048, seconds: 5e-6, source: 'custom' },
      { numGpus: 8, messageBytes: 2097152, seconds: 1e-4, source: 'nccl' },
    ]);
  });
});
