/**
 * Reruns the InferSave paper's evaluation: calibrates the roofline on the paper's online TPS, writes the
 * built-in calibration `data/v1/calibrations/paper-2025-online.json`, the golden summary
 * `test/golden/paper-reproduction.json` and `docs/paper-reproduction.md`.
 * Usage: npx tsx scripts/paper-reproduction.ts [--shared ../shared/data]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SHARED_DATA_DIR, REPO_ROOT } from './build-data.js';
import { calibrationFileJson } from './paper-reproduction/calibration-json.js';
import { loadReproductionInputs } from './paper-reproduction/load-inputs.js';
import { renderReproductionDoc } from './paper-reproduction/render-doc.js';
import { reproducePaper } from './paper-reproduction/reproduce.js';
import { summarise } from './paper-reproduction/summary.js';

const sharedFlag = process.argv.indexOf('--shared');
const sharedDir =
  sharedFlag >= 0 ? (process.argv[sharedFlag + 1] ?? DEFAULT_SHARED_DATA_DIR) : DEFAULT_SHARED_DATA_DIR;
const result = reproducePaper(loadReproductionInputs(REPO_ROOT, sharedDir));
const summary = summarise(result);
mkdirSync(join(REPO_ROOT, 'data', 'v1', 'calibrations'), { recursive: true });
writeFileSync(
  join(REPO_ROOT, 'data', 'v1', 'calibrations', 'paper-2025-online.json'),
  calibrationFileJson(result.calibration),
);
writeFileSync(
  join(REPO_ROOT, 'test', 'golden', 'paper-reproduction.json'),
  `${JSON.stringify(summary, null, 2)}\n`,
);
writeFileSync(join(REPO_ROOT, 'docs', 'paper-reproduction.md'), renderReproductionDoc(result, summary));
console.log(
  'wrote data/v1/calibrations/paper-2025-online.json, test/golden/paper-reproduction.json, docs/paper-reproduction.md',
);
