import { describe, expect, it } from 'vitest';
import { linearStepTimer } from './fixtures/linear-step-timer.js';
import { type TinyRequest, tinyWorkload } from './fixtures/tiny-workload.js';
import { type KvAdmission, KvAdmissionGate, VLLM_ADMISSION } from './kv-admission.js';
import { simulate } from './simulate.js';
import type { ReplicaConfig } from './simulation-input.js';

describe('KvAdmissionGate', () => {
  const gate = (admission: KvAdmission) =>
    new KvAdmissionGate({ admission, blockTokens: 16, kvBlocks: 1000 });

  it('first-chunk: needs only the chunk’s blocks', () => {
    expect(gate({ kind: 'first-chunk' }).requiredBlocks(32, 20000, 0, 500, true)).toBe(32);
  });

  it('full-prompt: the whole sequence less prefix hits, plus what earlier prompts still owe', () => {
    // 1,000 tokens = 63 blocks of 16, 3 of them prefix hits, 31 owed to a prompt admitted earlier.
    expect(gate(VLLM_ADMISSION).requiredBlocks(32, 1000, 3, 31, true)).toBe(60 + 31);
  });

  it('full-prompt: the watermark share of all blocks only when another request is scheduled (as vLLM)', () => {
    const g = gate({ kind: 'full-prompt', watermarkFraction: 0.01 });
    expect(g.requiredBlocks(32, 1000, 0, 0, true)).toBe(63 + 10);
    expect(g.requiredBlocks(32, 1000, 0, 0, false)).toBe(63);
  });

  it('counts the blocks an admitted prompt still owes after its first chunk', () => {
    expect(gate(VLLM_ADMISSION).owedAfterAdmission(1000, 32)).toBe(31);
    expect(gate({ kind: 'first-chunk' }).owedAfterAdmission(1000, 32)).toBe(0);
  });
});

describe('admission in the simulator (hand-worked: 100 blocks of 16 tokens, 512-token budget)', () => {
  const replica: ReplicaConfig = {
    stepTimer: linearStepTimer({ baseSeconds: 0.01, secondsPerToken: 0.001, secondsPerContextToken: 0 }),
    maxNumSeqs: 8,
    maxNumBatchedTokens: 512,
    chunkedPrefill: true,
    blockTokens: 16,
    kvBlocks: 100,
    kvBlockBytes: 1000,
    preemption: 'recompute',
    hostKvBlocks: 0,
    prefixCaching: false,
  };
  // Two prompts of 1,000 tokens (63 blocks each): both cannot be held at once (126 > 100).
  const requests: TinyRequest[] = [
    { at: 0, input: 1000, output: 10 },
    { at: 0, input: 1000, output: 10 },
  ];
  const run = (admission: KvAdmission) =>
    simulate({
      workload: tinyWorkload(requests),
      replicas: 1,
      replica: { ...replica, admission },
      router: 'round-robin',
      seed: 1,
    });

  it('first chunk fits: B is admitted on A’s leftover budget, runs out of blocks mid-prompt and is preempted', () => {
    const r = run({ kind: 'first-chunk' });
    expect(r.summary.completed).toBe(2);
    expect(r.summary.preemptions).toBeGreaterThanOrEqual(1);
  });

  it('whole prompt fits (vLLM’s default): B waits until A has finished, and nothing is preempted', () => {
    const r = run(VLLM_ADMISSION);
    expect(r.summary.completed).toBe(2);
    expect(r.summary.preemptions).toBe(0);
    // B starts only once A has freed its 63 blocks: its queueing covers A's whole run.
    expect(r.requests.queueingSeconds[1]).toBeGreaterThanOrEqual((r.requests.e2eSeconds[0] as number) - 1e-9);
  });
});
