import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { energyFigures, facilityKwh } from './energy.js';

describe('energyFigures', () => {
  it('turns 240 W at 1000 tokens/s into J/token, kWh, $ and g CO2e per million tokens (hand-worked)', () => {
    const e = energyFigures(240, 1000, 800, { electricityUsdPerKwh: 0.12, pue: 1.1, gridGco2PerKwh: 400 });
    expect(e.joulesPerToken).toBeCloseTo(0.24, 12);
    expect(e.joulesPerOutputToken).toBeCloseTo(0.3, 12);
    // 0.24 J × 10⁶ tokens × 1.1 / 3.6e6 J/kWh
    expect(e.facilityKwhPerMillionTokens).toBeCloseTo(0.073333, 6);
    expect(e.energyUsdPerMillionTokens).toBeCloseTo(0.0088, 6);
    expect(e.gco2PerMillionTokens).toBeCloseTo(29.3333, 4);
    expect(e.energyUsdPerHour).toBeCloseTo(0.03168, 8);
  });

  it('gives no emissions when the grid intensity is unknown', () => {
    expect(
      energyFigures(240, 1000, 800, { electricityUsdPerKwh: 0.12, pue: 1 }).gco2PerMillionTokens,
    ).toBeNull();
  });

  it('reproduces OASIS Table 3: 239.4 W at 914.8 tok/s is 261.7 mJ/tok', () => {
    expect(
      energyFigures(239.4, 914.8, 914.8, { electricityUsdPerKwh: 0.12, pue: 1 }).joulesPerToken,
    ).toBeCloseTo(0.2617, 4);
  });

  it('scales linearly in PUE, price and intensity (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        (watts, tps, pue) => {
          const one = energyFigures(watts, tps, tps, {
            electricityUsdPerKwh: 0.1,
            pue: 1,
            gridGco2PerKwh: 100,
          });
          const more = energyFigures(watts, tps, tps, {
            electricityUsdPerKwh: 0.1,
            pue,
            gridGco2PerKwh: 100,
          });
          expect(more.energyUsdPerMillionTokens).toBeCloseTo(one.energyUsdPerMillionTokens * pue, 9);
          expect(more.gco2PerMillionTokens as number).toBeCloseTo(
            (one.gco2PerMillionTokens as number) * pue,
            6,
          );
        },
      ),
    );
  });
});

describe('facilityKwh', () => {
  it('is watts × hours × PUE / 1000: 250 W for 2 h at PUE 1.2 is 0.6 kWh', () => {
    expect(facilityKwh(250, 7200, 1.2)).toBeCloseTo(0.6, 12);
  });
});
