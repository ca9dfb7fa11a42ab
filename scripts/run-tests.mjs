// Runs the whole test suite with vitest and prints one plain closing line
// "N passed, N failed" (CI reads it), exiting non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const resultsFile = '.test-results.json';
rmSync(resultsFile, { force: true });
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (!existsSync(resultsFile)) {
  console.log('0 passed, 1 failed');
  console.error('vitest wrote no results (exit code %s)', run.status);
  process.exit(1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const passed = results.numPassedTests;
const failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
