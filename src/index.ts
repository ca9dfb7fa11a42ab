/**
 * InferSave's library API: the same use cases the CLI and the HTTP API run.
 *
 *   import { createPlanner } from 'infersave';
 *   const plan = await createPlanner().recommend({ model: 'facebook/opt-2.7b', inputTokens: 128, … });
 *
 * `createPlanner()` takes each use case's request fields (the HTTP body; the CLI's flags in camelCase) and
 * returns its versioned JSON or every problem at once, each naming its field. The lower-level functions
 * (`recommend`, `predict`, `pack`, `provision`, `capacityMix`, `compareApi`) take resolved inputs you load or build.
 */

export {
  listBuiltinCatalogIds,
  loadBuiltinApiPrices,
  loadBuiltinCatalog,
  loadBuiltinCloudCatalogs,
  loadBuiltinGpus,
  loadBuiltinModels,
} from './adapters/fs/builtin-data.js';
export { catalogBundle } from './adapters/fs/catalog-bundle.js';
export { fsPlannerData } from './adapters/fs/fs-planner-data.js';
export { packageVersion } from './adapters/fs/version.js';
export { createPlanner } from './adapters/library/planner.js';
export { loadHighsSolver } from './adapters/solver/highs-milp-solver.js';
export { workerCostTableRunner } from './adapters/workers/cost-table-runner.js';
export type { Candidate, MemoryReport } from './app/candidate.js';
export { type CapacityMixData, capacityMix } from './app/capacity-mix.js';
export {
  type CapacityMixRequest,
  capacityMixRequestSchema,
  parseCapacityMixRequest,
} from './app/capacity-mix-request.js';
export type { CapacityMixResult } from './app/capacity-mix-result.js';
export {
  type CompareApiRequest,
  type CompareApiResult,
  compareApi,
} from './app/compare-api.js';
export {
  buildCostTable,
  type CostTableOutcome,
  type CostTableRunner,
  inlineCostTableRunner,
  planCostTable,
} from './app/cost-table.js';
export {
  type CostTableRequest,
  costTableRequestSchema,
  parseCostTableRequest,
} from './app/cost-table-request.js';
export { type CostTable, type CostTableRow, costTableSchema } from './app/cost-table-schema.js';
export { bestConfigurations, mergeCostTables } from './app/cost-table-select.js';
export { type FleetData, type FleetResult, fleet } from './app/fleet.js';
export type { FleetSource } from './app/fleet-buckets.js';
export { loadFleetData } from './app/fleet-data.js';
export {
  FLEET_DEFAULTS,
  type FleetRequest,
  fleetRequestSchema,
  parseFleetRequest,
} from './app/fleet-request.js';
export { type PackData, type PackResult, pack } from './app/pack.js';
export { type PackRequest, packRequestSchema, parsePackRequest } from './app/pack-request.js';
export { type Hardware, type PredictRequest, predict } from './app/predict.js';
export {
  type ConcurrencyPrediction,
  type ConcurrencyRequest,
  predictAtConcurrency,
} from './app/predict-concurrency.js';
export { createPredictor, type EfficiencyData, PREDICTOR_IDS, type PredictorId } from './app/predictors.js';
export { type ProvisionData, type ProvisionResult, provision } from './app/provision.js';
export {
  type ProvisionRequest,
  parseProvisionRequest,
  provisionRequestSchema,
} from './app/provision-request.js';
export {
  type Baseline,
  type RecommendRequest,
  type RecommendResult,
  type Rejection,
  recommend,
} from './app/recommend.js';
export {
  CalibrateFields,
  CapacityFields,
  CompareApiFields,
  PredictFields,
  RecommendFields,
  RecommendLatencyFields,
  SimulateFields,
} from './app/request-schemas.js';
export { DEFAULTS } from './app/settings.js';
export { parseCalibrationFile } from './catalog/calibration-file.js';
export { parseHfConfig } from './catalog/parse-hf-config.js';
export type { Calibration, CalibrationEntry } from './core/calibration.js';
export type { GpuSpec } from './core/gpu-spec.js';
export type { BillingRule, Catalog, InstanceType } from './core/instance-type.js';
export type { Issue, Result } from './core/issue.js';
export { kvCacheBytesPerToken } from './core/kv-cache.js';
export type { ModelConfig } from './core/model-config.js';
export { parameterCount } from './core/parameter-count.js';
export type { Precision } from './core/precision.js';
export type { TaskShape } from './core/task-cost.js';
export type { TimePrediction, TimePredictor } from './core/time-predictor.js';
export { describeIssue } from './messages/messages.js';
export { CLI_WORDING, FIELD_WORDING, type Wording } from './messages/wording.js';
export type { MilpModel, MilpSolution, MilpSolver } from './optimize/milp.js';
export type { FleetSchedule } from './sim/fleet.js';
