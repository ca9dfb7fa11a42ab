import { describe, expect, it } from 'vitest';
import { ROUND } from './fixtures/flexgen.js';
import { testL4 } from './fixtures/gpus.js';
import { opt27b } from './fixtures/models.js';
import type { FlexgenCostModelData } from './flexgen-cost-model.js';
import { flexgenOffloadFraction, flexgenPercentArgument, flexgenTimePrediction } from './flexgen-offload.js';
import { flexgenShape } from './flexgen-shape.js';
import { IDENTITY_CTCF } from './time-predictor.js';

const DATA: FlexgenCostModelData = {
  referenceGpu: {
    id: 'L4',
    fp16FlopPerSecond: 120e12,
    hbmBytesPerSecond: 300e9,
    pcieBytesPerSecondPerDirection: 16e9,
  },
  constants: ROUND,
  memoryRelaxation: 0.8,
  sources: [{ title: 'test' }],
};
const BATCH = { batchSize: 32, inputTokens: 1024, outputTokens: 128 };
const POLICY_INPUTS = {
  model: opt27b,
  gpu: testL4,
  precision: 'fp16' as const,
  kvCacheDtype: 'auto' as const,
  tensorParallel: 1,
  batch: BATCH,
  hostMemoryBytesForKv: 64e9,
  algorithm1Fraction: 0,
};

describe('flexgenOffloadFraction (FlexGen places the KV cache, not Algorithm 1)', () => {
  it("offloads what FlexGen's own peak memory needs, although Algorithm 1 says the batch fits", () => {
    // OPT-2.7B, 32 × 1152 tokens, prefill peak: weights 5.03 GB + activations and working set (the
    // attention scores, 2·nh·s² per sequence, among it) 4.50 GB + KV 12.08 GB × share ≤ 0.8 × 24 GB
    // → share ≤ 0.8005: 80 % of the KV stays on the GPU, 20 % goes to CPU memory
    const r = flexgenOffloadFraction({ data: DATA }, POLICY_INPUTS);
    expect(r.ok && r.value).toBeCloseTo(0.2, 12);
  });

  it('takes a stated policy that fits as it is', () => {
    const r = flexgenOffloadFraction({ data: DATA, statedCacheCpuFraction: 0.6 }, POLICY_INPUTS);
    expect(r).toMatchObject({ ok: true, value: 0.6 });
  });

  it('refuses a stated policy whose offloaded KV does not fit in host memory, naming --offload-percent', () => {
    const r = flexgenOffloadFraction(
      { data: DATA, statedCacheCpuFraction: 1 },
      { ...POLICY_INPUTS, hostMemoryBytesForKv: 8e9 },
    );
    expect(r).toMatchObject({
      ok: false,
      issues: [
        { code: 'flexgen-policy-does-not-fit', path: 'offloadPercent', details: { offloadPercent: 100 } },
      ],
    });
  });

  it("leaves Algorithm 1's share where FlexGen's cost model does not apply (fp8, tensor parallel)", () => {
    const fp8 = flexgenOffloadFraction(
      { data: DATA },
      { ...POLICY_INPUTS, precision: 'fp8', kvCacheDtype: 'fp8', algorithm1Fraction: 0.25 },
    );
    expect(fp8).toMatchObject({
      ok: true,
      value: 0.25,
      warnings: [{ code: 'flexgen-precision-unsupported' }],
    });
    const tp2 = flexgenOffloadFraction({ data: DATA }, { ...POLICY_INPUTS, tensorParallel: 2 });
    expect(tp2).toMatchObject({
      ok: true,
      value: 0,
      warnings: [{ code: 'flexgen-tensor-parallel-unsupported' }],
    });
  });
});

describe('flexgenTimePrediction', () => {
  const shape = flexgenShape(opt27b, BATCH);
  if (!shape.ok) throw new Error('fixture');
  const inputs = {
    model: opt27b,
    gpu: testL4,
    precision: 'fp16' as const,
    tensorParallel: 1,
    gpuInterconnect: 'none' as const,
    batch: BATCH,
    offloadFraction: 0.6,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
  };

  it('times the batch by the cost model, CPU attention bounding decode, and says which policy and GPU', () => {
    const p = flexgenTimePrediction({ data: DATA, statedCacheCpuFraction: 0.6 }, inputs, shape.shape);
    expect(p.decode.bound).toBe('host-cpu');
    expect(p.batchSeconds).toBeCloseTo(p.prefill.seconds + p.decode.seconds, 12);
    expect(p.tokensPerSecond).toBeCloseTo((32 * 1152) / p.batchSeconds, 9);
    expect(p.warnings).toEqual([
      {
        code: 'flexgen-cost-model',
        details: {
          gpu: 'L4',
          percent: '100 0 40 60 100 0',
          policySource: 'stated',
          referenceGpu: 'L4',
          transferred: false,
        },
      },
    ]);
  });

  it('writes the policy as FlexGen’s --percent: weights, cache, activations, GPU then CPU', () => {
    expect(
      flexgenPercentArgument({ weightsGpuFraction: 1, cacheGpuFraction: 0.34, activationsGpuFraction: 1 }),
    ).toBe('100 0 34 66 100 0');
  });
});
