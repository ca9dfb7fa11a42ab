import { type EngineProfile, engineStepOverheads } from '../core/engine-profile.js';
import {
  type FlexgenSetting,
  flexgenApplicability,
  flexgenOffloadFraction,
  flexgenTimePrediction,
} from '../core/flexgen-offload.js';
import type { Issue } from '../core/issue.js';
import type { StageCalibration, TimeInputs, TimePredictor } from '../core/time-predictor.js';

/** The issues that say where an engine's step overheads on `gpuId` came from, when not measured there. */
export function engineProvenanceWarnings(engine: EngineProfile, gpuId: string): Issue[] {
  const resolved = engineStepOverheads(engine, gpuId);
  if (!resolved) return [{ code: 'engine-overheads-unfitted', details: { engine: engine.id } }];
  const warnings: Issue[] = engine.transferred
    .filter((t) => t.fields.some((f) => f.startsWith('stepOverheads')))
    .map((t) => ({
      code: 'engine-overheads-transferred',
      details: { engine: engine.id, fromEngine: t.fromEngine, fields: t.fields },
    }));
  if (!resolved.measuredOnGpu) {
    warnings.push({
      code: 'engine-overheads-other-gpu',
      details: { engine: engine.id, gpu: gpuId, measured: Object.keys(engine.stepOverheads?.byGpu ?? {}) },
    });
  }
  return warnings;
}

/**
 * True when a calibration changes the stage times: a calibration is fitted on measured steps that
 * already contain the engine's costs, so the engine's overheads are not added on top of it.
 */
export function isCalibrated(c: StageCalibration): boolean {
  const identity = (x: { alpha: number; betaSeconds: number }) => x.alpha === 1 && x.betaSeconds === 0;
  return (
    !identity(c.prefill) || !identity(c.decode) || c.prefillCurve !== undefined || c.decodeCurve !== undefined
  );
}

/**
 * Whether the calibration replaces the engine's step overheads: it does when fitted on whole measured
 * steps (which contain them), not when fitted through the simulator with them in place.
 */
export function replacesEngineOverheads(c: StageCalibration): boolean {
  return isCalibrated(c) && !c.keepsEngineOverheads;
}

/**
 * A predictor that times steps as `engine` runs them: its step overheads (per step, per sequence, per
 * layer, tensor-parallel synchronisation, kernel scales; docs/step-model.md) on the GPU at hand, with
 * warnings naming what was transferred from another engine or GPU. A prediction calibrated on whole
 * measured steps keeps the calibration alone (`replacesEngineOverheads`).
 */
export function withEngine(
  predictor: TimePredictor,
  engine: EngineProfile,
  offload: EngineOffloadOptions = {},
): TimePredictor {
  const onEngine = (inputs: TimeInputs) => {
    if (replacesEngineOverheads(inputs.calibration)) return predictor.predict(inputs);
    const resolved = engineStepOverheads(engine, inputs.gpu.id);
    const p = predictor.predict(resolved ? { ...inputs, stepOverheads: resolved.overheads } : inputs);
    return { ...p, warnings: [...p.warnings, ...engineProvenanceWarnings(engine, inputs.gpu.id)] };
  };
  const flexgen = flexgenSettingOf(engine, offload);
  if (!flexgen) {
    return {
      id: predictor.id,
      description: `${predictor.description}; ${engine.name} step overheads`,
      predict: onEngine,
    };
  }
  return {
    id: predictor.id,
    description: `${predictor.description}; ${engine.name} step overheads; offloaded batches placed and timed by FlexGen's cost model`,
    // Offloaded batches run as FlexGen's cost model says; a batch wholly on the GPU as any engine's.
    predict(inputs) {
      const applicable = flexgenApplicability(inputs);
      if (inputs.offloadFraction > 0 && applicable.ok)
        return flexgenTimePrediction(flexgen, inputs, applicable.shape);
      return onEngine(inputs);
    },
    offloadPolicy: (inputs) => flexgenOffloadFraction(flexgen, inputs),
  };
}

/** How a request wants the engine to offload (`--offload-percent`). */
export interface EngineOffloadOptions {
  /** The KV cache's share in CPU memory, as stated by the user (FlexGen only). */
  statedCacheCpuFraction?: number;
}

function flexgenSettingOf(engine: EngineProfile, offload: EngineOffloadOptions): FlexgenSetting | undefined {
  if (engine.offload.mechanism !== 'flexgen-policy' || !engine.flexgenCostModel) return undefined;
  return {
    data: engine.flexgenCostModel,
    ...(offload.statedCacheCpuFraction !== undefined
      ? { statedCacheCpuFraction: offload.statedCacheCpuFraction }
      : {}),
  };
}
