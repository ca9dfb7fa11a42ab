import { describe, expect, it } from 'vitest';
import { linearStepTimer } from './fixtures/linear-step-timer.js';
import { tinyWorkload } from './fixtures/tiny-workload.js';
import { simulate } from './simulate.js';
import type { ReplicaConfig } from './simulation-input.js';

const a = 0.01; // s per step
const b = 1e-4; // s per token processed
const d = 1e-6; // s per context token read by a decode
const e = 1e-8; // s per prefill attention pair
const timer = linearStepTimer({
  baseSeconds: a,
  secondsPerToken: b,
  secondsPerContextToken: d,
  secondsPerAttentionPair: e,
});
const replica: ReplicaConfig = {
  stepTimer: timer,
  maxNumSeqs: 64,
  maxNumBatchedTokens: 65_536,
  chunkedPrefill: true,
  blockTokens: 16,
  kvBlocks: 100_000,
  kvBlockBytes: 0,
  preemption: 'recompute',
  hostKvBlocks: 0,
  prefixCaching: false,
};

function closedLoop(requests: { input: number; output: number }[], concurrency: number) {
  return simulate({
    workload: tinyWorkload(requests.map((r) => ({ at: 0, ...r }))),
    replicas: 1,
    replica,
    router: 'round-robin',
    closedLoop: { concurrency },
    seed: 1,
  });
}

describe('closed loop with constant concurrency c agrees with the analytical model', () => {
  it('identical requests stay in lock step: c·O tokens per prefill step + (O − 1) decode steps of c sequences', () => {
    const c = 8;
    const I = 200;
    const O = 50;
    const r = closedLoop(
      Array.from({ length: 100 * c }, () => ({ input: I, output: O })),
      c,
    );
    const prefillStep = a + b * c * I + (e * c * (I * I)) / 2;
    let cycle = prefillStep;
    for (let k = 1; k < O; k++) cycle += a + b * c + d * c * (I + k);
    // Exact up to rounding: the loop is 100 identical cycles.
    expect(r.summary.throughput.outputTokensPerSecond).toBeCloseTo((c * O) / cycle, 6);
    expect(r.summary.batchSize).toEqual({ mean: c, max: c });
    expect(r.summary.ttftSeconds?.max).toBeCloseTo(prefillStep, 9);
  });

  it('mixed requests: every step runs c sequences, so time = a·ΣO/c + b·Σ tokens + d·Σ context (within 2 %)', () => {
    const c = 8;
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const requests = Array.from({ length: 2000 }, () => ({
      input: 50 + Math.floor(next() * 450),
      output: 1 + Math.floor(next() * 100),
    }));
    const r = closedLoop(requests, c);
    // In steady state each step has c sequences and each produces one token, so there are ΣO / c steps;
    // the token, context and attention sums depend only on the requests, not on how they interleave.
    let outputs = 0;
    let tokens = 0;
    let context = 0;
    let pairs = 0;
    for (const { input, output } of requests) {
      outputs += output;
      tokens += input + output - 1;
      for (let k = 1; k < output; k++) context += input + k;
      pairs += (input * input) / 2;
    }
    const seconds = (a * outputs) / c + b * tokens + d * context + e * pairs;
    const analytical = outputs / seconds;
    // Only the drain at the end (workload exhausted, fewer than c left) adds steps: at most
    // max(output) = 100 steps of a, against ≈ 2000·50/8 steps in all.
    const measured = r.summary.throughput.outputTokensPerSecond;
    expect(Math.abs(measured / analytical - 1)).toBeLessThan(0.02);
    expect(measured).toBeLessThanOrEqual(analytical * (1 + 1e-9));
    expect(r.summary.batchSize.max).toBe(c);
    expect(r.summary.completed).toBe(2000);
  });

  it('the next request arrives when one finishes, so no more than c are ever in flight', () => {
    const r = closedLoop(
      Array.from({ length: 50 }, (_, k) => ({ input: 10 + k, output: 1 + (k % 7) })),
      3,
    );
    const arrivals = [...r.requests.arrivalSeconds];
    const finishes = arrivals.map((t, i) => t + (r.requests.e2eSeconds[i] as number));
    for (const t of arrivals) {
      const inFlight = arrivals.filter((s, i) => s <= t && (finishes[i] as number) > t).length;
      expect(inFlight).toBeLessThanOrEqual(3);
    }
    expect(arrivals.slice(0, 3)).toEqual([0, 0, 0]);
  });
});
