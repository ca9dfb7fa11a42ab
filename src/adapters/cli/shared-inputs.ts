import { lookupById } from '../../app/lookup.js';
import { createPredictor, isPredictorId, PREDICTOR_IDS } from '../../app/predictors.js';
import { DEFAULTS } from '../../app/settings.js';
import type { Calibration } from '../../core/calibration.js';
import { checkCalibrationPredictor } from '../../core/calibration.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import type { ModelConfig } from '../../core/model-config.js';
import type { TimePredictor } from '../../core/time-predictor.js';
import type { OptionReader } from './option-values.js';
import type { PlannerData } from './planner-data.js';

/** --model (catalog id) or --model-config (a config.json): exactly one. */
export function resolveModel(
  data: PlannerData,
  model: string | undefined,
  configPath: string | undefined,
): Result<ModelConfig> {
  if (model !== undefined && configPath !== undefined) {
    return fail({
      code: 'invalid-option',
      path: '--model-config',
      message: 'give --model or --model-config, not both',
    });
  }
  if (configPath !== undefined) return data.hfConfig(configPath);
  if (model === undefined) {
    return fail({
      code: 'missing-option',
      path: '--model',
      message: 'name a catalog model (infersave models) or pass --model-config path/to/config.json',
    });
  }
  const models = data.models();
  if (!models.ok) return models;
  return lookupById(models.value, model, 'unknown-model', '--model');
}

/** --predictor and --calibration, checked against each other. */
export function resolvePredictor(
  data: PlannerData,
  options: OptionReader,
): Result<{ predictor: TimePredictor; calibration?: Calibration }> {
  const id = options.text('predictor') ?? DEFAULTS.predictor;
  if (!isPredictorId(id)) {
    return fail({
      code: 'unknown-predictor',
      path: '--predictor',
      details: { value: id, known: [...PREDICTOR_IDS] },
    });
  }
  const efficiency = data.efficiency();
  if (!efficiency.ok) return efficiency;
  const predictor = createPredictor(id, efficiency.value);
  const calibrationName = options.text('calibration');
  if (calibrationName === undefined) return ok({ predictor });
  const calibration = data.calibration(calibrationName);
  if (!calibration.ok) return calibration;
  const mismatch = checkCalibrationPredictor(calibration.value, predictor.id);
  if (mismatch) return fail({ ...mismatch, path: '--calibration' });
  return ok({ predictor, calibration: calibration.value });
}

/** Collects issues from several results; returns the values only if all succeeded. */
export function collect(...results: Result<unknown>[]): Issue[] {
  return results.flatMap((r) => (r.ok ? [] : r.issues));
}
