import { describe, expect, it } from 'vitest';
import { recordingTimer } from './fixtures/recording-timer.js';
import { TINY_REPLICA, TINY_TIMER } from './fixtures/tiny-replica.js';
import { type TinyRequest, tinyWorkload } from './fixtures/tiny-workload.js';
import { simulate } from './simulate.js';
import type { ReplicaConfig, SimulationInput } from './simulation-input.js';
import { REJECTION_REASONS, REQUEST_OUTCOME } from './simulation-result.js';

/** 10 ms per step + 1 ms per token: a prompt of n tokens takes 0.01 + 0.001·n s, a decode step of b sequences 0.01 + 0.001·b s. */
const timer = TINY_TIMER;

const replica = TINY_REPLICA;

function run(
  requests: TinyRequest[],
  over: Partial<ReplicaConfig> = {},
  input: Partial<SimulationInput> = {},
) {
  return simulate({
    workload: tinyWorkload(requests),
    replicas: 1,
    replica: { ...replica, ...over },
    router: 'round-robin',
    seed: 1,
    ...input,
  });
}

describe('simulate: one replica, hand-worked', () => {
  it('a lone request: TTFT is one prefill step, e2e adds (output − 1) decode steps, TPOT is a decode step', () => {
    const r = run([{ at: 0, input: 100, output: 5 }]);
    expect(r.requests.ttftSeconds[0]).toBeCloseTo(0.01 + 0.1, 12); // 0.11
    expect(r.requests.e2eSeconds[0]).toBeCloseTo(0.11 + 4 * 0.011, 12); // 0.154
    expect(r.requests.tpotSeconds[0]).toBeCloseTo(0.011, 12);
    expect(r.requests.queueingSeconds[0]).toBe(0);
    expect(r.summary.steps).toBe(5);
    expect(r.summary.completed).toBe(1);
    expect(r.summary.makespanSeconds).toBeCloseTo(0.154, 12);
    expect(r.summary.throughput.outputTokensPerSecond).toBeCloseTo(5 / 0.154, 9);
    expect(r.summary.throughput.totalTokensPerSecond).toBeCloseTo(105 / 0.154, 9);
  });

  it('a one-token output has a TTFT and an e2e but no TPOT', () => {
    const r = run([{ at: 0, input: 100, output: 1 }]);
    expect(r.requests.e2eSeconds[0]).toBeCloseTo(0.11, 12);
    expect(r.requests.tpotSeconds[0]).toBeNaN();
    expect(r.summary.tpotSeconds).toBeNull();
  });

  it('steps carry the decode context: prompt + tokens so far, including the one being computed', () => {
    const rec = recordingTimer(timer);
    run([{ at: 0, input: 100, output: 4 }], { stepTimer: rec });
    expect(rec.steps.map((s) => [s.prefillTokens, s.decodeSequences, s.decodeContextTokens])).toEqual([
      [100, 0, 0],
      [0, 1, 101],
      [0, 1, 102],
      [0, 1, 103],
    ]);
    expect(rec.steps[0]?.prefillAttentionTokenPairs).toBe(100 * 50); // n²/2
  });

  it('two requests arriving together share their prefill step and every decode step', () => {
    const r = run([
      { at: 0, input: 100, output: 3 },
      { at: 0, input: 100, output: 3 },
    ]);
    const prefill = 0.01 + 0.2;
    const decode = 0.01 + 0.002;
    for (const i of [0, 1]) {
      expect(r.requests.ttftSeconds[i]).toBeCloseTo(prefill, 12);
      expect(r.requests.e2eSeconds[i]).toBeCloseTo(prefill + 2 * decode, 12);
    }
    expect(r.summary.batchSize).toEqual({ mean: 2, max: 2 });
  });

  it('a request arriving mid-step waits for the step to end, then joins the running decode', () => {
    const r = run([
      { at: 0, input: 100, output: 3 },
      { at: 0.05, input: 100, output: 1 },
    ]);
    // First step (A's prompt) ends at 0.11; the next has A's decode and B's prompt: 0.01 + 0.101.
    expect(r.requests.queueingSeconds[1]).toBeCloseTo(0.06, 12);
    expect(r.requests.ttftSeconds[1]).toBeCloseTo(0.11 + 0.111 - 0.05, 12);
    expect(r.requests.e2eSeconds[0]).toBeCloseTo(0.11 + 0.111 + 0.011, 12);
  });

  it('maxNumSeqs = 1 serves one request at a time: the second queues for the whole first', () => {
    const r = run(
      [
        { at: 0, input: 100, output: 5 },
        { at: 0, input: 100, output: 5 },
      ],
      { maxNumSeqs: 1 },
    );
    expect(r.requests.queueingSeconds[1]).toBeCloseTo(0.154, 12);
    expect(r.requests.ttftSeconds[1]).toBeCloseTo(0.154 + 0.11, 12);
    expect(r.summary.queueDepth.max).toBe(2);
  });
});

describe('simulate: chunked prefill', () => {
  it('splits a 1000-token prompt into 256-token chunks, each attending to the chunks before it', () => {
    const rec = recordingTimer(timer);
    const r = run([{ at: 0, input: 1000, output: 2 }], { maxNumBatchedTokens: 256, stepTimer: rec });
    expect(rec.steps.map((s) => s.prefillTokens)).toEqual([256, 256, 256, 232, 0]);
    expect(rec.steps.map((s) => s.prefillAttentionTokenPairs)).toEqual([
      256 * 128,
      256 * (256 + 128),
      256 * (512 + 128),
      232 * (768 + 116),
      0,
    ]);
    expect(r.requests.ttftSeconds[0]).toBeCloseTo(4 * 0.01 + 1.0, 12);
    expect(r.requests.e2eSeconds[0]).toBeCloseTo(1.04 + 0.011, 12);
  });

  it('lets a running decode share each step with the chunks of a long prompt', () => {
    const rec = recordingTimer(timer);
    run(
      [
        { at: 0, input: 10, output: 20 },
        { at: 0.015, input: 1000, output: 1 },
      ],
      { maxNumBatchedTokens: 256, stepTimer: rec },
    );
    const shared = rec.steps.filter((s) => s.prefillTokens > 0 && s.decodeSequences > 0);
    expect(shared.map((s) => s.prefillTokens)).toEqual([255, 255, 255, 235]);
  });

  it('without chunking a long prompt goes whole, and one longer than the budget is rejected', () => {
    const rec = recordingTimer(timer);
    const r = run(
      [
        { at: 0, input: 1000, output: 2 },
        { at: 0, input: 3000, output: 2 },
      ],
      { chunkedPrefill: false, stepTimer: rec },
    );
    expect(rec.steps[0]?.prefillTokens).toBe(1000);
    expect(r.requests.outcome[1]).toBe(REQUEST_OUTCOME.rejected);
    expect(r.summary.rejectedByReason['prompt-exceeds-token-budget']).toBe(1);
  });
});

describe('simulate: KV blocks and preemption', () => {
  const crowd: TinyRequest[] = [0, 1, 2, 3].map(() => ({ at: 0, input: 30, output: 40 }));

  it('recompute: with 10 blocks four growing requests preempt each other, and all still complete', () => {
    const r = run(crowd, { kvBlocks: 10 });
    expect(r.summary.preemption.recompute).toBeGreaterThan(0);
    expect(r.summary.preemptions).toBe(r.summary.preemption.recompute);
    expect(r.summary.completed).toBe(4);
    expect(r.summary.kvBlockUtilisation.max).toBeLessThanOrEqual(1);
    const roomy = run(crowd);
    expect(roomy.summary.preemptions).toBe(0);
    expect(r.summary.e2eSeconds?.max).toBeGreaterThan(roomy.summary.e2eSeconds?.max as number);
  });

  it('recompute preempts the most recently arrived request first', () => {
    const r = run(crowd, { kvBlocks: 10 });
    expect(r.requests.preemptions[0]).toBe(0);
    expect(r.requests.preemptions[3]).toBeGreaterThan(0);
  });

  it('swap: blocks go to host memory and back over PCIe, and every request completes', () => {
    const rec = recordingTimer(timer);
    const r = run(crowd, { kvBlocks: 10, preemption: 'swap', hostKvBlocks: 100, stepTimer: rec });
    expect(r.summary.preemption.swap).toBeGreaterThan(0);
    expect(r.summary.preemption.recompute).toBe(0);
    expect(r.summary.completed).toBe(4);
    const out = r.summary.preemption.deviceToHostBytes;
    expect(out).toBeGreaterThan(0);
    expect(out % 1000).toBe(0); // whole blocks of kvBlockBytes
    expect(r.summary.preemption.hostToDeviceBytes).toBe(out); // everything swapped out came back
    expect(rec.steps.reduce((s, c) => s + c.deviceToHostBytes, 0)).toBe(out);
  });

  it('swap without host room falls back to recompute', () => {
    const r = run(crowd, { kvBlocks: 10, preemption: 'swap', hostKvBlocks: 0 });
    expect(r.summary.preemption.swap).toBe(0);
    expect(r.summary.preemption.recompute).toBeGreaterThan(0);
    expect(r.summary.completed).toBe(4);
  });

  it('more replicas can be slower under KV pressure: two big requests side by side preempt each other', () => {
    const requests = [
      { at: 0, input: 50, output: 35 },
      { at: 0, input: 1, output: 4 },
      { at: 0, input: 580, output: 30 },
      { at: 0, input: 1, output: 1 },
    ];
    const tight = { maxNumSeqs: 2, maxNumBatchedTokens: 256, kvBlocks: 44 };
    const fleet = (replicas: number) =>
      simulate({
        workload: tinyWorkload(requests),
        replicas,
        replica: { ...replica, ...tight },
        router: 'round-robin',
        seed: 1,
      });
    // One replica runs requests 0 and 1 first and queues 2; two replicas put 0 and 2 together (6 + 39
    // blocks > 44), so 2 is preempted and recomputed.
    const one = fleet(1);
    const two = fleet(2);
    expect(one.summary.preemptions).toBe(0);
    expect(two.summary.preemptions).toBeGreaterThan(0);
    expect(two.requests.e2eSeconds[2]).toBeGreaterThan(one.requests.e2eSeconds[2] as number);
  });

  it('without chunking, a recomputed prompt longer than the token budget still runs, alone', () => {
    const rec = recordingTimer(timer);
    const r = run(
      [
        { at: 0, input: 50, output: 300 },
        { at: 0, input: 50, output: 300 },
      ],
      { chunkedPrefill: false, maxNumBatchedTokens: 100, kvBlocks: 22, stepTimer: rec },
    );
    // Both fit at first (2 × 50 tokens); at ~126 tokens each the 22 blocks run out, the second is
    // preempted, and it comes back after the first with prompt + generated > 100 tokens.
    expect(r.summary.preemption.recompute).toBeGreaterThan(0);
    expect(r.summary.completed).toBe(2);
    expect(rec.steps.some((s) => s.prefillTokens > 100 && s.prefillSequences === 1)).toBe(true);
  });

  it('rejects what can never fit, says why, and serves the rest', () => {
    const r = run(
      [
        { at: 0, input: 200, output: 1 },
        { at: 0, input: 100, output: 100 },
        { at: 0, input: 50, output: 10 },
      ],
      { kvBlocks: 10 },
    );
    expect([...r.requests.outcome]).toEqual([
      REQUEST_OUTCOME.rejected,
      REQUEST_OUTCOME.rejected,
      REQUEST_OUTCOME.completed,
    ]);
    expect(REJECTION_REASONS[r.requests.rejectionReason[0] as number]).toBe('prompt-exceeds-kv-capacity');
    expect(REJECTION_REASONS[r.requests.rejectionReason[1] as number]).toBe('sequence-exceeds-kv-capacity');
    expect(r.summary.rejected).toBe(2);
    expect(r.requests.e2eSeconds[0]).toBeNaN();
  });
});

describe('simulate: router', () => {
  const four: TinyRequest[] = [0, 1, 2, 3].map(() => ({ at: 0, input: 100, output: 10 }));

  it('round robin deals requests out in turn', () => {
    const r = simulate({
      workload: tinyWorkload(four),
      replicas: 2,
      replica,
      router: 'round-robin',
      seed: 1,
    });
    expect([...r.requests.replica]).toEqual([0, 1, 0, 1]);
  });

  it('least outstanding tokens sends each request to the least loaded replica, ties to the lowest index', () => {
    const r = simulate({
      workload: tinyWorkload([
        { at: 0, input: 1000, output: 100 },
        { at: 0, input: 10, output: 10 },
        { at: 0, input: 10, output: 10 },
        { at: 0, input: 2000, output: 10 },
        { at: 0, input: 10, output: 10 },
      ]),
      replicas: 2,
      replica,
      router: 'least-outstanding-tokens',
      seed: 1,
    });
    expect([...r.requests.replica]).toEqual([0, 1, 1, 1, 0]);
  });

  it('splits identical requests evenly either way', () => {
    for (const router of ['round-robin', 'least-outstanding-tokens'] as const) {
      const many = Array.from({ length: 40 }, (_, k) => ({ at: k * 0.01, input: 50, output: 20 }));
      const r = simulate({ workload: tinyWorkload(many), replicas: 4, replica, router, seed: 1 });
      const perReplica = [0, 1, 2, 3].map((q) => r.requests.replica.filter((x) => x === q).length);
      expect(Math.max(...perReplica) - Math.min(...perReplica)).toBeLessThanOrEqual(1);
    }
  });
});

describe('simulate: metrics', () => {
  const mixed: TinyRequest[] = [
    { at: 0, input: 100, output: 100 },
    { at: 0, input: 100, output: 600 },
    { at: 0, input: 600, output: 100 },
    { at: 0, input: 600, output: 600 },
  ];

  it('breaks results down by query type at τ = 500 (short means ≤ τ), or at the τ given', () => {
    const r = run(mixed);
    const t = r.summary.byQueryType;
    expect([t.SISO.count, t.SILO.count, t.LISO.count, t.LILO.count]).toEqual([1, 1, 1, 1]);
    expect(t.SILO.throughput.outputTokensPerSecond).toBeCloseTo(600 / r.summary.makespanSeconds, 9);
    const low = run(mixed, {}, { queryTypeThresholdTokens: 50 });
    expect(low.summary.byQueryType.LILO.count).toBe(4);
    expect(low.summary.queryTypeThresholdTokens).toBe(50);
  });

  it('goodput is the share of all requests meeting every SLO limit', () => {
    const twoInSeries = [
      { at: 0, input: 100, output: 5 },
      { at: 0, input: 100, output: 5 },
    ];
    const r = run(twoInSeries, { maxNumSeqs: 1 }, { slo: { ttftSeconds: 0.2 } });
    expect(r.summary.goodput).toEqual({ fraction: 0.5, requestsPerSecond: 1 / r.summary.makespanSeconds });
    expect(run(twoInSeries).summary.goodput).toBeNull();
  });

  it('percentiles are nearest-rank over completed requests', () => {
    const spaced = Array.from({ length: 20 }, (_, k) => ({ at: k, input: 10 * (k + 1), output: 1 }));
    const r = run(spaced);
    // TTFT of request k is 0.01 + 0.01·(k + 1): P95 of 20 values is the 19th smallest.
    expect(r.summary.ttftSeconds?.p95).toBeCloseTo(0.01 + 0.19, 12);
    expect(r.summary.ttftSeconds?.p50).toBeCloseTo(0.01 + 0.1, 12);
    expect(r.summary.ttftSeconds?.max).toBeCloseTo(0.21, 12);
  });

  it('samples a timeline of the fleet', () => {
    const r = run([{ at: 0, input: 100, output: 5 }], {}, { timelineIntervalSeconds: 0.05 });
    const tl = r.timeline;
    expect(tl && [...tl.timeSeconds]).toEqual([0.05, 0.1, 0.15000000000000002]);
    expect(tl && [...tl.running]).toEqual([1, 1, 1]);
    expect(tl && [...tl.kvBlocksUsed]).toEqual([7, 7, 7]);
    // Tokens at 0.11, 0.121, 0.132, 0.143 fall in (0.10, 0.15]; the prompt's 100 tokens at 0.11.
    expect(tl?.outputTokensPerSecond[2]).toBeCloseTo(80, 9);
    expect(tl?.promptTokensPerSecond[2]).toBeCloseTo(2000, 9);
  });

  it('a step guard stops the run and counts what did not finish', () => {
    const r = run([{ at: 0, input: 100, output: 50 }], {}, { maxSteps: 3 });
    expect(r.summary.truncated).toEqual({ reason: 'max-steps', atSeconds: expect.any(Number) });
    expect(r.summary.unfinished).toBe(1);
    expect(r.summary.steps).toBe(3);
  });

  it('a time guard stops the run at the first event past it', () => {
    const r = run(
      [
        { at: 0, input: 100, output: 5 },
        { at: 5, input: 100, output: 5 },
      ],
      {},
      { maxSimulatedSeconds: 1 },
    );
    expect(r.summary.truncated?.reason).toBe('max-simulated-seconds');
    expect(r.summary.completed).toBe(1);
    expect(r.summary.unfinished).toBe(1);
  });

  it('a closed loop replaces a rejected request at once', () => {
    const r = run(
      [
        { at: 0, input: 100, output: 5 },
        { at: 0, input: 90_000, output: 5 },
        { at: 0, input: 100, output: 5 },
        { at: 0, input: 100, output: 5 },
      ],
      {},
      { closedLoop: { concurrency: 2 } },
    );
    expect(r.summary.rejected).toBe(1);
    expect(r.summary.completed).toBe(3);
    expect([...r.requests.arrivalSeconds.slice(0, 3)]).toEqual([0, 0, 0]);
  });

  it('the same input gives byte-identical JSON, with or without the decode fast path', () => {
    const requests = Array.from({ length: 60 }, (_, k) => ({
      at: k * 0.013,
      input: 20 + ((k * 97) % 700),
      output: 1 + ((k * 31) % 90),
    }));
    const input = { kvBlocks: 60, maxNumBatchedTokens: 512 };
    const a = JSON.stringify(run(requests, input).summary);
    expect(JSON.stringify(run(requests, input).summary)).toBe(a);
    const plain = simulate(
      {
        workload: tinyWorkload(requests),
        replicas: 1,
        replica: { ...replica, ...input },
        router: 'round-robin',
        seed: 1,
      },
      { lazyDecode: false },
    );
    expect(JSON.stringify(plain.summary)).toBe(a);
  });
});
