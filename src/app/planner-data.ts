import type { ApiPrice } from '../catalog/api-prices-file.js';
import type { EnergyData } from '../catalog/energy-file.js';
import type { Calibration } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Catalog } from '../core/instance-type.js';
import type { Result } from '../core/issue.js';
import type { MigGpu } from '../core/mig-profile.js';
import type { ModelConfig } from '../core/model-config.js';
import type { ErrorBandsData } from '../core/prediction-band.js';
import type { KernelTables } from '../core/profiled-predictor.js';
import type { EfficiencyData } from './predictors.js';
import type { TraceReader } from './trace-source.js';

/** What the commands read: built-in data and user files. The fs adapter implements it; tests fake it. */
export interface PlannerData {
  models(): Result<ModelConfig[]>;
  gpus(): Result<GpuSpec[]>;
  /** MIG profiles of the GPUs that have them (data/v1/mig.json). */
  migGpus(): Result<MigGpu[]>;
  catalogIds(): string[];
  catalog(id: string): Result<Catalog>;
  efficiency(): Result<EfficiencyData>;
  /** Measured kernel tables by GPU id, for `--predictor profiled` only (read lazily). */
  kernelTables?(): Result<Record<string, KernelTables>>;
  /** A built-in calibration by name, or a calibration file by path. */
  calibration(nameOrPath: string): Result<Calibration>;
  calibrationIds(): string[];
  /** Serving-engine profiles (`data/v1/engines/*.json`), sorted by id. */
  engines?(): Result<EngineProfile[]>;
  /** Held-out error bands of the engine step model (data/v1/error-bands.json): every printed time's band. */
  errorBands?(): Result<ErrorBandsData>;
  /** Power and carbon data (data/v1/energy.json with the fitted power model), for energy figures. */
  energy?(): Result<EnergyData>;
  /** Hosted API list prices (data/v1/api-prices.json), for compare-api. */
  apiPrices?(): Result<ApiPrice[]>;
  /** A Hugging Face config.json from disk. */
  hfConfig(path: string): Result<ModelConfig>;
  /** A request trace from disk, for `--trace` (absent where requests carry no file paths, e.g. HTTP). */
  readTrace?: TraceReader;
}
