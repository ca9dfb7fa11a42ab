import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiPrice, parseApiPricesFile } from '../../catalog/api-prices-file.js';
import { type EnergyData, parseEnergyFiles } from '../../catalog/energy-file.js';
import { parseCloudFile } from '../../catalog/parse-cloud-file.js';
import { parseGpuFile } from '../../catalog/parse-gpu-file.js';
import { parseMigFile } from '../../catalog/parse-mig-file.js';
import { parseModelsFile } from '../../catalog/parse-models-file.js';
import type { GpuSpec } from '../../core/gpu-spec.js';
import type { Catalog } from '../../core/instance-type.js';
import { fail, ok, type Result } from '../../core/issue.js';
import type { MigGpu } from '../../core/mig-profile.js';
import type { ModelConfig } from '../../core/model-config.js';
import { findPackageRoot } from './package-root.js';
import { readJsonFile } from './read-json-file.js';

/** A price catalog shipped as `data/v1/clouds/<id>.json` (the directory is the list: no code names them). */
export type BuiltinCatalogId = string;

/** Parsed results, read once per process. Treat them as read-only. */
const cache = new Map<string, Result<unknown>>();

function cached<T>(key: string, load: () => Result<T>): Result<T> {
  const hit = cache.get(key) as Result<T> | undefined;
  if (hit) return hit;
  const result = load();
  cache.set(key, result);
  return result;
}

/** Reads `data/v1/<relative>` from the installed package; a missing file is `builtin-data-missing`. */
function readBuiltinJson(relative: string): Result<unknown> {
  const file = `data/v1/${relative}`;
  const root = findPackageRoot(import.meta.url);
  if (!root) {
    return fail({
      code: 'builtin-data-missing',
      message: 'no package.json named infersave above this module',
      details: { file },
    });
  }
  const result = readJsonFile(join(root, 'data', 'v1', relative));
  if (!result.ok && result.issues[0]?.code === 'file-unreadable') {
    return fail({ ...result.issues[0], code: 'builtin-data-missing', details: { file } });
  }
  return result;
}

/** The shipped GPU list, `data/v1/gpus.json`. */
export function loadBuiltinGpus(): Result<GpuSpec[]> {
  return cached('gpus', () => {
    const raw = readBuiltinJson('gpus.json');
    return raw.ok ? parseGpuFile(raw.value) : raw;
  });
}

let catalogIds: string[] | undefined;

/** The ids of every `data/v1/clouds/*.json`, sorted; empty when the package's data is missing. */
export function listBuiltinCatalogIds(): BuiltinCatalogId[] {
  if (!catalogIds) {
    const root = findPackageRoot(import.meta.url);
    const dir = root ? join(root, 'data', 'v1', 'clouds') : undefined;
    catalogIds =
      dir && existsSync(dir)
        ? readdirSync(dir)
            .filter((file) => file.endsWith('.json'))
            .map((file) => file.slice(0, -'.json'.length))
            .sort()
        : [];
  }
  return [...catalogIds];
}

/** A shipped price catalog, `data/v1/clouds/<id>.json`, its GPUs resolved against the shipped GPU list. */
export function loadBuiltinCatalog(id: BuiltinCatalogId): Result<Catalog> {
  const known = listBuiltinCatalogIds();
  if (!known.includes(id)) {
    return fail({ code: 'builtin-catalog-unknown', details: { id, known } });
  }
  return cached(`catalog:${id}`, () => {
    const gpus = loadBuiltinGpus();
    if (!gpus.ok) return gpus;
    const raw = readBuiltinJson(`clouds/${id}.json`);
    return raw.ok ? parseCloudFile(raw.value, gpus.value) : raw;
  });
}

/** The shipped model list, `data/v1/models.json`. */
export function loadBuiltinModels(): Result<ModelConfig[]> {
  return cached('models', () => {
    const raw = readBuiltinJson('models.json');
    return raw.ok ? parseModelsFile(raw.value) : raw;
  });
}

/** The shipped MIG profiles, `data/v1/mig.json`. */
export function loadBuiltinMig(): Result<MigGpu[]> {
  return cached('mig', () => {
    const raw = readBuiltinJson('mig.json');
    return raw.ok ? parseMigFile(raw.value) : raw;
  });
}

/** Hosted API list prices, `data/v1/api-prices.json` (zero-priced entries were left out at build time). */
export function loadBuiltinApiPrices(): Result<ApiPrice[]> {
  return cached('api-prices', () => {
    const raw = readBuiltinJson('api-prices.json');
    return raw.ok ? parseApiPricesFile(raw.value) : raw;
  });
}

/** Every shipped catalog whose role is `cloud` (AWS, GCP, Azure, Lambda, …), each parsed once. */
export function loadBuiltinCloudCatalogs(): Result<Catalog[]> {
  const catalogs: Catalog[] = [];
  for (const id of listBuiltinCatalogIds()) {
    const catalog = loadBuiltinCatalog(id);
    if (!catalog.ok) return catalog;
    if (catalog.value.role === 'cloud') catalogs.push(catalog.value);
  }
  return ok(catalogs);
}

/** The shipped power and carbon data, `data/v1/energy.json` with the fitted `data/v1/power-model.json`. */
export function loadBuiltinEnergy(): Result<EnergyData> {
  return cached('energy', () => {
    const energy = readBuiltinJson('energy.json');
    if (!energy.ok) return energy;
    const model = readBuiltinJson('power-model.json');
    if (!model.ok) return model;
    return parseEnergyFiles(energy.value, model.value);
  });
}
