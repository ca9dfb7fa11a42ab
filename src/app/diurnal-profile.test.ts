import { describe, expect, it } from 'vitest';
import { diurnalExpectedRequests, diurnalRate, diurnalWindows } from './diurnal-profile.js';

const profile = { meanRequestsPerSecond: 10, amplitude: 0.5, peakHour: 14, days: 2 };

describe('diurnal profile: rate(t) = mean × (1 + amplitude × cos(2π (t − peak) / 24 h))', () => {
  it('peaks at mean × (1 + amplitude) at the peak hour and bottoms at mean × (1 − amplitude) twelve hours on', () => {
    expect(diurnalRate(profile, 14 * 3600)).toBeCloseTo(15, 12);
    expect(diurnalRate(profile, 26 * 3600)).toBeCloseTo(5, 12);
    expect(diurnalRate(profile, 8 * 3600)).toBeCloseTo(10, 12); // a quarter day before the peak: the mean
  });

  it('integrates to mean × 86 400 requests over any whole day, and to its closed form over part of one', () => {
    expect(diurnalExpectedRequests(profile, 0, 86_400)).toBeCloseTo(864_000, 6);
    expect(diurnalExpectedRequests(profile, 5000, 91_400)).toBeCloseTo(864_000, 6);
    // 13:00–15:00, symmetric about the peak: 10 × (7200 + 0.5 × 86 400 / π × sin(π/12)) ≈ 75 560.
    const closed = 10 * (7200 + ((0.5 * 86_400) / Math.PI) * Math.sin(Math.PI / 12));
    expect(diurnalExpectedRequests(profile, 13 * 3600, 15 * 3600)).toBeCloseTo(closed, 6);
  });

  it('cuts the days into windows of Poisson counts, the same for the same seed, near the expected counts', () => {
    const a = diurnalWindows(profile, 3600, 1);
    const b = diurnalWindows(profile, 3600, 1);
    expect(a).toHaveLength(48);
    expect(a).toEqual(b);
    expect(diurnalWindows(profile, 3600, 2)).not.toEqual(a);
    for (const w of a) {
      const mean = diurnalExpectedRequests(profile, w.startSeconds, w.endSeconds);
      expect(Math.abs(w.requests - mean)).toBeLessThan(6 * Math.sqrt(mean)); // 6 σ
    }
    const total = a.reduce((s, w) => s + w.requests, 0);
    expect(Math.abs(total - 1_728_000)).toBeLessThan(6 * Math.sqrt(1_728_000));
  });

  it('ends the last window at the profile’s end, and draws small counts exactly (mean below 30)', () => {
    const w = diurnalWindows({ ...profile, days: 0.05, meanRequestsPerSecond: 0.001 }, 3600, 3);
    expect(w).toHaveLength(2);
    expect(w[1]?.endSeconds).toBe(4320);
    for (const x of w) expect(Number.isInteger(x.requests) && x.requests >= 0).toBe(true);
  });
});
