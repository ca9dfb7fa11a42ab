import { allReduceCost } from './all-reduce-cost.js';
import type { Issue } from './issue.js';
import { layerOperators, lmHeadWork, type StepShape } from './layer-operators.js';
import { type OperatorEfficiency, type OperatorWork, operatorSeconds } from './operator-time.js';
import type { EfficiencyProfile } from './operator-work.js';
import { PCIE_ACHIEVABLE_FRACTION } from './pcie-efficiency.js';
import { peakFlopPerSecond } from './peak-flops.js';
import {
  applyCtcf,
  type Bound,
  type Ctcf,
  combineStages,
  curveSeconds,
  type StageCurve,
  type StageTime,
  type TimeInputs,
  type TimePrediction,
  type TimePredictor,
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

interface StepContext {
  inputs: TimeInputs;
  profile: EfficiencyProfile;
  peakFlopPerSecond: number;
  allReduce: { latencySeconds: number; busBytesPerSecond: number };
}

function timeOperators(
  ctx: StepContext,
  works: OperatorWork[],
  efficiency: OperatorEfficiency,
): ResourceSeconds {
  let r = ZERO_RESOURCES;
  for (const work of works) {
    const t = operatorSeconds(work, ctx.peakFlopPerSecond, ctx.inputs.gpu.hbmBytesPerSecond, efficiency);
    const kernelSeconds = t.seconds - efficiency.fixedSeconds;
    r = addScaled(
      r,
      {
        ...ZERO_RESOURCES,
        compute: t.bound === 'compute' ? kernelSeconds : 0,
        hbm: t.bound === 'memory' ? kernelSeconds : 0,
        overhead: efficiency.fixedSeconds,
      },
      1,
    );
  }
  return r;
}

function allReduceSeconds(ctx: StepContext, bytes: number): number {
  const n = ctx.inputs.tensorParallel;
  if (n <= 1 || bytes === 0) return 0;
  return ctx.allReduce.latencySeconds + (bytes * 2 * (n - 1)) / n / ctx.allReduce.busBytesPerSecond;
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

/** One step (prefill of the whole batch, or one decode step) across all layers plus the LM head. */
function stepTime(ctx: StepContext, step: StepShape, ctcf: Ctcf, curve?: StageCurve): StepTime {
  const { inputs, profile } = ctx;
  const ops = layerOperators(inputs.model, inputs.precision, inputs.tensorParallel, step);
  const attentionEfficiency = step.kind === 'prefill' ? profile.prefillAttention : profile.decodeAttention;
  const gpu = addScaled(
    timeOperators(ctx, ops.gemms, profile.gemm),
    timeOperators(ctx, [ops.attention], attentionEfficiency),
    1,
  );
  const rawGpuSeconds = gpu.compute + gpu.hbm + gpu.overhead;
  const gpuLayerSeconds = applyCtcf(ctcf, rawGpuSeconds);
  const scale = rawGpuSeconds > 0 ? gpuLayerSeconds / rawGpuSeconds : 1;
  const gpuCalibrated = addScaled(ZERO_RESOURCES, gpu, scale);
  const f = inputs.offloadFraction;
  const hostToDevice = inputs.gpu.hostToDeviceBytesPerSecond * PCIE_ACHIEVABLE_FRACTION;
  const deviceToHost = inputs.gpu.deviceToHostBytesPerSecond * PCIE_ACHIEVABLE_FRACTION;
  const interconnect = 2 * allReduceSeconds(ctx, ops.allReduceBytes);
  let layerSeconds: number;
  let pcieExposed: number;
  let pcieLayerSeconds: number;
  if (step.kind === 'prefill') {
    // Writing the offloaded share of the new KV to host overlaps the layer's compute (paper eq. 5).
    const writeSeconds = (f * ops.newKvBytes) / deviceToHost;
    pcieLayerSeconds = writeSeconds;
    pcieExposed = Math.max(0, writeSeconds - gpuLayerSeconds);
    layerSeconds = Math.max(gpuLayerSeconds, writeSeconds) + interconnect;
  } else {
    // The offloaded share of the context is read back every step, and the new token's share written
    // out; added to compute as in the paper's eq. 6.
    pcieExposed = (f * ops.contextKvBytes) / hostToDevice + (f * ops.newKvBytes) / deviceToHost;
    pcieLayerSeconds = pcieExposed;
    layerSeconds = gpuLayerSeconds + pcieExposed + interconnect;
  }
  const layers = inputs.model.numHiddenLayers;
  const head = timeOperators(
    ctx,
    [lmHeadWork(inputs.model, inputs.precision, inputs.tensorParallel, step.batchSize)],
    profile.gemm,
  );
  const headSeconds = head.compute + head.hbm + head.overhead;
  const perLayer: ResourceSeconds = { ...gpuCalibrated, pcie: pcieExposed, interconnect };
  const timed: StepTime = {
    seconds: layerSeconds * layers + headSeconds,
    gpuSeconds: gpuLayerSeconds * layers + headSeconds,
    resources: addScaled(head, perLayer, layers),
  };
  return curve ? curvedStep(timed, curve, step, pcieLayerSeconds * layers, step.kind === 'prefill') : timed;
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

export interface RooflineOptions {
  /** Fitted efficiency per GPU id. */
  profiles: Record<string, EfficiencyProfile>;
  /** Used for GPUs without measurements (flagged estimated). */
  fallback: EfficiencyProfile;
}

export function createRooflinePredictor(options: RooflineOptions): TimePredictor {
  return {
    id: 'roofline',
    description:
      'Per-operator roofline: max(FLOP / achievable FLOP/s, bytes / achievable HBM bytes/s) + launch cost, ' +
      'efficiencies fitted per GPU from measured kernels; PCIe KV transfers; tensor-parallel all-reduce',
    predict(inputs: TimeInputs): TimePrediction {
      const warnings: Issue[] = [];
      const measured = options.profiles[inputs.gpu.id];
      const profile = measured ?? options.fallback;
      if (!measured) warnings.push({ code: 'efficiency-estimated', details: { gpu: inputs.gpu.id } });
      const peak = peakFlopPerSecond(inputs.gpu, inputs.precision);
      if (peak.warning) warnings.push(peak.warning);
      const ctx: StepContext = {
        inputs,
        profile,
        peakFlopPerSecond: peak.value,
        allReduce: allReduceCost(
          profile,
          options.fallback,
          inputs.gpu,
          inputs.tensorParallel,
          inputs.gpuInterconnect,
          warnings,
        ),
      };
      const stages = timeStages(inputs, (step, ctcf, curve) => stepTime(ctx, step, ctcf, curve));
      return combineStages(inputs.batch, stages.prefill, stages.decode, warnings);
    },
  };
}
