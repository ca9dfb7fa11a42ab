import type { StepShape } from './layer-operators.js';
import {
  type Bound,
  type Ctcf,
  curveSeconds,
  type StageCurve,
  type StageTime,
  type TimeInputs,
  uniformCurveFeatures,
} from './time-predictor.js';

/** Seconds a step spends on each resource; the largest one bounds it. */
export interface ResourceSeconds {
  compute: number;
  hbm: number;
  overhead: number;
  pcie: number;
  interconnect: number;
}

export const ZERO_RESOURCES: ResourceSeconds = { compute: 0, hbm: 0, overhead: 0, pcie: 0, interconnect: 0 };

export function addScaled(a: ResourceSeconds, b: ResourceSeconds, scale: number): ResourceSeconds {
  return {
    compute: a.compute + b.compute * scale,
    hbm: a.hbm + b.hbm * scale,
    overhead: a.overhead + b.overhead * scale,
    pcie: a.pcie + b.pcie * scale,
    interconnect: a.interconnect + b.interconnect * scale,
  };
}

export function boundOf(r: ResourceSeconds): Bound {
  const entries: [Bound, number][] = [
    ['compute', r.compute],
    ['hbm', r.hbm],
    ['overhead', r.overhead],
    ['pcie', r.pcie],
    ['interconnect', r.interconnect],
  ];
  return entries.reduce((best, e) => (e[1] > best[1] ? e : best))[0];
}

export interface StepTime {
  seconds: number;
  gpuSeconds: number;
  resources: ResourceSeconds;
}

/**
 * A step timed by a fitted curve instead: `curve` seconds replace its on-GPU time (kernels, LM head,
 * all-reduce), split over compute, HBM, overhead and interconnect as the uncurved step splits them (for
 * the bound); `pcieSeconds` of KV traffic are added, or in prefill (`overlapped`) only what outlasts
 * the curve.
 */
export function curvedStep(
  uncurved: StepTime,
  curve: StageCurve,
  step: StepShape,
  pcieSeconds: number,
  overlapped: boolean,
): StepTime {
  const seconds = curveSeconds(
    curve,
    uniformCurveFeatures(step.batchSize, step.newTokens, step.contextTokens),
  );
  const pcie = overlapped ? Math.max(0, pcieSeconds - seconds) : pcieSeconds;
  const r = uncurved.resources;
  const onGpu = r.compute + r.hbm + r.overhead + r.interconnect;
  const s = onGpu > 0 ? seconds / onGpu : 0;
  const resources: ResourceSeconds = {
    compute: r.compute * s,
    hbm: r.hbm * s,
    overhead: onGpu > 0 ? r.overhead * s : seconds,
    pcie,
    interconnect: r.interconnect * s,
  };
  return { seconds: seconds + pcie, gpuSeconds: seconds - resources.interconnect, resources };
}

export function toStage(t: StepTime, steps: number): StageTime {
  return {
    seconds: t.seconds * steps,
    bound: boundOf(t.resources),
    gpuSeconds: t.gpuSeconds * steps,
    pcieSeconds: t.resources.pcie * steps,
    interconnectSeconds: t.resources.interconnect * steps,
  };
}

export function simpson(a: StepTime, mid: StepTime, b: StepTime): StepTime {
  const w = (x: number, y: number, z: number) => (x + 4 * y + z) / 6;
  return {
    seconds: w(a.seconds, mid.seconds, b.seconds),
    gpuSeconds: w(a.gpuSeconds, mid.gpuSeconds, b.gpuSeconds),
    resources: addScaled(
      addScaled(addScaled(ZERO_RESOURCES, a.resources, 1 / 6), mid.resources, 4 / 6),
      b.resources,
      1 / 6,
    ),
  };
}

/**
 * Times a batch's two stages from a step timer: prefill of the whole batch as one step, and the
 * outputTokens − 1 decode steps integrated over the growing context with Simpson's rule on the first,
 * middle and last step (step time is piecewise linear in context, so this is near exact).
 */
export function timeStages(
  inputs: TimeInputs,
  step: (shape: StepShape, ctcf: Ctcf, curve?: StageCurve) => StepTime,
): { prefill: StageTime; decode: StageTime } {
  const { batchSize, inputTokens, outputTokens } = inputs.batch;
  const prefill = step(
    { batchSize, newTokens: inputTokens, contextTokens: inputTokens, kind: 'prefill' },
    inputs.calibration.prefill,
    inputs.calibration.prefillCurve,
  );
  const steps = Math.max(outputTokens - 1, 0);
  const decodeAt = (contextTokens: number) =>
    step(
      { batchSize, newTokens: 1, contextTokens, kind: 'decode' },
      inputs.calibration.decode,
      inputs.calibration.decodeCurve,
    );
  const decodeMean =
    steps > 0
      ? simpson(
          decodeAt(inputTokens + 1),
          decodeAt(inputTokens + outputTokens / 2),
          decodeAt(inputTokens + steps),
        )
      : { seconds: 0, gpuSeconds: 0, resources: ZERO_RESOURCES };
  return { prefill: toStage(prefill, 1), decode: toStage(decodeMean, steps) };
}
