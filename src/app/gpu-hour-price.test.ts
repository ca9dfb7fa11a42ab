import { describe, expect, it } from 'vitest';
import type { Catalog } from '../core/instance-type.js';
import { resolveGpuHourPrice } from './gpu-hour-price.js';

const catalog = {
  id: 'test',
  asOf: '2026-01-01',
  defaultRegion: 'r1',
  instances: [
    { id: 'two', gpuId: 'A100-80GB', gpuCount: 2, prices: [{ region: 'r1', onDemandUsdPerHour: 6 }] },
    { id: 'one', gpuId: 'A100-80GB', gpuCount: 1, prices: [{ region: 'r1', onDemandUsdPerHour: 4 }] },
  ],
} as unknown as Catalog;

describe('resolveGpuHourPrice', () => {
  it('takes the given $/h over the catalog and says it was given', () => {
    const r = resolveGpuHourPrice(1.5, catalog, 'A100-80GB', 'usdPerGpuHour');
    expect(r).toEqual({
      ok: true,
      value: { usdPerHour: 1.5, source: 'usdPerGpuHour (given)' },
      warnings: [],
    });
  });

  it('falls back to the cheapest catalog instance per GPU ($6/h ÷ 2 GPUs = $3/h beats $4/h)', () => {
    const r = resolveGpuHourPrice(undefined, catalog, 'A100-80GB', 'usdPerGpuHour');
    expect(r.ok && r.value.usdPerHour).toBe(3);
  });

  it('reports a missing-option problem on the given path when neither exists', () => {
    const r = resolveGpuHourPrice(undefined, catalog, 'H100-SXM', 'usdPerGpuHour');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'missing-option', path: 'usdPerGpuHour' });
  });
});
