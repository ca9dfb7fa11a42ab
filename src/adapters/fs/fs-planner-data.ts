import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannerData } from '../../app/planner-data.js';
import { parseCalibrationFile } from '../../catalog/calibration-file.js';
import { parseEfficiencyFile } from '../../catalog/efficiency-file.js';
import { parseEngineFile } from '../../catalog/engine-file.js';
import { parseErrorBandsFile } from '../../catalog/error-bands-file.js';
import { parseFlexgenCostModelFile } from '../../catalog/flexgen-cost-model-file.js';
import { parseKernelTablesFile } from '../../catalog/kernel-tables-file.js';
import type { EngineProfile } from '../../core/engine-profile.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import type { KernelTables } from '../../core/profiled-predictor.js';
import { readTrace } from '../importers/traces/read-trace.js';
import {
  type BuiltinCatalogId,
  listBuiltinCatalogIds,
  loadBuiltinApiPrices,
  loadBuiltinCatalog,
  loadBuiltinEnergy,
  loadBuiltinGpus,
  loadBuiltinMig,
  loadBuiltinModels,
} from './builtin-data.js';
import { findPackageRoot } from './package-root.js';
import { readHfConfigFile } from './read-hf-config-file.js';
import { readJsonFile } from './read-json-file.js';

function dataDir(): string {
  const root = findPackageRoot(import.meta.url);
  if (!root) throw new Error('infersave package root not found: the installation is broken');
  return join(root, 'data', 'v1');
}

function calibrationDir(): string {
  return join(dataDir(), 'calibrations');
}

/** Built-in calibrations: `data/v1/calibrations/<id>.json`. */
export function listBuiltinCalibrationIds(): string[] {
  const dir = calibrationDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

let efficiencyCache: ReturnType<PlannerData['efficiency']> | undefined;
let kernelTablesCache: Result<Record<string, KernelTables>> | undefined;

/** data/v1/kernels/<gpuId>.json, every file parsed (a few MB: only read for `--predictor profiled`). */
function loadKernelTables(): Result<Record<string, KernelTables>> {
  const dir = join(dataDir(), 'kernels');
  if (!existsSync(dir)) {
    return fail({ code: 'profiled-tables-unavailable', path: dir, message: `${dir} is missing` });
  }
  const tables: Record<string, KernelTables> = {};
  const issues: Issue[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(dir, file);
    const raw = readJsonFile(path);
    const parsed = raw.ok ? parseKernelTablesFile(raw.value) : raw;
    if (parsed.ok) tables[parsed.value.gpuId] = parsed.value;
    else
      issues.push(...parsed.issues.map((issue) => ({ ...issue, details: { ...issue.details, file: path } })));
  }
  return issues.length > 0 ? fail(...issues) : ok(tables);
}

let enginesCache: Result<EngineProfile[]> | undefined;
let errorBandsCache: ReturnType<NonNullable<PlannerData['errorBands']>> | undefined;

/** data/v1/engines/<id>.json, every file parsed; a file whose id differs from its name is an error. */
function loadEngines(): Result<EngineProfile[]> {
  const dir = join(dataDir(), 'engines');
  if (!existsSync(dir)) return fail({ code: 'engines-unavailable', path: dir, message: `${dir} is missing` });
  const engines: EngineProfile[] = [];
  const issues: Issue[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(dir, file);
    const raw = readJsonFile(path);
    const parsed = raw.ok ? parseEngineFile(raw.value, path) : raw;
    if (!parsed.ok) issues.push(...parsed.issues);
    else if (`${parsed.value.id}.json` !== file) {
      issues.push({
        code: 'schema-invalid',
        path: 'id',
        message: `the engine id must match the file name (${file.slice(0, -5)})`,
        details: { file: path, value: parsed.value.id },
      });
    } else engines.push(parsed.value);
  }
  if (issues.length > 0) return fail(...issues);
  // FlexGen's placement is timed by its own cost model (data/v1/flexgen-cost-model.json).
  if (!engines.some((e) => e.offload.mechanism === 'flexgen-policy')) return ok(engines);
  const path = join(dataDir(), 'flexgen-cost-model.json');
  const raw = readJsonFile(path);
  const costModel = raw.ok ? parseFlexgenCostModelFile(raw.value) : raw;
  if (!costModel.ok)
    return fail(...costModel.issues.map((i) => ({ ...i, details: { ...i.details, file: path } })));
  return ok(
    engines.map((e) =>
      e.offload.mechanism === 'flexgen-policy' ? { ...e, flexgenCostModel: costModel.value } : e,
    ),
  );
}

/** The planner's data from the installed package and the user's files. */
export const fsPlannerData: PlannerData = {
  models: loadBuiltinModels,
  gpus: loadBuiltinGpus,
  migGpus: loadBuiltinMig,
  catalogIds: listBuiltinCatalogIds,
  catalog: (id) =>
    (listBuiltinCatalogIds() as string[]).includes(id)
      ? loadBuiltinCatalog(id as BuiltinCatalogId)
      : fail({
          code: 'unknown-catalog',
          path: '--catalog',
          details: { value: id, known: listBuiltinCatalogIds() },
        }),
  energy: loadBuiltinEnergy,
  apiPrices: loadBuiltinApiPrices,
  efficiency: () => {
    if (efficiencyCache) return efficiencyCache;
    const raw = readJsonFile(join(dataDir(), 'efficiency.json'));
    const parsed = raw.ok ? parseEfficiencyFile(raw.value) : raw;
    efficiencyCache = parsed;
    return parsed;
  },
  kernelTables: () => {
    kernelTablesCache ??= loadKernelTables();
    return kernelTablesCache;
  },
  calibrationIds: listBuiltinCalibrationIds,
  engines: () => {
    enginesCache ??= loadEngines();
    return enginesCache;
  },
  errorBands: () => {
    if (errorBandsCache) return errorBandsCache;
    const path = join(dataDir(), 'error-bands.json');
    const raw = readJsonFile(path);
    errorBandsCache = raw.ok ? parseErrorBandsFile(raw.value, path) : raw;
    return errorBandsCache;
  },
  calibration: (
    nameOrPath,
  ): Result<ReturnType<typeof parseCalibrationFile> extends Result<infer T> ? T : never> => {
    const builtin = listBuiltinCalibrationIds().includes(nameOrPath);
    const path = builtin ? join(calibrationDir(), `${nameOrPath}.json`) : nameOrPath;
    if (!builtin && !existsSync(path)) {
      return fail({
        code: 'unknown-calibration',
        path: '--calibration',
        details: { value: nameOrPath, known: listBuiltinCalibrationIds() },
      });
    }
    const raw = readJsonFile(path);
    return raw.ok ? parseCalibrationFile(raw.value, path) : raw;
  },
  hfConfig: (path) => readHfConfigFile(path),
  readTrace: (path, options) => readTrace(path, options),
};
