import { kvCacheBytesPerSequencePerGpu } from './kv-cache.js';
import { activationBytes, weightsBytesPerGpu } from './memory.js';
import type { ModelConfig } from './model-config.js';
import { type KvCacheDtype, kvCacheBytesPerElement, type Precision } from './precision.js';

export interface KvBlockCapacity {
  /** Bytes one block of `blockTokens` tokens takes on one GPU, all layers. */
  blockBytesPerGpu: number;
  /** Blocks that fit in what the engine may use after weights and the peak step's activations. */
  kvBlocks: number;
  /** Bytes left for KV per GPU (never negative). */
  kvBytesPerGpu: number;
}

/**
 * Paged-KV capacity of one replica, as vLLM sizes it: usable memory (capacity × utilization) minus
 * weights minus the activations of the largest step (`maxNumBatchedTokens` tokens over `maxNumSeqs`
 * sequences), divided into blocks of `blockTokens` tokens.
 *
 * With sliding-window layers a sequence's KV is not proportional to its tokens (`kvLayerTokens`); one
 * block then carries the bytes per token of a sequence of `referenceSequenceTokens` (the workload's mean
 * sequence): exact for that length, an under-count for shorter sequences and an over-count for longer
 * ones. vLLM instead keeps one block table per layer type (hybrid KV cache manager); the simulator has one.
 */
export function kvBlockCapacity(
  model: ModelConfig,
  precision: Precision,
  gpuMemoryBytes: number,
  gpuMemoryUtilization: number,
  tensorParallel: number,
  maxNumBatchedTokens: number,
  maxNumSeqs: number,
  blockTokens: number,
  kvCacheDtype?: KvCacheDtype,
  referenceSequenceTokens = blockTokens,
): KvBlockCapacity {
  const usable = gpuMemoryBytes * gpuMemoryUtilization;
  const weights = weightsBytesPerGpu(model, precision, tensorParallel);
  const sequences = Math.min(maxNumSeqs, maxNumBatchedTokens);
  const activations = activationBytes(
    model,
    precision,
    { batchSize: sequences, inputTokens: maxNumBatchedTokens / sequences, outputTokens: 0 },
    tensorParallel,
  );
  const kvBytesPerGpu = Math.max(0, usable - weights - activations);
  // Only bounded layers make a token's bytes depend on the sequence; without them one token is exact.
  const bounded = model.slidingWindow !== undefined || model.linearAttention !== undefined;
  const reference = bounded ? Math.max(1, referenceSequenceTokens) : 1;
  const perSequence = kvCacheBytesPerSequencePerGpu(
    model,
    kvCacheBytesPerElement(precision, kvCacheDtype),
    tensorParallel,
    reference,
  );
  const blockBytesPerGpu = (perSequence / reference) * blockTokens;
  return { blockBytesPerGpu, kvBlocks: Math.floor(kvBytesPerGpu / blockBytesPerGpu), kvBytesPerGpu };
}
