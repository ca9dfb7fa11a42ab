import { describe, expect, it } from 'vitest';
import { activityRecorder, recordActivity } from './activity-recorder.js';
import { TINY_REPLICA } from './fixtures/tiny-replica.js';
import { type TinyRequest, tinyWorkload } from './fixtures/tiny-workload.js';
import { simulate } from './simulate.js';

const replica = TINY_REPLICA;

const requests: TinyRequest[] = Array.from({ length: 30 }, (_, k) => ({
  at: k * 2,
  input: k % 2 === 0 ? 100 : 800,
  output: k % 3 === 0 ? 20 : 300,
}));

const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

describe('activity per window', () => {
  it('counts a step in the window it starts in, clamping steps outside the windows to the first or last', () => {
    const rec = activityRecorder({ startSeconds: 10, windowSeconds: 5, count: 3 }, 2);
    recordActivity(rec, 0, 12, 0.5, true);
    recordActivity(rec, 0, 16, 0.25, false);
    recordActivity(rec, 1, 3, 1, false); // before the first window
    recordActivity(rec, 1, 99, 2, true); // after the last
    expect([...(rec.pools[0]?.stepSeconds ?? [])]).toEqual([0.5, 0.25, 0]);
    expect([...(rec.pools[0]?.promptStepSeconds ?? [])]).toEqual([0.5, 0, 0]);
    expect([...(rec.pools[1]?.stepSeconds ?? [])]).toEqual([1, 0, 2]);
    expect([...(rec.pools[1]?.promptStepSeconds ?? [])]).toEqual([0, 0, 2]);
  });

  it("a simulation's windows add up to its busy time, per pool of a fleet", () => {
    const result = simulate({
      workload: tinyWorkload(requests),
      replicas: 1,
      replica,
      fleet: {
        pools: [
          { name: 'short in', replica, queryTypes: ['SISO', 'SILO'] },
          { name: 'long in', replica, queryTypes: ['LISO', 'LILO'] },
        ],
        steps: [{ atSeconds: 0, counts: [1, 1] }],
      },
      router: 'least-outstanding-tokens',
      queryTypeThresholdTokens: 500,
      activityWindows: { startSeconds: 0, windowSeconds: 20, count: 3 },
      seed: 1,
    });
    const pools = result.activity ?? [];
    expect(pools).toHaveLength(2);
    const busy = pools.reduce((a, p) => a + sum(p.stepSeconds), 0);
    const prompt = pools.reduce((a, p) => a + sum(p.promptStepSeconds), 0);
    expect(busy).toBeCloseTo(result.summary.busy.stepSeconds, 9);
    expect(prompt).toBeCloseTo(result.summary.busy.promptStepSeconds, 9);
    for (const p of pools) {
      expect(sum(p.stepSeconds)).toBeGreaterThan(0);
      for (let k = 0; k < 3; k++)
        expect(p.promptStepSeconds[k]).toBeLessThanOrEqual(p.stepSeconds[k] as number);
    }
  });

  it('a run without windows records none', () => {
    const result = simulate({
      workload: tinyWorkload(requests),
      replicas: 1,
      replica,
      router: 'least-outstanding-tokens',
      seed: 1,
    });
    expect(result.activity).toBeUndefined();
  });
});
