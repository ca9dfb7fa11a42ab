import { describe, expect, it } from 'vitest';
import { resolveEnergyPrices } from './energy-prices.js';

const source = { title: 'Cloud Carbon Footprint PUE_AVG' };
const facts = {
  pue: [{ provider: 'aws', region: '*', pue: 1.135, source }],
  gridIntensity: [],
} as unknown as Parameters<typeof resolveEnergyPrices>[0];

describe('resolveEnergyPrices', () => {
  it("uses the provider's average PUE where the data has one", () => {
    const p = resolveEnergyPrices(
      facts,
      { provider: 'aws', region: 'us-east-1' },
      { electricityUsdPerKwh: 0.12 },
    );
    expect(p.pue).toBe(1.135);
    expect(p.pueSource).toContain('aws average');
  });

  it('names the cloud with no PUE source instead of calling its instances bare GPUs', () => {
    const p = resolveEnergyPrices(
      facts,
      { provider: 'lambda', region: 'us-east-1' },
      { electricityUsdPerKwh: 0.12 },
    );
    expect(p.pue).toBe(1);
    expect(p.pueSource).toBe('none known for lambda: 1 (GPU energy only; set --pue for facility energy)');
  });

  it('says bare GPUs when there is no provider, and the flag wins over everything', () => {
    expect(resolveEnergyPrices(facts, {}, { electricityUsdPerKwh: 0.12 }).pueSource).toMatch(/bare GPUs/);
    const flagged = resolveEnergyPrices(facts, { provider: 'aws' }, { electricityUsdPerKwh: 0.12, pue: 1.4 });
    expect(flagged).toMatchObject({ pue: 1.4, pueSource: '--pue' });
  });
});
