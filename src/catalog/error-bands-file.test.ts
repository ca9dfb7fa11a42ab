import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseErrorBandsFile } from './error-bands-file.js';

const shipped = JSON.parse(readFileSync(new URL('../../data/v1/error-bands.json', import.meta.url), 'utf8'));

describe('parseErrorBandsFile', () => {
  it('reads the shipped bands: a band per engine group and stage, p10 ≤ p50 ≤ p90, and fitted ranges', () => {
    const r = parseErrorBandsFile(shipped);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    for (const b of r.value.bands) {
      expect(b.measuredOverPredictedP10).toBeLessThanOrEqual(b.measuredOverPredictedP50);
      expect(b.measuredOverPredictedP50).toBeLessThanOrEqual(b.measuredOverPredictedP90);
    }
    for (const stage of ['prefill', 'decode'])
      expect(
        r.value.bands.some((b) => b.stage === stage && b.engineGroup === 'all' && b.tensorParallel === 'all'),
      ).toBe(true);
    expect(r.value.fittedRanges.map((f) => f.engineGroup)).toContain('vllm');
  });

  it('names the field of every problem, all at once', () => {
    const bad = structuredClone(shipped);
    bad.bands[0].measuredOverPredictedP90 = -1;
    bad.fittedRanges[0].gpuIds = [];
    const r = parseErrorBandsFile(bad, 'x.json');
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.issues.map((i) => i.path);
    expect(paths).toEqual(['x.json.bands[0].measuredOverPredictedP90', 'x.json.fittedRanges[0].gpuIds']);
  });
});
