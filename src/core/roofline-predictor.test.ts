import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testL4, unitEfficiency } from './fixtures/gpus.js';
import { llama31_8b } from './fixtures/models.js';
import { parameterCount } from './parameter-count.js';
import { createRooflinePredictor } from './roofline-predictor.js';
import { IDENTITY_CTCF, type TimeInputs } from './time-predictor.js';

const roofline = createRooflinePredictor({
  profiles: { L4: unitEfficiency },
  fallback: { ...unitEfficiency, estimated: true },
});

function inputs(overrides: Partial<TimeInputs> = {}): TimeInputs {
  return {
    model: llama31_8b,
    gpu: testL4,
    precision: 'bf16',
    tensorParallel: 1,
    gpuInterconnect: 'none',
    batch: { batchSize: 1, inputTokens: 1, outputTokens: 2 },
    offloadFraction: 0,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    ...overrides,
  };
}

describe('roofline predictor', () => {
  it('a batch-1 decode step of Llama-3.1-8B is bound by reading its weights from HBM', () => {
    const p = roofline.predict(inputs());
    // One step reads (nearly) every weight once, except the input embedding table: 2 B × params / 300 GB/s.
    const embeddingBytes = 128_256 * 4096 * 2;
    const weightsSeconds = (parameterCount(llama31_8b) * 2 - embeddingBytes) / 300e9;
    expect(p.decodeStepSeconds).toBeGreaterThan(weightsSeconds);
    expect(p.decodeStepSeconds).toBeLessThan(weightsSeconds * 1.01);
    expect(p.decode.bound).toBe('hbm');
  });

  it('a long prefill is compute bound at 2 FLOP per layer weight per token, plus attention', () => {
    const p = roofline.predict(inputs({ batch: { batchSize: 8, inputTokens: 2048, outputTokens: 2 } }));
    const tokens = 8 * 2048;
    expect(p.prefill.bound).toBe('compute');
    // 32 layers × (41,943,040 attention + 176,160,768 MLP) weights
    const linearSeconds = (2 * tokens * 6_979_321_856) / 120e12;
    expect(p.prefill.seconds).toBeGreaterThan(linearSeconds);
    expect(p.prefill.seconds).toBeLessThan(linearSeconds * 1.2);
  });

  it('times an fp8 plan’s GEMMs with the fp8 fit: a batch-1 decode step reads 1-byte weights at that fit’s HBM efficiency', () => {
    const halfSpeedFp8 = createRooflinePredictor({
      profiles: {
        L4: {
          ...unitEfficiency,
          gemmByDtype: { fp8: { computeEfficiency: 1, memoryEfficiency: 0.5, fixedSeconds: 0 } },
        },
      },
      fallback: { ...unitEfficiency, estimated: true },
    });
    const fp8 = inputs({ precision: 'fp8' });
    const full = roofline.predict(fp8);
    const half = halfSpeedFp8.predict(fp8);
    // The layers' GEMMs (1 B per weight, 6.98e9 weights) take twice as long at half the bandwidth;
    // attention and the LM head (unquantized in vLLM, bf16 factors) are unchanged.
    const gemmSeconds = 6_979_321_856 / 300e9;
    expect(half.decodeStepSeconds - full.decodeStepSeconds).toBeGreaterThan(gemmSeconds * 0.99);
    expect(half.decodeStepSeconds - full.decodeStepSeconds).toBeLessThan(gemmSeconds * 1.01);
    expect(half.warnings.map((w) => w.code)).not.toContain('gemm-efficiency-transferred');
    expect(full.warnings.map((w) => w.code)).toContain('gemm-efficiency-transferred');
  });

  it('marks an int4 (AWQ/GPTQ) plan "not measured"', () => {
    const p = roofline.predict(inputs({ precision: 'int4' }));
    expect(p.warnings).toContainEqual({
      code: 'gemm-not-measured',
      details: { gpu: 'L4', kernel: 'int4 AWQ/GPTQ weight-only' },
    });
  });

  it('uses the fallback profile with a warning on an unmeasured GPU', () => {
    const p = roofline.predict(inputs({ gpu: { ...testL4, id: 'T4' } }));
    expect(p.warnings.map((w) => w.code)).toContain('efficiency-estimated');
  });

  it('never gets faster with a bigger batch, longer prompt or more offloading (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 2, max: 1024 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (batchSize, inputTokens, outputTokens, offloadFraction) => {
          const base = roofline.predict(
            inputs({ batch: { batchSize, inputTokens, outputTokens }, offloadFraction }),
          );
          const bigger = roofline.predict(
            inputs({ batch: { batchSize: batchSize + 1, inputTokens, outputTokens }, offloadFraction }),
          );
          const longer = roofline.predict(
            inputs({ batch: { batchSize, inputTokens: inputTokens + 64, outputTokens }, offloadFraction }),
          );
          const offloaded = roofline.predict(
            inputs({
              batch: { batchSize, inputTokens, outputTokens },
              offloadFraction: offloadFraction + 0.1,
            }),
          );
          return (
            Number.isFinite(base.batchSeconds) &&
            bigger.batchSeconds >= base.batchSeconds &&
            longer.batchSeconds >= base.batchSeconds &&
            offloaded.batchSeconds >= base.batchSeconds
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('tensor parallelism over NVLink shortens a memory-bound decode step', () => {
    const one = roofline.predict(inputs({ batch: { batchSize: 4, inputTokens: 512, outputTokens: 128 } }));
    const two = roofline.predict(
      inputs({
        batch: { batchSize: 4, inputTokens: 512, outputTokens: 128 },
        tensorParallel: 2,
        gpuInterconnect: 'nvlink',
      }),
    );
    expect(two.decodeStepSeconds).toBeLessThan(one.decodeStepSeconds);
    expect(two.decode.interconnectSeconds).toBeGreaterThan(0);
  });
});
