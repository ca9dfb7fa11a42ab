import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../build-data.js';
import { loadServingRuns, requestsFor, servingAccuracyDocument } from './serving.js';

describe('OASIS closed-loop serving runs', () => {
  it('are transcribed with a known query type, stand-in model and positive measurements', () => {
    const runs = loadServingRuns();
    expect(runs.runs).toHaveLength(31);
    for (const run of runs.runs) {
      expect(runs.queryTypes[run.queryType]).toBeDefined();
      expect(runs.standIns[run.model]).toBeDefined();
      expect(run.concurrency).toBeGreaterThan(0);
      expect(run.p95Seconds).toBeGreaterThan(0);
      expect(run.requestsPerSecond).toBeGreaterThan(0);
    }
    // Tables 6 and 7 carry power, the concurrency sweeps (Tables 1 and 2) do not.
    expect(runs.runs.filter((r) => r.watts !== undefined).map((r) => r.table)).toEqual([
      ...Array(4).fill('Table 6'),
      ...Array(4).fill('Table 7'),
    ]);
  });

  it('simulate enough requests for a steady state past the ramp', () => {
    expect(requestsFor(3)).toBe(300);
    expect(requestsFor(92)).toBe(1840);
  });

  it('docs/accuracy-serving.md is what `npm run accuracy` generates', async () => {
    const doc = await servingAccuracyDocument();
    expect(readFileSync(join(REPO_ROOT, 'docs/accuracy-serving.md'), 'utf8')).toBe(doc);
  }, 120_000);
});
