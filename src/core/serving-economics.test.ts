import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiUsdPerMonth,
  blendedUsdPerMillionTokens,
  breakEven,
  breakEvenAcross,
  cheapestFleetFor,
  replicasFor,
  type SelfHostFleet,
  selfHostUsdPerMonth,
  usdPerMillionByStage,
  usdPerMillionTokens,
} from './serving-economics.js';

describe('self-host vs API economics (inference-cost-optimization seed, corrected)', () => {
  it("reproduces the seed's A100 example: $3.50/h at 1,000 tokens/s is $0.97 per million tokens", () => {
    // 3.50 / (1000 × 3600) × 10^6 = 0.97222…
    expect(usdPerMillionTokens(3.5, 1000)).toBeCloseTo(0.9722, 4);
  });

  it("corrects the seed's break-even by 1000×: $2,520/month ÷ $0.90/M = 2.8 billion tokens/month, not 2.8 million", () => {
    // $3.50/h × 720 h = $2,520 a month, the seed's figure; capacity large enough that one replica suffices.
    const fleet: SelfHostFleet = { replicaUsdPerHour: 3.5, replicaTokensPerMonth: 10e9, hoursPerMonth: 720 };
    const result = breakEven(fleet, 0.9);
    expect(result.replicaUsdPerMonth).toBe(2520);
    expect(result.firstTokensPerMonth).toBeCloseTo(2.8e9, -3);
  });

  it("shows the seed's own A100 never breaks even: at 1,000 tokens/s it serves 2.59 billion tokens in 720 h, below 2.8 billion", () => {
    const fleet: SelfHostFleet = {
      replicaUsdPerHour: 3.5,
      replicaTokensPerMonth: 1000 * 3600 * 720,
      hoursPerMonth: 720,
    };
    const result = breakEven(fleet, 0.9);
    expect(fleet.replicaTokensPerMonth).toBe(2.592e9);
    expect(result.firstTokensPerMonth).toBeUndefined();
    expect(result.fullLoadUsdPerMillionTokens).toBeCloseTo(0.9722, 4);
  });

  it('apportions prefill time to input tokens and decode time to output tokens', () => {
    // $3.60/h = $0.001/s; 2 s prefill over 10,000 input tokens, 8 s decode over 2,000 output tokens.
    const split = usdPerMillionByStage(3.6, {
      prefillSeconds: 2,
      decodeSeconds: 8,
      inputTokens: 10_000,
      outputTokens: 2_000,
    });
    expect(split.inputUsdPerMillionTokens).toBeCloseTo(0.2, 10); // $0.002 / 10,000 × 10^6
    expect(split.outputUsdPerMillionTokens).toBeCloseTo(4, 10); // $0.008 / 2,000 × 10^6
  });

  it('blends an API price by the token mix: 1,000 in at $0.50/M + 250 out at $1.50/M = $0.70/M', () => {
    expect(blendedUsdPerMillionTokens(0.5, 1.5, 1000, 250)).toBeCloseTo(0.7, 12);
  });

  it('finds the gaps between replica steps: P = $1,000, C = 1.5 B tokens, API $1/M', () => {
    // One replica cheaper on [1.0 B, 1.5 B]; two cost $2,000 = API at 2.0 B, so the gap (1.5 B, 2.0 B)
    // favours the API; two replicas cheaper on [2.0 B, 3.0 B]; three on [3.0 B, 4.5 B]: no more gaps.
    const fleet: SelfHostFleet = {
      replicaUsdPerHour: 1000 / 730,
      replicaTokensPerMonth: 1.5e9,
      hoursPerMonth: 730,
    };
    const result = breakEven(fleet, 1);
    expect(result.firstTokensPerMonth).toBeCloseTo(1e9, -3);
    expect(result.alwaysTokensPerMonth).toBeCloseTo(2e9, -3);
    expect(selfHostUsdPerMonth(fleet, 1.7e9)).toBeCloseTo(2000, 6);
    expect(apiUsdPerMonth(1, 1.7e9)).toBeCloseTo(1700, 6);
  });

  it('self-hosting is never dearer than the API above the always-cheaper volume (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 1e7, max: 1e10, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        (usdPerHour, capacity, apiPrice, multiple) => {
          const fleet: SelfHostFleet = {
            replicaUsdPerHour: usdPerHour,
            replicaTokensPerMonth: capacity,
            hoursPerMonth: 730,
          };
          const result = breakEven(fleet, apiPrice);
          if (result.alwaysTokensPerMonth === undefined) return;
          const volume = result.alwaysTokensPerMonth * multiple;
          expect(selfHostUsdPerMonth(fleet, volume)).toBeLessThanOrEqual(
            apiUsdPerMonth(apiPrice, volume) * (1 + 1e-9),
          );
        },
      ),
    );
  });

  it('keeps at least one replica running and adds one per full replica of volume', () => {
    const fleet: SelfHostFleet = { replicaUsdPerHour: 1, replicaTokensPerMonth: 100, hoursPerMonth: 730 };
    expect(replicasFor(fleet, 0)).toBe(1);
    expect(replicasFor(fleet, 100)).toBe(1);
    expect(replicasFor(fleet, 101)).toBe(2);
  });
});

describe('break-even across instance types', () => {
  it('takes the smaller type first and lets a second type close the first one’s gaps', () => {
    // A: $1,000/month, 1.5 B tokens; B: $3,000/month, 10 B tokens; API $1/M.
    // A wins on [1.0, 1.5] B, then [2.0, 3.0] B, [3.0, 4.5] B…; B wins from 3.0 B on, so the run is unbroken from 2.0 B.
    const a: SelfHostFleet = {
      replicaUsdPerHour: 1000 / 730,
      replicaTokensPerMonth: 1.5e9,
      hoursPerMonth: 730,
    };
    const b: SelfHostFleet = {
      replicaUsdPerHour: 3000 / 730,
      replicaTokensPerMonth: 10e9,
      hoursPerMonth: 730,
    };
    const result = breakEvenAcross([b, a], 1);
    expect(result.firstFleet).toBe(1);
    expect(result.firstTokensPerMonth).toBeCloseTo(1e9, -3);
    expect(result.alwaysTokensPerMonth).toBeCloseTo(2e9, -3);
    expect(cheapestFleetFor([b, a], 1.2e9)).toMatchObject({ fleet: 1, replicas: 1 });
    expect(cheapestFleetFor([b, a], 5e9)).toMatchObject({ fleet: 0, replicas: 1 });
  });

  it('never breaks even when every type costs more per token than the API at full load', () => {
    const a: SelfHostFleet = { replicaUsdPerHour: 3.5, replicaTokensPerMonth: 2.592e9, hoursPerMonth: 720 };
    expect(breakEvenAcross([a], 0.9)).toEqual({});
  });
});
