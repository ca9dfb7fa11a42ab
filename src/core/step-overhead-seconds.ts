import type { StepOverheads } from './engine-profile.js';

/** What a step holds, for its engine overheads. */
export interface OverheadShape {
  layers: number;
  tensorParallel: number;
  /** Sequences in the step (prefill chunks and decoding sequences). */
  sequences: number;
}

/**
 * The engine's cost of one step beyond its kernels (docs/step-model.md): perStep + perSequence ×
 * sequences + layers × (perLayer + tensorParallelPerLayer × log2(GPUs)).
 */
export function stepOverheadSeconds(o: StepOverheads, shape: OverheadShape): number {
  const sync =
    shape.tensorParallel > 1 ? o.tensorParallelSecondsPerLayer * Math.log2(shape.tensorParallel) : 0;
  return (
    o.perStepSeconds + o.perSequenceSeconds * shape.sequences + shape.layers * (o.perLayerSeconds + sync)
  );
}

/** The engine's kernel-time scale for a step with prompt tokens (prefill) or without (decode). */
export function kernelScale(o: StepOverheads, kind: 'prefill' | 'decode'): number {
  return kind === 'prefill' ? o.prefillKernelScale : o.decodeKernelScale;
}
