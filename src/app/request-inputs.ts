import type { Calibration } from '../core/calibration.js';
import { checkCalibrationPredictor } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { didYouMean } from './did-you-mean.js';
import { lookupById } from './lookup.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { createPredictor, isPredictorId, PREDICTOR_IDS } from './predictors.js';
import { DEFAULTS } from './settings.js';

/** --model (catalog id) or --model-config (a config.json): exactly one. */
export function resolveModel(
  data: PlannerData,
  model_: string | undefined,
  configPath: string | undefined,
  servedModelName?: string,
): Result<ModelConfig> {
  const model = resolveModelConfig(data, model_, configPath);
  if (servedModelName === undefined || !model.ok) return model;
  // --served-model-name: what `vllm serve` loads and the plan names, instead of the config's id.
  return {
    ...model,
    value: { ...model.value, id: servedModelName },
    warnings: (model.warnings ?? []).filter((w) => w.code !== 'model-id-from-folder'),
  };
}

function resolveModelConfig(
  data: PlannerData,
  model: string | undefined,
  configPath: string | undefined,
): Result<ModelConfig> {
  if (model !== undefined && configPath !== undefined) {
    return fail({
      code: 'invalid-option',
      path: 'modelConfig',
      message: 'give {{model}} or {{modelConfig}}, not both',
    });
  }
  if (configPath !== undefined) return data.hfConfig(configPath);
  if (model === undefined) {
    return fail({
      code: 'missing-option',
      path: 'model',
      message: "name a catalog model ({{@models}}) or give the model's config.json as {{modelConfig}}",
    });
  }
  const models = data.models();
  if (!models.ok) return models;
  return lookupById(models.value, model, 'unknown-model', 'model');
}

/** --region: a region the catalog prices some instance in, else an issue with a did-you-mean. */
export function checkRegion(catalog: Catalog, region: string): Issue | undefined {
  const regions = [...new Set(catalog.instances.flatMap((i) => i.prices.map((p) => p.region)))].sort();
  if (regions.includes(region)) return undefined;
  const suggestion = didYouMean(region, regions);
  return {
    code: 'invalid-option',
    path: 'region',
    message: `'${region}' has no prices in catalog ${catalog.id}${suggestion ? ` — did you mean ${suggestion}?` : `; regions: ${regions.join(', ')}`}`,
  };
}

/** The `--engine` profile (default vllm) from data/v1/engines/; `none`: kernels only. */
export function resolveEngine(data: PlannerData, options: OptionReader): Result<EngineProfile | undefined> {
  const id = options.text('engine') ?? DEFAULTS.engine;
  if (!data.engines || id === 'none') return ok(undefined);
  const engines = data.engines();
  if (!engines.ok) return engines;
  const engine = engines.value.find((e) => e.id === id);
  if (!engine) {
    return fail({
      code: 'unknown-engine',
      path: 'engine',
      details: { value: id, known: [...engines.value.map((e) => e.id), 'none'] },
    });
  }
  return ok(engine);
}

/** --predictor and --calibration, checked against each other. */
/** `--offload-percent N`: FlexGen's KV cache share in CPU memory, a whole percent, only with an engine that takes a policy. */
function resolveOffloadPercent(
  options: OptionReader,
  engine: EngineProfile | undefined,
): Result<{ statedCacheCpuFraction?: number }> {
  const text = options.text('offloadPercent');
  if (text === undefined) return ok({});
  const percent = Number(text);
  if (!/^[0-9]+$/.test(text) || percent > 100) {
    return fail({
      code: 'invalid-option',
      path: 'offloadPercent',
      message: `'${text}' is not a whole percent from 0 to 100 (the KV cache's share in CPU memory)`,
    });
  }
  if (engine?.offload.mechanism !== 'flexgen-policy') {
    return fail({
      code: 'invalid-option',
      path: 'offloadPercent',
      message: `{{offloadPercent}} states FlexGen's offload policy: use it with {{engine}} flexgen (engine here: ${engine?.id ?? 'none'})`,
    });
  }
  return ok({ statedCacheCpuFraction: percent / 100 });
}

export function resolvePredictor(
  data: PlannerData,
  options: OptionReader,
): Result<{ predictor: TimePredictor; calibration?: Calibration }> {
  const id = options.text('predictor') ?? DEFAULTS.predictor;
  if (!isPredictorId(id)) {
    const calibrationName = options.text('calibration');
    const calibration = calibrationName === undefined ? undefined : data.calibration(calibrationName);
    return fail(
      { code: 'unknown-predictor', path: 'predictor', details: { value: id, known: [...PREDICTOR_IDS] } },
      ...(calibration && !calibration.ok ? calibration.issues : []),
    );
  }
  const efficiency = data.efficiency();
  if (!efficiency.ok) return efficiency;
  let kernelTables = {};
  if (id === 'profiled') {
    // Read only for this predictor: the tables are a few MB.
    const tables = data.kernelTables?.() ?? ok({});
    if (!tables.ok) return tables;
    kernelTables = tables.value;
  }
  const engine = resolveEngine(data, options);
  if (!engine.ok) return engine;
  const offload = resolveOffloadPercent(options, engine.value);
  if (!offload.ok) return offload;
  const predictor = createPredictor(id, efficiency.value, kernelTables, engine.value, offload.value);
  const calibrationName = options.text('calibration');
  if (calibrationName === undefined) return ok({ predictor });
  const calibration = data.calibration(calibrationName);
  if (!calibration.ok) return calibration;
  const mismatch = checkCalibrationPredictor(calibration.value, predictor.id);
  if (mismatch) return fail({ ...mismatch, path: 'calibration' });
  return ok({ predictor, calibration: calibration.value });
}

/** Collects issues from several results; returns the values only if all succeeded. */
export function collect(...results: Result<unknown>[]): Issue[] {
  return results.flatMap((r) => (r.ok ? [] : r.issues));
}
