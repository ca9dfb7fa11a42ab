import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StepOverheads } from './engine-profile.js';
import { testL4, unitEfficiency } from './fixtures/gpus.js';
import { llama31_8b, mixtral8x7b } from './fixtures/models.js';
import type { KernelTables } from './kernel-table-lookup.js';
import type { ModelConfig } from './model-config.js';
import type { EfficiencyProfile } from './operator-work.js';
import { createProfiledPredictor } from './profiled-predictor.js';
import { createRooflinePredictor } from './roofline-predictor.js';
import { createRooflineStepTimer } from './roofline-step-timer.js';
import { EMPTY_STEP } from './step-timer.js';
import { IDENTITY_CTCF, type TimeInputs, type TimePredictor } from './time-predictor.js';

/**
 * The contract every time predictor and step timer keeps: finite positive stage times in seconds,
 * non-decreasing in batch and context, output that adds up, and the same answer from the step timer as
 * from the predictor it mirrors.
 */
const profile: EfficiencyProfile = {
  gemm: { computeEfficiency: 0.7, memoryEfficiency: 0.8, fixedSeconds: 4e-6 },
  prefillAttention: { computeEfficiency: 0.5, memoryEfficiency: 0.4, fixedSeconds: 10e-6 },
  decodeAttention: { computeEfficiency: 0.2, memoryEfficiency: 0.6, fixedSeconds: 12e-6 },
  allReduce: {
    '2': { latencySeconds: 12e-6, busBytesPerSecond: 80e9 },
    '4': { latencySeconds: 18e-6, busBytesPerSecond: 90e9 },
  },
  estimated: false,
};
const roofline = { profiles: { L4: profile }, fallback: { ...unitEfficiency, estimated: true } };
const rooflinePredictor = createRooflinePredictor(roofline);

/** Kernel tables without an all-reduce at 4 GPUs, so the profiled predictor's roofline all-reduce is exercised. */
const tables: KernelTables = {
  gpuId: 'L4',
  gemm: {
    m: [1, 64, 4096],
    n: [1024, 16384],
    k: [1024, 16384],
    seconds: [1e-5, 5e-5, 5e-5, 4e-4, 2e-5, 1e-4, 1e-4, 8e-4, 1e-3, 8e-3, 8e-3, 6e-2],
  },
  prefillAttention: [
    {
      heads: 8,
      kvHeads: 2,
      headDim: 128,
      batch: [1, 16],
      tokens: [16, 4096],
      seconds: [1e-5, 5e-3, 1e-4, 8e-2],
    },
  ],
  decodeAttention: [
    {
      heads: 8,
      kvHeads: 2,
      headDim: 128,
      batch: [1, 64],
      tokens: [16, 8192],
      seconds: [5e-6, 1e-4, 2e-5, 5e-3],
    },
  ],
  allReduce: [{ gpus: 2, bytes: [1024, 1 << 24], seconds: [1e-5, 3e-4] }],
};
const profiledPredictor = createProfiledPredictor({
  tables: { L4: tables },
  fallback: rooflinePredictor,
  roofline,
});

/** An engine with every term non-zero, so each must agree between the predictor and the step timer. */
const engine: StepOverheads = {
  prefillKernelScale: 1.3,
  decodeKernelScale: 0.8,
  perStepSeconds: 1.4e-3,
  perSequenceSeconds: 40e-6,
  perLayerSeconds: 20e-6,
  tensorParallelSecondsPerLayer: 100e-6,
};

const predictors: [string, TimePredictor][] = [
  ['roofline', rooflinePredictor],
  ['profiled', profiledPredictor],
];

function inputs(
  model: ModelConfig,
  tp: number,
  batchSize: number,
  inputTokens: number,
  outputTokens: number,
): TimeInputs {
  return {
    model,
    gpu: testL4,
    precision: 'bf16',
    tensorParallel: tp,
    gpuInterconnect: 'nvlink',
    batch: { batchSize, inputTokens, outputTokens },
    offloadFraction: 0,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
  };
}

const shapes = fc.record({
  model: fc.constantFrom(llama31_8b, mixtral8x7b),
  tp: fc.constantFrom(1, 2, 4),
  batch: fc.integer({ min: 1, max: 64 }),
  input: fc.integer({ min: 1, max: 4096 }),
  output: fc.integer({ min: 2, max: 512 }),
});

const withEngineCosts = (p: TimePredictor): TimePredictor => ({
  ...p,
  predict: (i) => p.predict({ ...i, stepOverheads: engine }),
});

describe.each([
  ...predictors,
  ...predictors.map(([n, p]): [string, TimePredictor] => [`${n} with engine costs`, withEngineCosts(p)]),
])('time predictor contract: %s', (_name, predictor) => {
  it('gives finite positive stage times that add up to the batch time and its throughput', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const p = predictor.predict(inputs(s.model, s.tp, s.batch, s.input, s.output));
        for (const t of [p.prefill.seconds, p.decode.seconds, p.decodeStepSeconds]) {
          expect(Number.isFinite(t) && t > 0).toBe(true);
        }
        expect(p.batchSeconds).toBeCloseTo(p.prefill.seconds + p.decode.seconds, 12);
        expect(p.decodeStepSeconds).toBeCloseTo(p.decode.seconds / (s.output - 1), 12);
        expect(p.outputTokensPerSecond).toBeCloseTo((s.batch * s.output) / p.batchSeconds, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('never gets faster with a larger batch or a longer prompt', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 8 }), (s, more) => {
        const base = predictor.predict(inputs(s.model, s.tp, s.batch, s.input, s.output));
        const wider = predictor.predict(inputs(s.model, s.tp, s.batch + more, s.input, s.output));
        const longer = predictor.predict(inputs(s.model, s.tp, s.batch, s.input + 64 * more, s.output));
        const slack = 1 - 1e-9;
        expect(wider.prefill.seconds).toBeGreaterThanOrEqual(base.prefill.seconds * slack);
        expect(wider.decodeStepSeconds).toBeGreaterThanOrEqual(base.decodeStepSeconds * slack);
        expect(longer.prefill.seconds).toBeGreaterThanOrEqual(base.prefill.seconds * slack);
        expect(longer.decodeStepSeconds).toBeGreaterThanOrEqual(base.decodeStepSeconds * slack);
      }),
      { numRuns: 60 },
    );
  });

  it('puts all-reduce time only on tensor-parallel groups', () => {
    const one = predictor.predict(inputs(llama31_8b, 1, 4, 256, 8));
    const four = predictor.predict(inputs(llama31_8b, 4, 4, 256, 8));
    expect(one.decode.interconnectSeconds).toBe(0);
    expect(four.decode.interconnectSeconds).toBeGreaterThan(0);
  });
});

describe('the profiled predictor without a measured all-reduce', () => {
  it('times it exactly as the roofline does (one all-reduce formula)', () => {
    const at = inputs(llama31_8b, 4, 8, 512, 16);
    const p = profiledPredictor.predict(at);
    const r = rooflinePredictor.predict(at);
    expect(p.warnings.map((w) => w.code)).toContain('profiled-allreduce-roofline');
    // 2 all-reduces × 32 layers × (18 µs + 8·4096·2 B · 2·3/4 / 90e9), per decode step
    const perStep = 2 * 32 * (18e-6 + (8 * 4096 * 2 * 1.5) / 90e9);
    expect(p.decode.interconnectSeconds / 15).toBeCloseTo(perStep, 12);
    expect(p.decode.interconnectSeconds).toBeCloseTo(r.decode.interconnectSeconds, 12);
    expect(p.prefill.interconnectSeconds).toBeCloseTo(r.prefill.interconnectSeconds, 12);
  });
});

describe('step timer contract: roofline step timer', () => {
  const timerFor = (model: ModelConfig, tp: number, stepOverheads?: StepOverheads) =>
    createRooflineStepTimer({
      ...(stepOverheads ? { stepOverheads } : {}),
      model,
      gpu: testL4,
      precision: 'bf16',
      tensorParallel: tp,
      profile,
      allReduce: profile.allReduce[String(tp)] ?? { latencySeconds: 0, busBytesPerSecond: 1 },
      calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    });

  it('times a whole-batch prefill and a uniform decode step as the roofline predictor does, engine costs included', () => {
    fc.assert(
      fc.property(shapes, fc.boolean(), (s, withEngine) => {
        const stepOverheads = withEngine ? engine : undefined;
        const timer = timerFor(s.model, s.tp, stepOverheads);
        const p = rooflinePredictor.predict({
          ...inputs(s.model, s.tp, s.batch, s.input, 2),
          ...(stepOverheads ? { stepOverheads } : {}),
        });
        const prefill = timer.stepSeconds({
          ...EMPTY_STEP,
          prefillTokens: s.batch * s.input,
          prefillSequences: s.batch,
          prefillAttentionTokenPairs: (s.batch * s.input * s.input) / 2,
        });
        const decode = timer.stepSeconds({
          ...EMPTY_STEP,
          decodeSequences: s.batch,
          decodeContextTokens: s.batch * (s.input + 1),
        });
        expect(prefill / p.prefill.seconds).toBeCloseTo(1, 9);
        expect(decode / p.decodeStepSeconds).toBeCloseTo(1, 9);
      }),
      { numRuns: 60 },
    );
  });

  it('never gets faster with more decoding sequences or more context, and is 0 for an empty step', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 8 }), (s, more) => {
        const timer = timerFor(s.model, s.tp);
        const at = (sequences: number, context: number) =>
          timer.stepSeconds({
            ...EMPTY_STEP,
            decodeSequences: sequences,
            decodeContextTokens: sequences * context,
          });
        expect(at(s.batch + more, s.input)).toBeGreaterThanOrEqual(at(s.batch, s.input) * (1 - 1e-9));
        expect(at(s.batch, s.input + more * 64)).toBeGreaterThanOrEqual(at(s.batch, s.input) * (1 - 1e-9));
      }),
      { numRuns: 60 },
    );
    expect(timerFor(llama31_8b, 1).stepSeconds(EMPTY_STEP)).toBe(0);
  });
});
