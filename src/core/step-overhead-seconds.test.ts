import { describe, expect, it } from 'vitest';
import { elementwiseLayerSeconds } from './elementwise-kernels.js';
import { testL4 } from './fixtures/gpus.js';
import { llama31_8b, opt27b } from './fixtures/models.js';
import { kernelScale, stepOverheadSeconds } from './step-overhead-seconds.js';

const o = {
  prefillKernelScale: 1.4,
  decodeKernelScale: 0.9,
  perStepSeconds: 1.5e-3,
  perSequenceSeconds: 40e-6,
  perLayerSeconds: 10e-6,
  tensorParallelSecondsPerLayer: 100e-6,
};

describe('stepOverheadSeconds', () => {
  it('is perStep + perSequence·sequences + layers·(perLayer + tp·log2 GPUs) (hand-worked)', () => {
    // 1.5 ms + 16 · 40 µs + 80 · (10 µs + 100 µs · log2 8 = 310 µs) = 1.5 + 0.64 + 24.8 = 26.94 ms
    expect(stepOverheadSeconds(o, { layers: 80, tensorParallel: 8, sequences: 16 })).toBeCloseTo(
      26.94e-3,
      12,
    );
    // one GPU: no synchronisation; 1.5 ms + 40 µs + 32 · 10 µs = 1.86 ms
    expect(stepOverheadSeconds(o, { layers: 32, tensorParallel: 1, sequences: 1 })).toBeCloseTo(1.86e-3, 12);
  });

  it('picks the kernel scale of the stage', () => {
    expect(kernelScale(o, 'prefill')).toBe(1.4);
    expect(kernelScale(o, 'decode')).toBe(0.9);
  });
});

describe('elementwiseLayerSeconds', () => {
  it('times norms, adds, activation and rotary as memory-bound kernels with launches (hand-worked)', () => {
    // Llama-3.1-8B, 100 tokens, bf16, TP 1 on a 300 GB/s GPU:
    // norms 2 × (2·100·4096·2 B / (300e9 · 0.39)) = 2 × 14.004 µs; adds 2 × (3·100·4096·2 / 300e9) = 2 × 8.192 µs;
    // SiLU·mul 3·100·14336·2 / (300e9 · 0.5) = 57.344 µs; rotary 2·100·(32+8)·128·2 / (300e9 · 0.5) = 13.653 µs;
    // 6 launches × 2.2 µs = 13.2 µs
    const norm = (2 * 100 * 4096 * 2) / (300e9 * 0.39);
    const add = (3 * 100 * 4096 * 2) / 300e9;
    const act = (3 * 100 * 14336 * 2) / (300e9 * 0.5);
    const rope = (2 * 100 * 40 * 128 * 2) / (300e9 * 0.5);
    const expected = 2 * norm + 2 * add + act + rope + 6 * 2.2e-6;
    expect(elementwiseLayerSeconds(llama31_8b, testL4, 'bf16', 1, 100)).toBeCloseTo(expected, 15);
  });

  it('has no rotary kernel for a model that learns its positions, and costs nothing for no tokens', () => {
    const t = elementwiseLayerSeconds(opt27b, testL4, 'fp16', 1, 10);
    const norm = (2 * 10 * 2560 * 2) / (300e9 * 0.39);
    const add = (3 * 10 * 2560 * 2) / 300e9;
    const act = (2 * 10 * 10240 * 2) / (300e9 * 0.5);
    expect(t).toBeCloseTo(2 * norm + 2 * add + act + 5 * 2.2e-6, 15);
    expect(elementwiseLayerSeconds(opt27b, testL4, 'fp16', 1, 0)).toBe(0);
  });
});
