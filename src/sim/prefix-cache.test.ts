import { describe, expect, it } from 'vitest';
import { recordingTimer } from './fixtures/recording-timer.js';
import { TINY_REPLICA, TINY_TIMER } from './fixtures/tiny-replica.js';
import { tinyWorkload } from './fixtures/tiny-workload.js';
import { simulate } from './simulate.js';

const timer = TINY_TIMER;

const replica = TINY_REPLICA;

describe('simulate: prefix caching', () => {
  const shared = (at: number, prefix: number[]) => ({ at, input: 100, output: 2, prefix });

  it('a request repeating cached hash ids skips those prompt tokens', () => {
    const rec = recordingTimer(timer);
    const r = simulate({
      workload: tinyWorkload([shared(0, [7, 8, 9]), shared(10, [7, 8, 9]), shared(20, [7, 8, 10])], 32),
      replicas: 1,
      replica: { ...replica, prefixCaching: true, stepTimer: rec },
      router: 'round-robin',
      seed: 1,
    });
    // 32-token hash blocks = 2 KV blocks each; three full ones cover 96 tokens.
    expect([...r.requests.prefixHitTokens]).toEqual([0, 96, 64]);
    expect(r.requests.ttftSeconds[1]).toBeCloseTo(0.01 + 0.004, 12);
    const second = rec.steps.find((s) => s.prefillTokens === 4);
    expect(second?.prefillAttentionTokenPairs).toBe(4 * (96 + 2));
    expect(r.summary.prefixCache).toEqual({ hitTokens: 160, promptTokens: 300, hitRate: 160 / 300 });
  });

  it('does nothing when switched off', () => {
    const r = simulate({
      workload: tinyWorkload([shared(0, [7, 8, 9]), shared(10, [7, 8, 9])], 32),
      replicas: 1,
      replica,
      router: 'round-robin',
      seed: 1,
    });
    expect(r.summary.prefixCache.hitTokens).toBe(0);
  });

  it("evicts unreferenced cached blocks when space runs out, a prefix's tail first, so its head can still hit", () => {
    const r = simulate({
      workload: tinyWorkload(
        [
          shared(0, [1, 2, 3]),
          { at: 10, input: 140, output: 2, prefix: [4, 5, 6, 11] },
          shared(20, [1, 2, 3]),
        ],
        32,
      ),
      replicas: 1,
      replica: { ...replica, prefixCaching: true, kvBlocks: 12 },
      router: 'round-robin',
      seed: 1,
    });
    // The second request needs 9 of 12 blocks: 5 are free, and the first request's groups 3 and 2 go;
    // the third hits group 1 and makes room by evicting the second request's last two groups.
    expect(r.summary.prefixCacheEvictions).toBe(4);
    expect(r.requests.prefixHitTokens[2]).toBe(32);
    expect(r.summary.completed).toBe(3);
  });
});
