import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { buildRecommendRequest } from './build-recommend-request.js';

const BATCH = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: '512',
  outputTokens: '256',
  batchSize: '32',
  sloTps: '100',
};

function built(raw: Record<string, unknown>) {
  const r = buildRecommendRequest({ ...BATCH, ...raw }, fsPlannerData);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('reserved prices say which term they are and where they came from', () => {
  it('AWS’s catalog: its one reserved rate, taken to be 1-year no-upfront', () => {
    const { settings, request } = built({ cloud: 'aws', pricing: 'reserved' });
    expect(settings.reservedPrices).toMatch(/^aws: 1-year no-upfront standard .*catalog as of 2026-01-21$/);
    const g5 = request.catalog.instances.find((i) => i.id === 'g5.xlarge')?.prices[0];
    expect(g5?.reservedUsdPerHour).toBeLessThan(g5?.onDemandUsdPerHour ?? 0);
  });

  it('a cloud without reserved prices says so and how to give them', () => {
    const { settings } = built({ cloud: 'gcp', pricing: 'reserved' });
    expect(settings.reservedPrices).toBe(
      'gcp: none in the catalog (give reservedDiscount for your commitment)',
    );
  });

  it('your discount replaces every reserved price: 37 % off g2-standard-4’s $0.70683/h on-demand price is $0.4453029/h', () => {
    const { settings, request } = built({ cloud: 'gcp', pricing: 'reserved', reservedDiscount: '0.37' });
    expect(settings.reservedPrices).toContain('on-demand × (1 − 0.37)');
    for (const i of request.catalog.instances)
      for (const p of i.prices) expect(p.reservedUsdPerHour).toBeCloseTo(p.onDemandUsdPerHour * 0.63, 12);
    const g2 = request.catalog.instances.find((i) => i.id === 'g2-standard-4');
    const price = g2?.prices.find((p) => p.region === 'us-central1');
    expect(price?.onDemandUsdPerHour).toBe(0.70683);
    expect(price?.reservedUsdPerHour).toBeCloseTo(0.4453029, 9);
  });

  it('refuses a discount without reserved pricing, or of 100 % or more, naming the field', () => {
    for (const raw of [{ reservedDiscount: '0.3' }, { pricing: 'reserved', reservedDiscount: '1.2' }]) {
      const r = buildRecommendRequest({ ...BATCH, cloud: 'gcp', ...raw }, fsPlannerData);
      expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
        ['invalid-option', 'reservedDiscount'],
      ]);
    }
  });
});
