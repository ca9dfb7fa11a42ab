import type { StepOverheads } from '../../src/core/engine-profile.js';
import { stepOverheadSeconds } from '../../src/core/step-overhead-seconds.js';
import { groupOf, type MeasuredStep } from './measured-steps.js';
import { nnls } from './nnls.js';

/** A measured step with the kernel-only prediction and the overhead features of the step model. */
export interface StepSample {
  step: MeasuredStep;
  /** Predicted seconds of the kernels alone (GEMMs, attention, elementwise, all-reduce, LM head). */
  kernelSeconds: number;
  layers: number;
}

/** Terms fixed from other measurements (vLLM's per-step CPU work from Vidur). */
export interface FixedTerms {
  perStepSeconds?: number;
  perSequenceSeconds?: number;
  perLayerSeconds?: number;
}

/**
 * The step model's features for one sample, in the order of `toOverheads`' coefficients:
 * prefill kernels, decode kernels, 1, sequences, layers, layers × log2(TP).
 */
function features(s: StepSample): number[] {
  const tp = s.step.tensorParallel;
  const prefill = s.step.stage === 'prefill';
  return [
    prefill ? s.kernelSeconds : 0,
    prefill ? 0 : s.kernelSeconds,
    1,
    s.step.batch,
    s.layers,
    tp > 1 ? s.layers * Math.log2(tp) : 0,
  ];
}

function toOverheads(x: number[]): StepOverheads {
  return {
    prefillKernelScale: x[0] as number,
    decodeKernelScale: x[1] as number,
    perStepSeconds: x[2] as number,
    perSequenceSeconds: x[3] as number,
    perLayerSeconds: x[4] as number,
    tensorParallelSecondsPerLayer: x[5] as number,
  };
}

/** Predicted seconds of a sample under fitted overheads: the arithmetic of src/core/step-overhead-seconds.ts. */
export function predictSample(s: StepSample, o: StepOverheads): number {
  const k = s.step.stage === 'prefill' ? o.prefillKernelScale : o.decodeKernelScale;
  const shape = { layers: s.layers, tensorParallel: s.step.tensorParallel, sequences: s.step.batch };
  return k * s.kernelSeconds + stepOverheadSeconds(o, shape);
}

/**
 * Fits the step model's terms by non-negative least squares on relative error (each row divided by its
 * measured time): kernel scales per stage, per-step, per-sequence, per-layer and TP-per-layer seconds.
 * Fixed terms (vLLM's per-step CPU work from Vidur) are subtracted first and kept; a stage with no
 * samples keeps kernel scale 1.
 */
export function fitStepOverheads(samples: readonly StepSample[], fixed: FixedTerms = {}): StepOverheads {
  const hasPrefill = samples.some((s) => s.step.stage === 'prefill');
  const hasDecode = samples.some((s) => s.step.stage === 'decode');
  const free = [
    hasPrefill,
    hasDecode,
    fixed.perStepSeconds === undefined,
    fixed.perSequenceSeconds === undefined,
    fixed.perLayerSeconds === undefined,
    true,
  ];
  const rows: number[][] = [];
  const ys: number[] = [];
  for (const s of samples) {
    const f = features(s);
    const w = 1 / s.step.measuredSeconds;
    const known =
      (fixed.perStepSeconds ?? 0) * (f[2] as number) +
      (fixed.perSequenceSeconds ?? 0) * (f[3] as number) +
      (fixed.perLayerSeconds ?? 0) * (f[4] as number);
    rows.push(f.filter((_, j) => free[j]).map((v) => v * w));
    ys.push((s.step.measuredSeconds - known) * w);
  }
  const solved = nnls(rows, ys);
  const x: number[] = [];
  let k = 0;
  for (let j = 0; j < free.length; j++) {
    if (free[j]) x.push(solved[k++] as number);
    else {
      const fixedValue = [1, 1, fixed.perStepSeconds, fixed.perSequenceSeconds, fixed.perLayerSeconds][j];
      x.push(fixedValue ?? 0);
    }
  }
  return toOverheads(x);
}

/** Leave-one-group-out: each group predicted by a fit on the other groups `peers` allows. */
export function leaveOneGroupOut(
  samples: readonly StepSample[],
  peers: (held: StepSample, other: StepSample) => boolean,
  fixed: (s: StepSample) => FixedTerms,
): { sample: StepSample; predicted: number; group: string }[] {
  const groups = [...new Set(samples.map((s) => groupOf(s.step)))];
  const out: { sample: StepSample; predicted: number; group: string }[] = [];
  for (const g of groups) {
    const held = samples.filter((s) => groupOf(s.step) === g);
    const first = held[0];
    if (!first) continue;
    const train = samples.filter((s) => groupOf(s.step) !== g && peers(first, s));
    if (train.length === 0) continue;
    const o = fitStepOverheads(train, fixed(first));
    for (const s of held) out.push({ sample: s, predicted: predictSample(s, o), group: g });
  }
  return out;
}
