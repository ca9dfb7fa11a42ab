import { describe, expect, it } from 'vitest';
import { latencySpotImpact } from './spot-serving.js';

describe('a latency-SLO fleet on spot capacity', () => {
  it('2 instances at 0.2 interruptions/h and 10 minutes to replace one: out 1/31, SLO at risk 6.35 %', () => {
    const e = latencySpotImpact(2, 0.296, { interruptionsPerHour: 0.2, restartSeconds: 600 });
    // Hand-worked: λR = 0.2/h × 1/6 h = 1/30; out λR/(1 + λR) = 1/31 = 3.226 %.
    expect(e.instanceDownFraction).toBeCloseTo(1 / 31, 15);
    // The fleet is the fewest that met the targets: any instance out puts the SLO at risk, 1 − (30/31)².
    expect(e.sloAtRiskFraction).toBeCloseTo(0.0634755, 7);
    // One spare: 3 instances at $0.296/h = $0.888/h, at risk only with two or more out: 91/29,791 = 0.3055 %.
    expect(e.withOneSpare).toEqual({
      instances: 3,
      fleetUsdPerHour: expect.closeTo(0.888, 12),
      sloAtRiskFraction: expect.closeTo(0.0030546, 7),
    });
    expect(e).toMatchObject({ interruptionsPerHour: 0.2, replacementSeconds: 600 });
  });

  it('with no replacement time an interruption costs nothing: no risk', () => {
    const e = latencySpotImpact(5, 1, { interruptionsPerHour: 3, restartSeconds: 0 });
    expect(e.sloAtRiskFraction).toBe(0);
    expect(e.withOneSpare.sloAtRiskFraction).toBe(0);
  });
});
