import type { StepOverheads } from '../../src/core/engine-profile.js';
import { median, quantileSorted, roundPct } from '../efficiency/error-stats.js';
import { loadStepSamples } from './samples.js';
import { fitStepOverheads, leaveOneGroupOut, predictSample, type StepSample } from './step-fit.js';
import { vidurCpuOverheads } from './vidur-cpu-overheads.js';

/** Signed and absolute error statistics of a set of predictions, percent. */
export interface ErrorStats {
  n: number;
  medianAbsPct: number;
  p90AbsPct: number;
  /** Median signed error (predicted / measured − 1): negative is optimistic. */
  biasPct: number;
  /** p10 and p90 of measured / predicted, the band a prediction carries. */
  measuredOverPredictedP10: number;
  measuredOverPredictedP50: number;
  measuredOverPredictedP90: number;
}

export function errorStats(pairs: readonly { predicted: number; measured: number }[]): ErrorStats {
  const signed = pairs.map((p) => p.predicted / p.measured - 1);
  const ratio = pairs.map((p) => p.measured / p.predicted).sort((a, b) => a - b);
  const abs = signed.map(Math.abs).sort((a, b) => a - b);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: pairs.length,
    medianAbsPct: roundPct(100 * quantileSorted(abs, 0.5)),
    p90AbsPct: roundPct(100 * quantileSorted(abs, 0.9)),
    biasPct: roundPct(100 * median(signed)),
    measuredOverPredictedP10: r3(quantileSorted(ratio, 0.1)),
    measuredOverPredictedP50: r3(quantileSorted(ratio, 0.5)),
    measuredOverPredictedP90: r3(quantileSorted(ratio, 0.9)),
  };
}

export interface HeldOutPoint {
  group: string;
  engineGroup: string;
  modelId: string;
  gpuId: string;
  tensorParallel: number;
  stage: 'prefill' | 'decode';
  /** Sequences in the step, prompt tokens per sequence, output tokens the decode mean is taken over. */
  batch: number;
  inputTokens: number;
  outputTokens: number;
  predicted: number;
  kernelOnly: number;
  measured: number;
}

export interface StepModelReport {
  vidur: ReturnType<typeof vidurCpuOverheads>;
  splitwiseSkipped: ReturnType<typeof loadStepSamples>['splitwiseSkipped'];
  /** Final fits per engine group and GPU, on every group. */
  fits: {
    engineGroup: string;
    gpuId: string;
    points: number;
    overheads: StepOverheads;
    inSample: ErrorStats;
  }[];
  /** Every point predicted by a fit that never saw its group. */
  heldOut: HeldOutPoint[];
}

/**
 * Terms fixed for the vLLM group: its per-step and per-sequence CPU work from Vidur, and no per-layer
 * launch cost outside tensor parallelism — current vLLM replays decode steps as CUDA graphs, so the
 * per-layer launches DistServe's 2023 eager-mode vLLM paid at TP 1 are not transferred (docs/step-model.md).
 */
function fixedFor(engineGroup: string, vidur: ReturnType<typeof vidurCpuOverheads>) {
  return engineGroup === 'vllm'
    ? {
        perStepSeconds: vidur.perStepSeconds,
        perSequenceSeconds: vidur.perSequenceSeconds,
        perLayerSeconds: 0,
      }
    : {};
}

/**
 * The step model against every end-to-end measurement in the shared data: one fit per engine group and
 * GPU, and leave-one-group-out (group = model × GPU × TP × engine group; each held-out group predicted
 * by a fit on the other groups of its engine group on its GPU).
 */
export function stepModelReport(sharedDir: string): StepModelReport {
  const vidur = vidurCpuOverheads(sharedDir);
  const { samples, splitwiseSkipped } = loadStepSamples(sharedDir);
  const peers = (a: StepSample, b: StepSample) =>
    a.step.engineGroup === b.step.engineGroup && a.step.gpuId === b.step.gpuId;
  const heldOut = leaveOneGroupOut(samples, peers, (s) => fixedFor(s.step.engineGroup, vidur)).map(
    ({ sample, predicted, group }): HeldOutPoint => ({
      group,
      engineGroup: sample.step.engineGroup,
      modelId: sample.step.modelId,
      gpuId: sample.step.gpuId,
      tensorParallel: sample.step.tensorParallel,
      stage: sample.step.stage,
      batch: sample.step.batch,
      inputTokens: sample.step.inputTokens,
      outputTokens: sample.step.outputTokens,
      predicted,
      kernelOnly: sample.kernelSeconds,
      measured: sample.step.measuredSeconds,
    }),
  );
  const fits: StepModelReport['fits'] = [];
  const keys = [...new Set(samples.map((s) => `${s.step.engineGroup}|${s.step.gpuId}`))].sort();
  for (const key of keys) {
    const [engineGroup = '', gpuId = ''] = key.split('|');
    const mine = samples.filter((s) => s.step.engineGroup === engineGroup && s.step.gpuId === gpuId);
    const overheads = fitStepOverheads(mine, fixedFor(engineGroup, vidur));
    fits.push({
      engineGroup,
      gpuId,
      points: mine.length,
      overheads,
      inSample: errorStats(
        mine.map((s) => ({ predicted: predictSample(s, overheads), measured: s.step.measuredSeconds })),
      ),
    });
  }
  return { vidur, splitwiseSkipped, fits, heldOut };
}
