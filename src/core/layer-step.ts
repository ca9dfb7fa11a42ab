import type { LayerOperators, StepShape } from './layer-operators.js';
import { offloadedKvSeconds } from './offloaded-kv-seconds.js';
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
 * Assembles one step from a timed layer — the structure the roofline and profiled predictors share: the
 * CTCF scales the layer's kernels, offloaded KV traffic is overlapped in prefill and added in decode
 * (`offloadedKvSeconds`), the all-reduces are added, × layers, + the LM head; a fitted curve replaces
 * the on-GPU part (`curvedStep`).
 */
export function assembleLayerStep(t: TimedLayer): StepTime {
  const { inputs, step, ops } = t;
  const raw = t.gpuLayer.compute + t.gpuLayer.hbm + t.gpuLayer.overhead;
  const gpuLayerSeconds = applyCtcf(t.ctcf, raw);
  const scale = raw > 0 ? gpuLayerSeconds / raw : 1;
  const pcie = offloadedKvSeconds(inputs.gpu, step.kind, inputs.offloadFraction, ops, gpuLayerSeconds);
  const interconnect = t.interconnectLayerSeconds;
  const layerSeconds = gpuLayerSeconds + pcie.exposedSeconds + interconnect;
  const layers = inputs.model.numHiddenLayers;
  const headSeconds = t.head.compute + t.head.hbm + t.head.overhead;
  const perLayer: ResourceSeconds = {
    ...addScaled(ZERO_RESOURCES, t.gpuLayer, scale),
    pcie: pcie.exposedSeconds,
    interconnect,
  };
  const timed: StepTime = {
    seconds: layerSeconds * layers + headSeconds,
    gpuSeconds: gpuLayerSeconds * layers + headSeconds,
    resources: addScaled(t.head, perLayer, layers),
  };
  return t.curve
    ? curvedStep(timed, t.curve, step, pcie.transferSeconds * layers, step.kind === 'prefill')
    : timed;
}
