import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migGeometry, validMigLayouts } from '../core/mig-geometry.js';
import type { MigGpu } from '../core/mig-profile.js';
import { parseMigFile } from './parse-mig-file.js';

const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/v1/mig.json'), 'utf8'));
const parsed = parseMigFile(raw);
const gpus: MigGpu[] = parsed.ok ? parsed.value : [];
const gpu = (id: string) => gpus.find((g) => g.gpuId === id) as MigGpu;

describe('data/v1/mig.json', () => {
  it('parses, with the six catalog GPUs that have MIG', () => {
    expect(parsed.ok).toBe(true);
    expect(gpus.map((g) => g.gpuId)).toEqual([
      'A100-40GB',
      'A100-80GB',
      'H100-SXM',
      'H100-PCIe',
      'H200',
      'B200',
    ]);
  });

  it('the placement rule reproduces every profile’s published maximum: N instances place, N + 1 do not', () => {
    for (const g of gpus)
      for (const p of g.profiles) {
        expect(
          migGeometry(g, { [p.name]: p.maxInstances }).valid,
          `${g.gpuId} ${p.name}×${p.maxInstances}`,
        ).toBe(true);
        expect(
          migGeometry(g, { [p.name]: p.maxInstances + 1 }).valid,
          `${g.gpuId} ${p.name}×${p.maxInstances + 1}`,
        ).toBe(false);
      }
  });

  it('every layout NVIDIA’s MIG manager ships as valid places', () => {
    for (const g of gpus)
      for (const layout of g.knownValidLayouts)
        expect(migGeometry(g, layout.profiles).valid, layout.name).toBe(true);
  });

  it('rejects layouts that overlap memory slices even when compute slices would add up to 7', () => {
    const a100 = gpu('A100-80GB');
    expect(migGeometry(a100, { '4g.40gb': 1, '3g.40gb': 1 }).valid).toBe(true);
    // 3 + 3 + 1 = 7 compute slices, but two 3g take all 8 memory slices.
    expect(migGeometry(a100, { '3g.40gb': 2, '1g.10gb': 1 })).toEqual({
      valid: false,
      reason: 'no-placement',
    });
    expect(migGeometry(a100, { '4g.40gb': 2 }).valid).toBe(false);
    expect(migGeometry(a100, { '3g.40gb': 1, '2g.20gb': 1, '1g.10gb': 2 }).valid).toBe(true);
    expect(migGeometry(a100, { '1g.10gb+me': 1, '1g.10gb': 6 }).valid).toBe(true);
    expect(migGeometry(a100, { '1g.10gb+me': 2 })).toEqual({ valid: false, reason: 'media-extensions' });
    expect(migGeometry(a100, { '9g.1gb': 1 })).toEqual({
      valid: false,
      reason: 'unknown-profile',
      profile: '9g.1gb',
    });
  });

  it('lists each GPU’s valid layouts: every one places, and no valid layout is left out', () => {
    const layouts = validMigLayouts(gpu('A100-80GB'));
    expect(layouts.every((l) => migGeometry(gpu('A100-80GB'), l).valid)).toBe(true);
    expect(layouts).toContainEqual({ '1g.10gb': 7 });
    expect(layouts).toContainEqual({ '3g.40gb': 2 });
    expect(layouts).toContainEqual({ '7g.80gb': 1 });
    expect(layouts).not.toContainEqual({ '3g.40gb': 2, '1g.10gb': 1 });
  });

  it('scales compute by SMs where reported (A100 3g = 42 of 108 SMs) and by slices where not, saying so', () => {
    const a3g = gpu('A100-80GB').profiles.find((p) => p.name === '3g.40gb');
    expect(a3g?.computeFraction).toBeCloseTo(42 / 108, 4);
    expect(a3g?.memoryBandwidthFraction).toBe(0.5);
    expect(a3g?.priceShare).toBe(0.5);
    expect(a3g?.estimated).toEqual([]);
    const pcie3g = gpu('H100-PCIe').profiles.find((p) => p.name === '3g.40gb');
    expect(pcie3g?.computeFraction).toBeCloseTo(3 / 7, 4);
    expect(pcie3g?.estimated.some((e) => e.startsWith('computeFraction'))).toBe(true);
  });

  it('reports a shipped layout that does not place', () => {
    const broken = structuredClone(raw);
    broken.gpus[1].knownValidLayouts.push({ name: 'bad', profiles: { '4g.40gb': 2 } });
    const result = parseMigFile(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.code).toBe('mig-layout-invalid');
  });
});
