import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearStepTimer } from './fixtures/linear-step-timer.js';
import { tinyWorkload } from './fixtures/tiny-workload.js';
import { simulate } from './simulate.js';
import type { ReplicaConfig, SimulationInput } from './simulation-input.js';
import { REQUEST_OUTCOME, type SimulationResult } from './simulation-result.js';
import type { Workload } from './workload.js';

const timer = linearStepTimer({
  baseSeconds: 0.01,
  secondsPerToken: 1e-4,
  secondsPerContextToken: 1e-6,
  secondsPerAttentionPair: 1e-8,
  secondsPerTransferByte: 1e-9,
});

const request = fc.record({
  at: fc.integer({ min: 0, max: 4000 }).map((ms) => ms / 1000),
  input: fc.integer({ min: 1, max: 600 }),
  output: fc.integer({ min: 1, max: 60 }),
  prefix: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 18 }),
});
const requests = fc.array(request, { minLength: 1, maxLength: 30 });

const config = fc.record({
  maxNumSeqs: fc.integer({ min: 1, max: 16 }),
  maxNumBatchedTokens: fc.integer({ min: 16, max: 2048 }),
  chunkedPrefill: fc.boolean(),
  kvBlocks: fc.integer({ min: 40, max: 300 }),
  preemption: fc.constantFrom('recompute' as const, 'swap' as const),
  hostKvBlocks: fc.integer({ min: 0, max: 100 }),
  prefixCaching: fc.boolean(),
});

function input(
  workload: Workload,
  c: Omit<ReplicaConfig, 'stepTimer' | 'blockTokens' | 'kvBlockBytes'>,
  replicas = 1,
  router: SimulationInput['router'] = 'round-robin',
): SimulationInput {
  return {
    workload,
    replicas,
    replica: { ...c, stepTimer: timer, blockTokens: 16, kvBlockBytes: 4096 },
    router,
    seed: 7,
  };
}

const p95 = (r: SimulationResult) => r.summary.e2eSeconds?.p95 ?? 0;

/**
 * Configurations for the monotonicity properties: KV for maxNumSeqs of the longest possible sequence
 * (42 blocks of 16 ≥ 600 + 60 tokens), so nothing is ever preempted, and no prefix cache. Outside this
 * domain the properties are false for real reasons, not bugs: with tight KV, a second replica can put two
 * large requests side by side where one replica would have queued one of them, and they preempt each
 * other (see "more replicas can be slower under KV pressure" in simulate.test.ts); with prefix caching,
 * more replicas split the cache and lower the hit rate.
 */
const roomyConfig = fc
  .record({
    maxNumSeqs: fc.integer({ min: 1, max: 16 }),
    maxNumBatchedTokens: fc.integer({ min: 16, max: 2048 }),
    chunkedPrefill: fc.boolean(),
  })
  .map((c) => ({
    ...c,
    kvBlocks: 42 * c.maxNumSeqs,
    preemption: 'recompute' as const,
    hostKvBlocks: 0,
    prefixCaching: false,
  }));

/**
 * Tolerance for the monotonicity properties: one longest possible step of the configuration (a full
 * token budget of prompt plus maxNumSeqs decodes at the longest context). Continuous batching is not
 * monotone step by step: a change in load moves step boundaries, so a request can arrive just after a
 * boundary instead of just before one and wait out a step, or find another request's prompt chunk in
 * one of its steps. Over 30,000 random cases in this domain the worst violations were 0.47 (more
 * replicas) and 0.44 (higher rate) of this step; a real regression (a request routed wrongly, starved
 * or serialised) costs many steps.
 */
function oneLongestStep(c: { maxNumBatchedTokens: number; maxNumSeqs: number }): number {
  return timer.stepSeconds({
    prefillTokens: c.maxNumBatchedTokens,
    prefillSequences: 1,
    prefillAttentionTokenPairs: c.maxNumBatchedTokens ** 2 / 2,
    decodeSequences: c.maxNumSeqs,
    decodeContextTokens: c.maxNumSeqs * 660,
    hostToDeviceBytes: 0,
    deviceToHostBytes: 0,
  });
}

describe('simulate: properties', () => {
  it('the decode fast path gives exactly the results of the plain per-request loop', () => {
    fc.assert(
      fc.property(requests, config, fc.integer({ min: 1, max: 3 }), (reqs, c, replicas) => {
        const i = input(tinyWorkload(reqs, 32), c, replicas, 'least-outstanding-tokens');
        const fast = simulate(i);
        const plain = simulate(i, { lazyDecode: false });
        expect(JSON.stringify(fast.summary)).toBe(JSON.stringify(plain.summary));
        expect([...fast.requests.e2eSeconds]).toEqual([...plain.requests.e2eSeconds]);
        expect([...fast.requests.ttftSeconds]).toEqual([...plain.requests.ttftSeconds]);
      }),
      { numRuns: 50 },
    );
  });

  it('every request completes or is rejected, KV never overflows, and latencies are ordered', () => {
    fc.assert(
      fc.property(requests, config, (reqs, c) => {
        const r = simulate(input(tinyWorkload(reqs, 32), c));
        const { outcome, queueingSeconds: q, ttftSeconds: ttft, e2eSeconds: e2e } = r.requests;
        expect(r.summary.completed + r.summary.rejected).toBe(reqs.length);
        expect(r.summary.kvBlockUtilisation.max).toBeLessThanOrEqual(1);
        let preemptions = 0;
        for (let i = 0; i < reqs.length; i++) {
          preemptions += r.requests.preemptions[i] as number;
          if (outcome[i] !== REQUEST_OUTCOME.completed) continue;
          expect(q[i]).toBeGreaterThanOrEqual(0);
          expect(ttft[i]).toBeGreaterThan(q[i] as number);
          expect(e2e[i]).toBeGreaterThanOrEqual(ttft[i] as number);
        }
        expect(preemptions).toBe(r.summary.preemptions);
        expect(r.summary.preemption.hostToDeviceBytes).toBe(r.summary.preemption.deviceToHostBytes);
      }),
      { numRuns: 50 },
    );
  });

  it('with room in KV, doubling the replicas (round robin) never raises P95 e2e by more than one longest step', () => {
    fc.assert(
      fc.property(requests, roomyConfig, fc.constantFrom(1, 2), (reqs, c, replicas) => {
        const w = tinyWorkload(reqs);
        const fewer = simulate(input(w, c, replicas));
        const more = simulate(input(w, c, 2 * replicas));
        expect(p95(more)).toBeLessThanOrEqual(p95(fewer) + oneLongestStep(c));
      }),
      { numRuns: 40 },
    );
  });

  it('with room in KV, compressing the trace in time (a higher rate) never lowers P95 e2e by more than one longest step', () => {
    fc.assert(
      fc.property(requests, roomyConfig, fc.constantFrom(0.25, 0.5, 0.8), (reqs, c, factor) => {
        const w = tinyWorkload(reqs);
        const faster: Workload = { ...w, arrivalSeconds: w.arrivalSeconds.map((t) => t * factor) };
        const base = simulate(input(w, c));
        const compressed = simulate(input(faster, c));
        expect(p95(compressed)).toBeGreaterThanOrEqual(p95(base) - oneLongestStep(c));
      }),
      { numRuns: 40 },
    );
  });
});
