import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationFileJson } from '../../scripts/paper-reproduction/calibration-json.js';
import { loadReproductionInputs } from '../../scripts/paper-reproduction/load-inputs.js';
import { renderReproductionDoc } from '../../scripts/paper-reproduction/render-doc.js';
import { reproducePaper } from '../../scripts/paper-reproduction/reproduce.js';
import { summarise } from '../../scripts/paper-reproduction/summary.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const sharedDir = resolve(repoRoot, '..', 'shared', 'data');
const hasShared = existsSync(join(sharedDir, 'infersave-paper'));

describe.skipIf(!hasShared)('InferSave paper reproduction (golden; needs ../shared/data)', () => {
  // Computed in beforeAll: a skipped describe still runs its body to collect tests.
  let result: ReturnType<typeof reproducePaper>;
  let summary: ReturnType<typeof summarise>;
  beforeAll(() => {
    result = reproducePaper(loadReproductionInputs(repoRoot, sharedDir));
    summary = summarise(result);
  });

  it('regenerates the committed summary, calibration and doc exactly', () => {
    const golden = JSON.parse(
      readFileSync(join(repoRoot, 'test', 'golden', 'paper-reproduction.json'), 'utf8'),
    );
    expect(summary).toEqual(golden);
    expect(calibrationFileJson(result.calibration)).toBe(
      readFileSync(join(repoRoot, 'data', 'v1', 'calibrations', 'paper-2025-online.json'), 'utf8'),
    );
    expect(renderReproductionDoc(result, summary)).toBe(
      readFileSync(join(repoRoot, 'docs', 'paper-reproduction.md'), 'utf8'),
    );
  });

  it('calibrated on the online points, reproduces them within 1 %', () => {
    for (const p of summary.points.filter((x) => x.workload === 'online')) {
      expect(Math.abs(p.calibrated - p.measured) / p.measured).toBeLessThan(0.01);
    }
  });

  it('picks what Table V picks at 400 TPS online: g4dn.xlarge, then g6.xlarge; Max-Performance g6e.xlarge', () => {
    const s = summary.scenarios.find((x) => x.workload === 'online' && x.sloTokensPerSecond === 400);
    expect(s?.first?.instance).toBe('g4dn.xlarge');
    expect(s?.second?.instance).toBe('g6.xlarge');
    expect(s?.maxPerformance?.instance).toBe('g6e.xlarge');
  });

  it("held out, FlexGen's cost model at the paper's stated C_off is within 30 % median on g4dn, g6 and g5", () => {
    const offline = summary.points.filter((p) => p.workload === 'offline' && p.instance !== 'g6e.xlarge');
    const errors = offline
      .map((p) => Math.abs((p.flexgenAtPaperOffload ?? Number.POSITIVE_INFINITY) - p.measured) / p.measured)
      .sort((a, b) => a - b);
    expect(errors).toHaveLength(4);
    expect(((errors[1] ?? 1) + (errors[2] ?? 1)) / 2).toBeLessThan(0.3);
  });

  it("cannot calibrate the paper's own equations to its measurements (negative alpha on every instance)", () => {
    expect(summary.paperPredictorUnfittable).toEqual(['g4dn.xlarge', 'g5.xlarge', 'g6.xlarge', 'g6e.xlarge']);
  });
});

describe.runIf(!hasShared)('InferSave paper reproduction without shared data', () => {
  it('is skipped: ../shared/data is not beside the repository', () => {
    expect(hasShared).toBe(false);
  });
});
