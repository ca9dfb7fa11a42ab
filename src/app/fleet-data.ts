import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { CapacityMixData } from './capacity-mix.js';
import { cloudCatalogs } from './cloud-catalogs.js';
import type { FleetData } from './fleet.js';
import type { PlannerData } from './planner-data.js';
import { resolveModel } from './request-inputs.js';

/** The fleet use case's data from the planner's loaders: models, every cloud catalog, the time model, the engine. */
export function loadFleetData(data: PlannerData, engineId = 'vllm'): Result<FleetData> {
  const issues: Issue[] = [];
  const models = data.models();
  const efficiency = data.efficiency();
  const clouds = cloudCatalogs(data);
  const catalogs: Catalog[] = clouds.ok ? clouds.value : [];
  if (!clouds.ok) issues.push(...clouds.issues);
  if (!models.ok) issues.push(...models.issues);
  if (!efficiency.ok) issues.push(...efficiency.issues);
  let engine: FleetData['engine'];
  if (engineId !== 'none' && data.engines) {
    const engines = data.engines();
    if (!engines.ok) issues.push(...engines.issues);
    else {
      engine = engines.value.find((e) => e.id === engineId);
      if (!engine)
        issues.push({
          code: 'unknown-engine',
          path: 'engine',
          details: { value: engineId, known: [...engines.value.map((e) => e.id), 'none'] },
        });
    }
  }
  if (!models.ok || !efficiency.ok || issues.length > 0) return fail(...issues);
  return ok({
    models: models.value,
    catalogs,
    efficiency: efficiency.value,
    ...(engine ? { engine } : {}),
  });
}

/**
 * The capacity-mix use case's data: the fleet's plus the GPU catalog (its replicas are bare GPUs), and the
 * model when the request gives a config.json (`modelConfig`) instead of a catalog id — resolved as every
 * use case resolves it (both given, or a config that does not parse, is an issue).
 */
export function loadCapacityMixData(
  data: PlannerData,
  request: { model?: string; modelConfig?: string; servedModelName?: string } = {},
): Result<CapacityMixData> {
  const fleet = loadFleetData(data);
  const gpus = data.gpus();
  const model =
    request.modelConfig === undefined
      ? undefined
      : resolveModel(data, request.model, request.modelConfig, request.servedModelName);
  const issues = [
    ...(fleet.ok ? [] : fleet.issues),
    ...(gpus.ok ? [] : gpus.issues),
    ...(model && !model.ok ? model.issues : []),
  ];
  if (!fleet.ok || !gpus.ok || (model && !model.ok) || issues.length > 0) return fail(...issues);
  return ok(
    { ...fleet.value, gpus: gpus.value, ...(model?.ok ? { model: model.value } : {}) },
    model?.ok ? model.warnings : [],
  );
}
