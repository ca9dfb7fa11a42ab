import { describe, expect, it } from 'vitest';
import type { CliTiming } from './cli.js';
import type { FullCatalogResult } from './recommend-bench.js';
import { ms, targetChecks } from './report.js';
import { summarize } from './stats.js';

function cli(label: string, samples: number[]): CliTiming {
  return {
    label,
    command: 'node x',
    runs: samples.length,
    wallMs: samples,
    wall: summarize(samples),
    exitCodes: [0],
    stdoutBytes: 1,
  };
}

describe('targetChecks', () => {
  it('judges the warm full-catalog median against 100 ms and each recommend CLI run against 0.5 s', () => {
    const fullCatalog = { warm: summarize([40, 60, 200]) } as FullCatalogResult;
    const checks = targetChecks(fullCatalog, [
      cli('node start-up', [900]),
      cli('recommend', [400, 450, 480]),
      cli('recommend --json', [510, 520, 530]),
    ]);
    expect(checks.map((c) => [c.name, c.met])).toEqual([
      ['Full-catalog recommendation, warm (median)', true],
      ['CLI `recommend` wall time (median)', true],
      ['CLI `recommend --json` wall time (median)', false],
    ]);
  });
});

describe('ms', () => {
  it('keeps about three significant figures', () => {
    expect(ms(0.0351)).toBe('0.035 ms');
    expect(ms(8.46)).toBe('8.5 ms');
    expect(ms(305.2)).toBe('305 ms');
    expect(ms(26_400)).toBe('26.4 s');
  });
});
