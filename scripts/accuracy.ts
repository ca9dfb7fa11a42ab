/**
 * Regenerates docs/accuracy.md and docs/accuracy.json: every predictor against every measured dataset
 * available (per-operator sums, DistServe's fitted A100 curves, the InferSave paper's TPS points).
 * Usage: npm run accuracy [-- --shared ../shared/data]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracyDocuments } from './accuracy/documents.js';
import { DEFAULT_SHARED_DATA_DIR, REPO_ROOT } from './build-data.js';

const flag = process.argv.indexOf('--shared');
const sharedDir = flag >= 0 ? (process.argv[flag + 1] ?? DEFAULT_SHARED_DATA_DIR) : DEFAULT_SHARED_DATA_DIR;
const started = Date.now();
const { markdown, json } = accuracyDocuments(REPO_ROOT, sharedDir);
writeFileSync(join(REPO_ROOT, 'docs', 'accuracy.md'), markdown);
writeFileSync(join(REPO_ROOT, 'docs', 'accuracy.json'), json);
console.log(
  `wrote docs/accuracy.md and docs/accuracy.json in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
