/**
 * Builds InferSave's reviewed data files, data/v1/, from the shared reference data (see data/README.md).
 *
 *   npx tsx scripts/build-data.ts [sharedDataDir]      (default: ../shared/data next to the repository)
 *
 * The output is deterministic (sorted keys and entries, 2-space JSON, trailing newline) and is checked
 * by the catalog parsers before anything is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseApiPricesFile } from '../src/catalog/api-prices-file.js';
import { energyFileSchema } from '../src/catalog/energy-file.js';
import { parseFlexgenCostModelFile } from '../src/catalog/flexgen-cost-model-file.js';
import { parseCloudFile } from '../src/catalog/parse-cloud-file.js';
import { parseGpuFile } from '../src/catalog/parse-gpu-file.js';
import { parseMigFile } from '../src/catalog/parse-mig-file.js';
import { parseModelsFile } from '../src/catalog/parse-models-file.js';
import type { Result } from '../src/core/issue.js';
import { buildApiPrices } from './build-data/api-prices.js';
import { buildAwsCatalog } from './build-data/aws.js';
import { buildAzureCatalog } from './build-data/azure.js';
import { buildReport } from './build-data/build-report.js';
import { canonicalJson } from './build-data/canonical-json.js';
import { buildEnergy } from './build-data/energy.js';
import { buildFlexgenCostModel } from './build-data/flexgen-cost-model.js';
import { buildGcpCatalog } from './build-data/gcp.js';
import { buildGpus } from './build-data/gpus.js';
import { buildLambdaCatalog } from './build-data/lambda.js';
import { buildMig } from './build-data/mig.js';
import { buildModels } from './build-data/models.js';
import { buildPaperCatalog } from './build-data/paper.js';
import { sharedData } from './build-data/shared-data.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SHARED_DATA_DIR = resolve(REPO_ROOT, '../shared/data');
export const DATA_DIR = join(REPO_ROOT, 'data', 'v1');

function check<T>(file: string, result: Result<T>): void {
  if (!result.ok) throw new Error(`${file} does not parse:\n${JSON.stringify(result.issues, null, 2)}`);
  if (result.warnings.length > 0)
    throw new Error(`${file} parses with warnings:\n${JSON.stringify(result.warnings, null, 2)}`);
}

/** The contents of every data file, keyed by path relative to data/v1/. Pure apart from reading `sharedDir`. */
export function buildData(sharedDir: string): Record<string, string> {
  const shared = sharedData(sharedDir);
  const gpus = buildGpus(shared);
  const aws = buildAwsCatalog(shared, gpus);
  const paper = buildPaperCatalog(shared, gpus, aws);
  const skypilot = [buildGcpCatalog, buildAzureCatalog, buildLambdaCatalog].map((build) =>
    build(shared, gpus),
  );
  const gpuFile = {
    schemaVersion: 1,
    description:
      'GPU specifications: memory, memory bandwidth, dense peak throughput, host link, NVLink and power. Peaks are dense (no 2:4 sparsity); fp32Tflops is the CUDA-core (non-tensor) FP32 peak; fp16DenseTflops the fp16/bf16 tensor-core peak; bandwidths per direction.',
    gpus,
  };
  const modelsFile = {
    schemaVersion: 1,
    description:
      'Model architectures as Hugging Face config.json fields (verbatim where the config is published in the shared data, rebuilt with Hugging Face names otherwise), with the parameter counts their authors publish.',
    models: buildModels(shared),
  };

  const migFile = {
    schemaVersion: 1,
    description:
      'MIG GPU-instance profiles per catalog GPU: memory and SMs as nvidia-smi reports them (or estimated, saying why), the placement rule (start memory slices and size), the fractions of the GPU they scale by, the price share, and NVIDIA-shipped valid layouts.',
    gpus: buildMig(
      shared,
      Object.fromEntries(gpus.flatMap((g) => (g.memoryGiB !== undefined ? [[g.id, g.memoryGiB]] : []))),
    ),
  };
  check('mig.json', parseMigFile(migFile));
  const parsedGpus = parseGpuFile(gpuFile);
  check('gpus.json', parsedGpus);
  const gpuSpecs = parsedGpus.ok ? parsedGpus.value : [];
  check('clouds/aws.json', parseCloudFile(aws, gpuSpecs));
  check('clouds/paper-2025.json', parseCloudFile(paper, gpuSpecs));
  check('models.json', parseModelsFile(modelsFile));
  const apiPrices = buildApiPrices(shared);
  check('api-prices.json', parseApiPricesFile(apiPrices));
  for (const { file } of skypilot) check(`clouds/${file.id}.json`, parseCloudFile(file, gpuSpecs));
  const energy = buildEnergy(shared, gpus);
  const energyParsed = energyFileSchema.safeParse(energy);
  if (!energyParsed.success) throw new Error(`energy.json does not parse:\n${energyParsed.error.message}`);
  const flexgen = buildFlexgenCostModel(shared, gpus);
  check('flexgen-cost-model.json', parseFlexgenCostModelFile(flexgen));

  return {
    'clouds/aws.json': canonicalJson(aws),
    'clouds/paper-2025.json': canonicalJson(paper),
    ...Object.fromEntries(skypilot.map(({ file }) => [`clouds/${file.id}.json`, canonicalJson(file)])),
    'clouds/build-report.md': buildReport(skypilot),
    'api-prices.json': canonicalJson(apiPrices),
    'energy.json': canonicalJson(energy),
    'flexgen-cost-model.json': canonicalJson(flexgen),
    'gpus.json': canonicalJson(gpuFile),
    'mig.json': canonicalJson(migFile),
    'models.json': canonicalJson(modelsFile),
  };
}

function main(): void {
  const sharedDir = resolve(process.argv[2] ?? DEFAULT_SHARED_DATA_DIR);
  for (const [relative, contents] of Object.entries(buildData(sharedDir))) {
    const file = join(DATA_DIR, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
    console.log(`wrote data/v1/${relative}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
