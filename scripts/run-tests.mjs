// Runs the whole test suite with vitest, then the profiler harness's pytest suite when Debian's
// python3-torch is installed, and prints one plain closing line "N passed, N failed" (CI reads it),
// exiting non-zero on any failure.
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
let passed = results.numPassedTests;
// Tests, not describe blocks: numFailedTestSuites counts every failed describe too. A file that
// failed to load (a syntax or import error) has no tests and still fails the run: count it as one.
const unloaded = (results.testResults ?? []).filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'),
).length;
if (unloaded > 0) console.error('%d test file(s) failed outside any test (failed to load?)', unloaded);
let failed = results.numFailedTests + unloaded;
let skipped = results.numPendingTests + (results.numTodoTests ?? 0);
const py = runPytest();
passed += py.passed;
failed += py.failed;
skipped += py.skipped;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);

/** The profiler's Python tests (profiler/tests), run with Debian's interpreter, which sees python3-torch. */
function runPytest() {
  const none = { passed: 0, failed: 0, skipped: 0 };
  if (process.argv.length > 2) return none; // a filtered vitest run: leave Python out
  const python = '/usr/bin/python3';
  const hasTorch =
    existsSync(python) && spawnSync(python, ['-c', 'import torch, pytest'], { stdio: 'ignore' }).status === 0;
  if (!hasTorch) {
    console.log(
      'profiler tests skipped: python3-torch not installed (apt-get install -y python3-torch python3-pytest)',
    );
    return none;
  }
  const py = spawnSync(python, ['-m', 'pytest', 'profiler/tests', '-q'], { encoding: 'utf8' });
  const output = `${py.stdout ?? ''}${py.stderr ?? ''}`;
  process.stdout.write(output);
  // pytest's closing line, e.g. "2 failed, 37 passed, 1 skipped, 1 error in 1.83s"
  const summary = output.trim().split('\n').at(-1) ?? '';
  const count = (word) => Number(summary.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  const counts = {
    passed: count('passed'),
    failed: count('failed') + count('errors?'),
    skipped: count('skipped'),
  };
  if (py.status !== 0 && counts.failed === 0) counts.failed = 1; // pytest crashed or collected nothing
  console.log(`profiler (pytest): ${counts.passed} passed, ${counts.failed} failed`);
  return counts;
}
