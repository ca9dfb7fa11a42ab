import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { ModelConfig } from '../core/model-config.js';
import { predictAtConcurrency } from './predict-concurrency.js';

const models = fsPlannerData.models();
const gpus = fsPlannerData.gpus();
const efficiency = fsPlannerData.efficiency();
if (!models.ok || !gpus.ok || !efficiency.ok) throw new Error('built-in data did not load');
const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B') as ModelConfig;
const gpu = gpus.value.find((g) => g.id === 'H100-SXM') as GpuSpec;

const at = (concurrency: number) => {
  const r = predictAtConcurrency({
    model,
    hardware: { gpu, gpuCount: 1, hostMemoryBytes: Number.POSITIVE_INFINITY, interconnect: 'none' },
    precision: 'bf16',
    concurrency,
    inputTokens: 1024,
    outputTokens: 256,
    efficiency: efficiency.value,
    gpuMemoryUtilization: 0.9,
    hostMemoryUtilization: 0.9,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('predictAtConcurrency (closed loop in the serving simulator)', () => {
  it('at concurrency 1 TTFT is one prefill and TPOT one decode step: no queueing, batch 1', () => {
    const p = at(1);
    expect(p.meanBatchSize).toBeCloseTo(1, 6);
    expect(p.ttftSeconds.p99 / p.ttftSeconds.p50).toBeCloseTo(1, 6);
    expect(p.requests).toBe(64);
  });

  it('more concurrency: more output tokens/s, longer TPOT and TTFT (others’ prefill shares the steps)', () => {
    const low = at(8);
    const high = at(64);
    expect(high.outputTokensPerSecond).toBeGreaterThan(low.outputTokensPerSecond);
    expect(high.tpotSeconds?.p50 as number).toBeGreaterThan(low.tpotSeconds?.p50 as number);
    expect(high.ttftSeconds.p90).toBeGreaterThan(low.ttftSeconds.p90);
    expect(high.preemptions).toBe(0);
  });
});
