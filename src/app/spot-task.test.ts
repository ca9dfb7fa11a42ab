import { describe, expect, it } from 'vitest';
import { rankingFigures, spotTaskExpectation } from './spot-task.js';

const PER_SECOND = { kind: 'per-second', minimumSeconds: 60 } as const;

describe('a batch task on spot capacity', () => {
  // 100 requests of 100 in + 100 out, batch 10: 10 batches over 2 replicas = 5 rounds of one hour each.
  const task = { requests: 100, batchSize: 10, inputTokens: 100, outputTokens: 100 };

  it('5 one-hour rounds at 0.1 interruptions/h: 5 × (e^0.1 − 1)/0.1 h, billed by the second at $2/h', () => {
    const e = spotTaskExpectation(
      task,
      3600,
      2,
      2,
      PER_SECOND,
      { interruptionsPerHour: 0.1, restartSeconds: 0 },
      10,
    );
    // Hand-worked: (e^0.1 − 1)/0.1 = 1.051709181 h per round → 5.258545903 h = 18,930.765 s, billed 18,931 s.
    expect(e.expectedRunSeconds).toBeCloseTo(18_930.7652, 3);
    expect(e.expectedUsd).toBeCloseTo((18_931 / 3600) * 2, 9); // $10.517222…
    expect(e.expectedInterruptions).toBeCloseTo(5 * 0.105170918, 8);
    expect(e.uninterruptedProbability).toBeCloseTo(Math.exp(-0.5), 12);
    // 20,000 tokens over 18,930.765 s = 1.056481 TPS delivered, under the SLO of 10: all of it counts.
    expect(e.expectedTokensPerSecond).toBeCloseTo(1.0564813, 6);
    expect(e.expectedUsdPerMillionTokens).toBeCloseTo((10.5172222 / 20_000) * 1e6, 2);
    // Eq. 3 on expected figures: 1.0564813 × 3600 / $10.5172222 = 361.63 tokens per dollar.
    expect(e.expectedCostEfficiency).toBeCloseTo(361.628, 2);
  });

  it('counts only the SLO’s throughput in cost efficiency, as eq. 3 does', () => {
    const e = spotTaskExpectation(
      task,
      3600,
      2,
      2,
      PER_SECOND,
      { interruptionsPerHour: 0.1, restartSeconds: 0 },
      1,
    );
    // min(1.0564813, 1) × 3600 / $10.5172222 = 342.296.
    expect(e.expectedCostEfficiency).toBeCloseTo(342.296, 2);
  });

  it('a restart adds its time once per expected interruption: 6 minutes each', () => {
    const e = spotTaskExpectation(
      task,
      3600,
      2,
      2,
      PER_SECOND,
      { interruptionsPerHour: 0.1, restartSeconds: 360 },
      10,
    );
    // 5 × 0.105170918 × 0.1 h = 0.0525855 h on top of 5.2585459 h.
    expect(e.expectedRunSeconds / 3600).toBeCloseTo(5.3111314, 6);
  });

  it('ranks on the expected figures where a candidate has them, else on its own', () => {
    const own = { costEfficiency: 500, tokensPerSecond: 2, priceUsdPerHour: 2 };
    expect(rankingFigures(own)).toBe(own);
    const spot = spotTaskExpectation(
      task,
      3600,
      2,
      2,
      PER_SECOND,
      { interruptionsPerHour: 0.1, restartSeconds: 0 },
      10,
    );
    expect(rankingFigures({ ...own, spot })).toEqual({
      costEfficiency: spot.expectedCostEfficiency,
      tokensPerSecond: spot.expectedTokensPerSecond,
      priceUsdPerHour: 2,
    });
  });
});
