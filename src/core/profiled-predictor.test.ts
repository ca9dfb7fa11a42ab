import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { parseKernelTablesFile } from '../catalog/kernel-tables-file.js';
import { testL4, unitEfficiency } from './fixtures/gpus.js';
import { llama31_8b } from './fixtures/models.js';
import { gemmLookup } from './kernel-table-lookup.js';
import { layerGemmShapes } from './layer-operators.js';
import { createProfiledPredictor, type KernelTables } from './profiled-predictor.js';
import { createRooflinePredictor } from './roofline-predictor.js';
import { IDENTITY_CTCF, type TimeInputs } from './time-predictor.js';

const roofline = { profiles: { L4: unitEfficiency }, fallback: { ...unitEfficiency, estimated: true } };
const rooflinePredictor = createRooflinePredictor(roofline);

/** A tiny table for the test L4: m ∈ {1, 4}, n ∈ {1024, 4096}, k = 4096; Llama-8B's head shape. */
function tinyTables(): KernelTables {
  const h = llama31_8b;
  return {
    gpuId: 'L4',
    gemm: { m: [1, 4], n: [1024, 4096], k: [4096], seconds: [1e-5, 4e-5, 2e-5, 8e-5] },
    prefillAttention: [
      { heads: 32, kvHeads: 8, headDim: h.headDim, batch: [1], tokens: [16, 64], seconds: [1e-5, 1.6e-4] },
    ],
    decodeAttention: [
      {
        heads: 32,
        kvHeads: 8,
        headDim: h.headDim,
        batch: [1, 2],
        tokens: [2, 8],
        seconds: [1e-6, 4e-6, 2e-6, 8e-6],
      },
    ],
    allReduce: [{ gpus: 2, bytes: [1024, 4096], seconds: [1e-5, 4e-5] }],
  };
}

function inputs(overrides: Partial<TimeInputs> = {}): TimeInputs {
  return {
    model: llama31_8b,
    gpu: testL4,
    precision: 'bf16',
    tensorParallel: 1,
    gpuInterconnect: 'none',
    batch: { batchSize: 1, inputTokens: 16, outputTokens: 2 },
    offloadFraction: 0,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    ...overrides,
  };
}

describe('kernel table lookups', () => {
  const gemm = tinyTables().gemm;
  it('returns the measured value at an exact grid point', () => {
    expect(gemmLookup(gemm, 4, 1024, 4096)).toEqual({ seconds: 2e-5, extrapolated: false });
    expect(gemmLookup(gemm, 1, 4096, 4096)).toEqual({ seconds: 4e-5, extrapolated: false });
  });

  it('interpolates geometrically at log-space midpoints', () => {
    // m = 2 is the log midpoint of 1 and 4; n = 2048 of 1024 and 4096.
    expect(gemmLookup(gemm, 2, 1024, 4096)?.seconds).toBeCloseTo(Math.sqrt(1e-5 * 2e-5), 15);
    expect(gemmLookup(gemm, 2, 2048, 4096)?.seconds).toBeCloseTo((1e-5 * 4e-5 * 2e-5 * 8e-5) ** 0.25, 15);
    expect(gemmLookup(gemm, 2, 2048, 4096)?.extrapolated).toBe(false);
  });

  it('scales linearly in m past the grid and clamps n and k, flagged', () => {
    expect(gemmLookup(gemm, 8, 1024, 4096)).toEqual({ seconds: 4e-5, extrapolated: true });
    expect(gemmLookup(gemm, 1, 512, 4096)).toEqual({ seconds: 1e-5, extrapolated: true });
  });
});

describe('profiled predictor', () => {
  const profiled = createProfiledPredictor({
    tables: { L4: tinyTables() },
    fallback: rooflinePredictor,
    roofline,
  });

  it('sums the measured kernels of a step on a grid point', () => {
    const tables = tinyTables();
    // Decode at batch 1, context 2 → exact decode attention point; LM head extrapolated (n ≫ 4096).
    const p = profiled.predict(inputs({ batch: { batchSize: 1, inputTokens: 1, outputTokens: 2 } }));
    expect(p.decode.seconds).toBeGreaterThan(0);
    expect(p.warnings.map((w) => w.code)).toContain('profiled-extrapolated');
    const gemmSum = layerGemmShapes(llama31_8b, 1, 1)
      .map((s) => gemmLookup(tables.gemm, s.m, s.n, s.k)?.seconds ?? Number.NaN)
      .reduce((a, b) => a + b, 0);
    const head = gemmLookup(tables.gemm, 1, 4096, 4096)?.seconds ?? Number.NaN;
    const perLayer = gemmSum + 1e-6;
    expect(p.decode.seconds).toBeCloseTo(perLayer * 32 + (head * llama31_8b.vocabSize) / 4096, 12);
  });

  it('times attention with the roofline, warning, when the head shape was not measured', () => {
    const p = profiled.predict(inputs({ model: { ...llama31_8b, numKeyValueHeads: 4 } }));
    expect(p.warnings.map((w) => w.code)).toContain('profiled-attention-roofline');
  });

  it('delegates an unmeasured GPU to the fallback, with a warning', () => {
    const other = inputs({ gpu: { ...testL4, id: 'T4' } });
    const p = profiled.predict(other);
    expect(p.warnings[0]).toMatchObject({ code: 'profiled-fallback-roofline', details: { gpu: 'T4' } });
    expect(p.batchSeconds).toBe(rooflinePredictor.predict(other).batchSeconds);
  });

  it('delegates an unmeasured precision to the fallback', () => {
    const p = profiled.predict(inputs({ precision: 'fp8' }));
    expect(p.warnings[0]).toMatchObject({
      code: 'profiled-fallback-roofline',
      details: { reason: 'precision' },
    });
  });

  it('interpolates the all-reduce in message bytes under tensor parallelism', () => {
    const one = profiled.predict(inputs({ batch: { batchSize: 1, inputTokens: 1, outputTokens: 2 } }));
    const two = profiled.predict(
      inputs({
        tensorParallel: 2,
        gpuInterconnect: 'nvlink',
        batch: { batchSize: 1, inputTokens: 1, outputTokens: 2 },
      }),
    );
    // m·h·2 = 8192 bytes: twice the largest measured message, so 8e-5 s per all-reduce (extrapolated).
    expect(two.decode.interconnectSeconds).toBeCloseTo(32 * 2 * 8e-5, 12);
    expect(one.decode.interconnectSeconds).toBe(0);
  });
});

describe('profiled predictor on the committed H100 tables', () => {
  const raw = JSON.parse(
    readFileSync(new URL('../../data/v1/kernels/H100-SXM.json', import.meta.url), 'utf8'),
  );
  const tables = parseKernelTablesFile(raw);
  const gpus = fsPlannerData.gpus();
  const efficiency = fsPlannerData.efficiency();
  if (!tables.ok || !gpus.ok || !efficiency.ok) throw new Error('built-in data does not parse');
  const h100 = gpus.value.find((g) => g.id === 'H100-SXM');
  if (!h100) throw new Error('H100-SXM not in the GPU catalog');
  const options = { profiles: efficiency.value.byGpuId, fallback: efficiency.value.fallback };
  const rooflineH100 = createRooflinePredictor(options);
  const profiled = createProfiledPredictor({
    tables: { 'H100-SXM': tables.value },
    fallback: rooflineH100,
    roofline: options,
  });

  it('a Llama-3.1-8B decode step is within 25 % of the roofline', () => {
    for (const batchSize of [1, 16, 64]) {
      const at = inputs({ gpu: h100, batch: { batchSize, inputTokens: 1024, outputTokens: 128 } });
      const p = profiled.predict(at);
      const r = rooflineH100.predict(at);
      expect(Math.abs(p.decodeStepSeconds / r.decodeStepSeconds - 1)).toBeLessThan(0.25);
      expect(Math.abs(p.prefill.seconds / r.prefill.seconds - 1)).toBeLessThan(0.5);
      // 64 × 1024 prompt tokens is past the largest measured GEMM (m = 16384).
      expect(p.warnings.map((w) => w.code)).toEqual(batchSize <= 16 ? [] : ['profiled-extrapolated']);
    }
  });
});
