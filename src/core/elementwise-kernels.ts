import type { GpuSpec } from './gpu-spec.js';
import { activationBytesPerElement } from './memory.js';
import type { ModelConfig } from './model-config.js';
import type { Precision } from './precision.js';

/**
 * Achieved share of HBM bandwidth per memory-bound kernel class, and the launch cost of each kernel:
 * fitted (weighted least squares on relative error) to Vidur's measured A100 timings of LLaMA-2-70B's
 * norms, residual add, SiLU·mul and rotary kernels at TP 2, 48–4096 tokens
 * (shared data profiling/vidur-legacy-2024-05/a100/mlp.csv; 1,305 kernel timings; median error 8.8 %,
 * p90 18.5 %). The add's fit (1.06) is capped at 1. Used on every GPU as a share of its own bandwidth:
 * transferred from A100, not measured elsewhere.
 */
export const ELEMENTWISE_KERNEL_COST = {
  launchSeconds: 2.2e-6,
  normEfficiency: 0.39,
  residualAddEfficiency: 1,
  activationEfficiency: 0.5,
  rotaryEfficiency: 0.5,
} as const;

/**
 * Seconds of one layer's kernels that are not GEMMs or attention, for `tokens` new tokens on one GPU of
 * `tensorParallel`: two norms (read + write tokens × hidden), two residual adds (read 2, write 1), the
 * MLP activation (gated: read 2 × inner, write inner; else read + write), and rotary embedding on Q and
 * K unless the model learns its positions — each as bytes / (HBM × efficiency) + a launch.
 */
export function elementwiseLayerSeconds(
  model: ModelConfig,
  gpu: GpuSpec,
  precision: Precision,
  tensorParallel: number,
  tokens: number,
): number {
  if (tokens <= 0) return 0;
  const c = ELEMENTWISE_KERNEL_COST;
  const act = activationBytesPerElement(precision);
  const hbm = gpu.hbmBytesPerSecond;
  const h = model.hiddenSize;
  const inner = model.intermediateSize / tensorParallel;
  const norm = (2 * tokens * h * act) / (hbm * c.normEfficiency);
  const add = (3 * tokens * h * act) / (hbm * c.residualAddEfficiency);
  const activation = ((model.gatedMlp ? 3 : 2) * tokens * inner * act) / (hbm * c.activationEfficiency);
  const rotates = model.learnedPositionEmbeddingRows === 0;
  const qkWidth = ((model.numAttentionHeads + model.numKeyValueHeads) / tensorParallel) * model.headDim;
  const rotary = rotates ? (2 * tokens * qkWidth * act) / (hbm * c.rotaryEfficiency) : 0;
  const kernels = rotates ? 6 : 5;
  return 2 * norm + 2 * add + activation + rotary + kernels * c.launchSeconds;
}
