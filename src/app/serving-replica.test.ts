import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { testL4, unitEfficiency } from '../core/fixtures/gpus.js';
import { gemma3_1b, llama31_8b } from '../core/fixtures/models.js';
import { EMPTY_STEP } from '../core/step-timer.js';
import { buildServingReplica, servingReplicaFor, vllmDefaultScheduler } from './serving-replica.js';

const efficiency = { byGpuId: { L4: unitEfficiency }, fallback: unitEfficiency };
const hardware = { gpu: testL4, gpuCount: 2, hostMemoryBytes: 64 * 2 ** 30, interconnect: 'pcie' as const };
const base = {
  model: llama31_8b,
  hardware,
  precision: 'bf16' as const,
  minimumKvTokens: 4096,
  scheduler: {},
  efficiency,
  gpuMemoryUtilization: 0.9,
  hostMemoryUtilization: 0.9,
};

describe('vllmDefaultScheduler', () => {
  it('uses vLLM’s server defaults: 8192 tokens / 1024 seqs on ≥ 70 GiB non-A100 GPUs, else 2048 / 256', () => {
    expect(vllmDefaultScheduler({ ...testL4, id: 'H100-SXM', memoryBytes: 80 * 2 ** 30 })).toMatchObject({
      maxNumBatchedTokens: 8192,
      maxNumSeqs: 1024,
    });
    expect(vllmDefaultScheduler({ ...testL4, id: 'A100-80GB', memoryBytes: 80 * 2 ** 30 })).toMatchObject({
      maxNumBatchedTokens: 2048,
      maxNumSeqs: 256,
    });
    expect(vllmDefaultScheduler(testL4)).toMatchObject({
      maxNumBatchedTokens: 2048,
      chunkedPrefill: true,
      blockTokens: 16,
    });
  });
});

describe('servingReplicaFor', () => {
  it('passes the use case’s engine to the step timer: a decode step pays vLLM’s per-step cost', () => {
    const engines = fsPlannerData.engines?.();
    const vllm = engines?.ok ? engines.value.find((e) => e.id === 'vllm') : undefined;
    if (!vllm) throw new Error('the vllm engine profile does not load');
    const { hardware: hw, precision, minimumKvTokens, ...settings } = base;
    const placement = { hardware: hw, precision, minimumKvTokens };
    const bare = servingReplicaFor(settings, placement);
    const withEngine = servingReplicaFor({ ...settings, engine: vllm }, placement);
    if (!bare.ok || !withEngine.ok) throw new Error('no replica');
    const step = { ...EMPTY_STEP, decodeSequences: 8, decodeContextTokens: 8 * 1024 };
    const extra =
      withEngine.value.replica.stepTimer.stepSeconds(step) - bare.value.replica.stepTimer.stepSeconds(step);
    expect(extra).toBeGreaterThan(vllm.stepOverheads?.default.perStepSeconds ?? 1);
    expect(withEngine.value.warnings.map((w) => w.code)).toContain('engine-overheads-other-gpu');
  });
});

describe('buildServingReplica', () => {
  it('sizes sliding-window models’ blocks at the workload’s mean sequence, else at the longest', () => {
    const gemma = { ...base, model: gemma3_1b, tensorParallel: 1 };
    const atMean = buildServingReplica({ ...gemma, kvReferenceTokens: 2048 });
    const atLongest = buildServingReplica(gemma);
    if (!atMean.ok || !atLongest.ok) throw new Error('no replica');
    // 16 tokens × (4 × 2,048 + 22 × 512) / 2,048 layers × 1,024 B; at 4,096: (4 × 4,096 + 22 × 512) / 4,096.
    expect(atMean.value.replica.kvBlockBytes).toBe(16 * 9.5 * 1024);
    expect(atLongest.value.replica.kvBlockBytes).toBe(16 * 6.75 * 1024);
    expect(atLongest.value.kvTokens).toBeGreaterThan(atMean.value.kvTokens);
  });

  it('admits as vLLM does by default (the whole prompt must fit), the first chunk only when asked', () => {
    const r = buildServingReplica(base);
    expect(r.ok && r.value.replica.admission).toEqual({ kind: 'full-prompt', watermarkFraction: 0 });
    const off = buildServingReplica({ ...base, scheduler: { reserveFullPrompt: false } });
    expect(off.ok && off.value.replica.admission).toEqual({ kind: 'first-chunk' });
  });

  it('takes the smallest tensor-parallel degree whose KV holds the longest request, two replicas on two GPUs', () => {
    const r = buildServingReplica(base);
    expect(r.ok && r.value.tensorParallel).toBe(1);
    expect(r.ok && r.value.replicasPerInstance).toBe(2);
    expect(r.ok && r.value.kvTokens).toBeGreaterThanOrEqual(4096);
  });

  it('raises the token budget to max(max_model_len, 2048) without chunked prefill, as vLLM does', () => {
    const r = buildServingReplica({
      ...base,
      model: { ...llama31_8b, maxPositionEmbeddings: 4096 },
      scheduler: { chunkedPrefill: false },
    });
    expect(r.ok && r.value.replica.maxNumBatchedTokens).toBe(4096);
  });

  it('says what its GEMM cost rests on: int4 weight-only not measured, fp8 without an fp8 fit transferred', () => {
    const int4 = buildServingReplica({ ...base, precision: 'int4' });
    expect(int4.ok && int4.value.warnings).toContainEqual({
      code: 'gemm-not-measured',
      details: { gpu: 'L4', kernel: 'int4 AWQ/GPTQ weight-only' },
    });
    const fp8 = buildServingReplica({ ...base, precision: 'fp8' });
    expect(fp8.ok && fp8.value.warnings.map((w) => w.code)).toContain('gemm-efficiency-transferred');
    const bf16 = buildServingReplica(base);
    expect(bf16.ok && bf16.value.warnings.map((w) => w.code)).not.toContain('gemm-not-measured');
  });

  it('fails with kv-capacity-too-small when no degree holds the request', () => {
    const r = buildServingReplica({ ...base, minimumKvTokens: 10_000_000 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.code).toBe('kv-capacity-too-small');
  });
});
