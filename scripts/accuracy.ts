/**
 * Regenerates docs/accuracy.md and docs/accuracy.json: every predictor against every measured dataset
 * available (per-operator sums, DistServe's fitted A100 curves, the InferSave paper's TPS points), and
 * docs/accuracy-serving.md (OASIS's closed-loop serving runs).
 * Usage: npm run accuracy [-- --shared ../shared/data]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracyDocuments } from './accuracy/documents.js';
import { servingAccuracyDocument } from './accuracy/serving.js';
import { DEFAULT_SHARED_DATA_DIR, REPO_ROOT } from './build-data.js';

const flag = process.argv.indexOf('--shared');
const sharedDir = flag >= 0 ? (process.argv[flag + 1] ?? DEFAULT_SHARED_DATA_DIR) : DEFAULT_SHARED_DATA_DIR;
const started = Date.now();
const { markdown, json } = accuracyDocuments(REPO_ROOT, sharedDir);
writeFileSync(join(REPO_ROOT, 'docs', 'accuracy.md'), markdown);
writeFileSync(join(REPO_ROOT, 'docs', 'accuracy.json'), json);
// End-to-end serving at fixed concurrency (OASIS's closed-loop runs, transcribed in the repository).
writeFileSync(join(REPO_ROOT, 'docs', 'accuracy-serving.md'), await servingAccuracyDocument());
console.log(
  `wrote docs/accuracy.md, docs/accuracy.json and docs/accuracy-serving.md in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
