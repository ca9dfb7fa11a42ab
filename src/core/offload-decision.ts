import type { Issue } from './issue.js';
import type { MemoryBreakdown } from './memory.js';

/**
 * The InferSave paper's Algorithm 1 for one GPU (the price filter lives in selection), plus a host-RAM
 * check the paper lacks: the offloaded KV has to fit in the instance's RAM.
 */
export type OffloadDecision =
  | { feasible: true; offloadFraction: number; offloadedBytes: number; memory: MemoryBreakdown }
  | { feasible: false; reason: Issue; memory: MemoryBreakdown };

export interface OffloadInputs {
  memory: MemoryBreakdown;
  /** Host RAM available to hold the offloaded KV of this GPU. */
  hostMemoryBytesForKv: number;
  /** When false, any placement that would need offloading is infeasible (the no-offload policy). */
  allowOffload: boolean;
}

export function decideOffload(inputs: OffloadInputs): OffloadDecision {
  const { memory } = inputs;
  const baseBytes = memory.weightsBytes + memory.activationBytes;
  const totalBytes = baseBytes + memory.kvCacheBytes;
  // Case 1: everything fits.
  if (memory.usableBytes >= totalBytes) {
    return { feasible: true, offloadFraction: 0, offloadedBytes: 0, memory };
  }
  const numbers = {
    usableBytes: memory.usableBytes,
    weightsBytes: memory.weightsBytes,
    activationBytes: memory.activationBytes,
    kvCacheBytes: memory.kvCacheBytes,
    kvCacheBytesPerLayer: memory.kvCacheBytesPerLayer,
  };
  // Case 2: offloading cannot help.
  if (memory.usableBytes < memory.weightsBytes) {
    return { feasible: false, reason: { code: 'model-does-not-fit', details: numbers }, memory };
  }
  const availableBytes = memory.usableBytes - baseBytes;
  if (availableBytes < memory.kvCacheBytesPerLayer) {
    return {
      feasible: false,
      // Free memory is never negative: what weights and activations overrun is reported as its own number.
      reason: {
        code: 'kv-layer-does-not-fit',
        details: {
          ...numbers,
          availableBytes: Math.max(0, availableBytes),
          overrunBytes: Math.max(0, -availableBytes),
        },
      },
      memory,
    };
  }
  if (!inputs.allowOffload) {
    return {
      feasible: false,
      reason: { code: 'needs-offload', details: { ...numbers, availableBytes } },
      memory,
    };
  }
  // Case 3: offload the share of the KV cache that does not fit.
  const offloadFraction = 1 - availableBytes / memory.kvCacheBytes;
  const offloadedBytes = offloadFraction * memory.kvCacheBytes;
  if (offloadedBytes > inputs.hostMemoryBytesForKv) {
    return {
      feasible: false,
      reason: {
        code: 'host-memory-too-small',
        details: { offloadedBytes, hostMemoryBytesForKv: inputs.hostMemoryBytesForKv },
      },
      memory,
    };
  }
  return {
    feasible: true,
    offloadFraction,
    offloadedBytes,
    memory: { ...memory, freeBytes: 0 },
  };
}
