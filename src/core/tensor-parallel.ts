import type { ModelConfig } from './model-config.js';

/**
 * Tensor-parallel degrees a model can run at on `gpuCount` GPUs: powers of two dividing the GPU count
 * and the attention heads, with KV heads either split evenly or replicated evenly (vLLM's rules).
 */
export function tensorParallelOptions(model: ModelConfig, gpuCount: number): number[] {
  const options: number[] = [];
  for (let tp = 1; tp <= gpuCount; tp *= 2) {
    if (gpuCount % tp !== 0) continue;
    if (model.numAttentionHeads % tp !== 0) continue;
    const kv = model.numKeyValueHeads;
    if (tp <= kv ? kv % tp !== 0 : tp % kv !== 0) continue;
    options.push(tp);
  }
  return options;
}
