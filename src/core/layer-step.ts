import { elementwiseLayerSeconds } from './elementwise-kernels.js';
import type { LayerOperators, StepShape } from './layer-operators.js';
import { offloadedKvSeconds } from './offloaded-kv-seconds.js';
import { kernelScale, stepOverheadSeconds } from './step-overhead-seconds.js';
import {
  addScaled,
  curvedStep,
  type ResourceSeconds,
  type StepTime,
  ZERO_RESOURCES,
} from './step-resources.js';
import { applyCtcf, type Ctcf, type StageCurve, type TimeInputs } from './time-predictor.js';

/** One layer's and the LM head's timed parts of a step, however they were timed (roofline or tables). */
export interface TimedLayer {
  inputs: TimeInputs;
  step: StepShape;
  ops: LayerOperators;
  /** One layer's kernels on the GPU, before calibration. */
  gpuLayer: ResourceSeconds;
  /** The LM head (once per step, not calibrated). */
  head: ResourceSeconds;
  /** The layer's tensor-parallel all-reduces, seconds. */
  interconnectLayerSeconds: number;
  ctcf: Ctcf;
  curve?: StageCurve;
}

/**
 * Assembles one step from a timed layer — the structure the roofline and profiled predictors share: with
 * an engine's step overheads the layer also pays its elementwise kernels, and its kernels (all-reduce
 * and LM head included) are scaled by the engine's kernel scale; the CTCF scales the layer's kernels, offloaded KV traffic is overlapped in prefill and added in decode
 * (`offloadedKvSeconds`), the all-reduces are added, × layers, + the LM head; a fitted curve replaces
 * the on-GPU part (`curvedStep`); the engine's per-step costs come last (`stepOverheadSeconds`, counted
 * as overhead), except under a fitted curve, which was fitted on whole steps.
 */
export function assembleLayerStep(t: TimedLayer): StepTime {
  const { inputs, step, ops } = t;
  const o = inputs.stepOverheads;
  const k = o ? kernelScale(o, step.kind) : 1;
  const tokens = step.batchSize * step.newTokens;
  const elementwise = o
    ? elementwiseLayerSeconds(inputs.model, inputs.gpu, inputs.precision, inputs.tensorParallel, tokens)
    : 0;
  const kernels = addScaled(ZERO_RESOURCES, { ...t.gpuLayer, hbm: t.gpuLayer.hbm + elementwise }, k);
  const head = addScaled(ZERO_RESOURCES, t.head, k);
  const raw = kernels.compute + kernels.hbm + kernels.overhead;
  const gpuLayerSeconds = applyCtcf(t.ctcf, raw);
  const scale = raw > 0 ? gpuLayerSeconds / raw : 1;
  const pcie = offloadedKvSeconds(inputs.gpu, step.kind, inputs.offloadFraction, ops, gpuLayerSeconds);
  const interconnect = t.interconnectLayerSeconds * k;
  const layerSeconds = gpuLayerSeconds + pcie.exposedSeconds + interconnect;
  const layers = inputs.model.numHiddenLayers;
  const headSeconds = head.compute + head.hbm + head.overhead;
  const kernelStepSeconds = layerSeconds * layers + headSeconds;
  const engineSeconds = o
    ? stepOverheadSeconds(o, { layers, tensorParallel: inputs.tensorParallel, sequences: step.batchSize })
    : 0;
  const perLayer: ResourceSeconds = {
    ...addScaled(ZERO_RESOURCES, kernels, scale),
    pcie: pcie.exposedSeconds,
    interconnect,
  };
  const resources = addScaled(head, perLayer, layers);
  const timed: StepTime = {
    seconds: kernelStepSeconds + engineSeconds,
    gpuSeconds: gpuLayerSeconds * layers + headSeconds,
    resources: { ...resources, overhead: resources.overhead + engineSeconds },
  };
  return t.curve
    ? curvedStep(timed, t.curve, step, pcie.transferSeconds * layers, step.kind === 'prefill')
    : timed;
}
