import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { describeIssue } from '../messages/messages.js';
import { buildRecommendRequest } from './build-recommend-request.js';
import { recommend } from './recommend.js';

const EXAMPLE = {
  model: 'facebook/opt-2.7b',
  inputTokens: '128',
  outputTokens: '512',
  batchSize: '32',
  requests: '3000',
  maxPrice: '3',
};

function run(raw: Record<string, unknown>) {
  const built = buildRecommendRequest({ ...EXAMPLE, ...raw }, fsPlannerData);
  if (!built.ok) throw new Error(JSON.stringify(built.issues));
  return { result: recommend(built.value.request), settings: built.value.settings };
}

const atMargin = (c: { uncertainty?: unknown }) => {
  const u = c.uncertainty as { available: boolean; bands?: { tokensPerSecondAtMargin: number } };
  return u.available ? u.bands?.tokensPerSecondAtMargin : undefined;
};

describe('recommend --margin', () => {
  it('defaults to p90 and says so in the settings', () => {
    expect(run({ sloTps: '400' }).settings.margin).toBe('p90');
  });

  it('p90: every candidate meets the SLO at the p90 edge of its band, not only at its point prediction', () => {
    const { result } = run({ sloTps: '400' });
    expect(result.candidates.length).toBeGreaterThan(0);
    for (const c of result.candidates) {
      expect(c.uncertainty?.available).toBe(true);
      expect(atMargin(c)).toBeGreaterThanOrEqual(400);
      expect(atMargin(c)).toBeLessThanOrEqual(c.tokensPerSecond);
    }
  });

  it('rejects an instance that meets the SLO at its point prediction but not at its p90 edge, and says so', () => {
    // The point pick under --margin none, with an SLO between its p90-edge TPS and its point TPS.
    const point = run({ sloTps: '400', margin: 'none' }).result.pick;
    const u = point?.uncertainty;
    // The band's slow edge is the p90 edge: the TPS --margin p90 checks.
    const edge = u?.available ? u.bands?.tokensPerSecond.low : undefined;
    if (!point || edge === undefined) throw new Error('no pick with a band');
    expect(edge).toBeLessThan(point.tokensPerSecond);
    const slo = (edge + point.tokensPerSecond) / 2;
    const loose = run({ sloTps: String(slo), margin: 'none' }).result;
    expect(loose.candidates.map((c) => c.instance)).toContain(point.instance);
    const strict = run({ sloTps: String(slo) }).result;
    expect(strict.candidates.map((c) => c.instance)).not.toContain(point.instance);
    const rejection = strict.rejected.find((r) => r.instance === point.instance);
    expect(rejection?.reason).toMatchObject({
      code: 'misses-slo',
      details: { margin: 'p90', tokensPerSecond: point.tokensPerSecond },
    });
    expect(rejection && describeIssue(rejection.reason)).toMatch(/at its p90 margin .* point prediction/);
  });

  it('refuses an unknown margin naming the flag and the choices', () => {
    const built = buildRecommendRequest({ ...EXAMPLE, sloTps: '400', margin: 'p99' }, fsPlannerData);
    expect(built.ok).toBe(false);
    expect(!built.ok && built.issues[0]).toMatchObject({ path: 'margin' });
    expect(!built.ok && built.issues[0]?.message).toMatch(/none, p50, p90/);
  });
});
