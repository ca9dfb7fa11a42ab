import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnergyFiles } from './energy-file.js';

const dataDir = join(import.meta.dirname, '..', '..', 'data', 'v1');
const read = (f: string) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')) as unknown;

describe('parseEnergyFiles', () => {
  it('parses the shipped energy.json and power-model.json: every catalog GPU has a limit and an idle floor', () => {
    const parsed = parseEnergyFiles(read('energy.json'), read('power-model.json'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const a100 = parsed.value.gpus['A100-80GB'];
    expect(a100?.idleWatts).toBe(50);
    expect(a100?.estimated).toBe(false);
    expect(a100?.smClock?.minMhz).toBe(855);
    expect(parsed.value.gpus.L4?.estimated).toBe(true);
    expect(parsed.value.pue.find((p) => p.provider === 'aws')?.pue).toBe(1.135);
  });

  it('lists every problem with its file and path', () => {
    const energy = read('energy.json') as { gpus: { idleWatts: number; powerLimitWatts: number }[] };
    const broken = structuredClone(energy);
    (broken.gpus[0] as { idleWatts: number }).idleWatts = 1e6;
    const parsed = parseEnergyFiles(broken, { schemaVersion: 2 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.issues.map((i) => i.path ?? '');
    expect(paths.some((p) => p.startsWith('power-model.json:'))).toBe(true);
    expect(paths).toContain('energy.json:gpus[0].idleWatts');
  });
});
