import { describe, expect, it } from 'vitest';
import { type DtypeGemmFit, dtypeGemmProfiles, dtypeGemmSamples, dtypeLeaveOneGpuOut } from './dtype-gemm.js';
import type { GemmRow } from './tables.js';

const row = (dtype: string, m: number, n: number, k: number, seconds: number): GemmRow => ({
  device: 'D',
  dtype,
  m,
  n,
  k,
  seconds,
});

describe('dtypeGemmSamples', () => {
  it('keeps one dtype inside the bf16 filters, the faster of duplicate shapes, with the product’s fp8 work', () => {
    const samples = dtypeGemmSamples(
      [
        row('fp8', 16, 4096, 4096, 2e-5),
        row('fp8', 16, 4096, 4096, 1e-5),
        row('fp8', 16, 128, 4096, 1e-6), // n < 256
        row('fp8', 32768, 4096, 4096, 1e-3), // m > 16384
        row('bfloat16', 16, 4096, 4096, 3e-5),
      ],
      'fp8',
    );
    expect(samples).toEqual([
      {
        // 2·16·4096·4096 FLOP; 4096² fp8 weights (1 B) + 16·(4096 + 4096) bf16 activations (2 B).
        flop: 536_870_912,
        bytes: 16_777_216 + 262_144,
        // The activation quantization pass: 16·4096 inputs read at 2 B and written at 1 B.
        serialBytes: 16 * 4096 * 3,
        shapeKey: 'gemm:16x4096x4096',
        measuredSeconds: 1e-5,
        sizeBucket: 'm 1–16',
      },
    ]);
  });

  it('counts block-scaled fp8 weights at 1 + 4/128² bytes and nvfp4 at 0.5 + 1/16', () => {
    const [block] = dtypeGemmSamples([row('fp8_block', 1, 1024, 1024, 1e-5)], 'fp8_block');
    const [fp4] = dtypeGemmSamples([row('nvfp4', 1, 1024, 1024, 1e-5)], 'nvfp4');
    expect(block?.bytes).toBe(1024 * 1024 * (1 + 4 / 16384) + 2048 * 2);
    expect(fp4?.bytes).toBe(1024 * 1024 * (0.5 + 1 / 16) + 2048 * 2);
  });
});

const dtypeFit = (gpuId: string, dtype: DtypeGemmFit['dtype'], computeEfficiency: number): DtypeGemmFit => ({
  gpuId,
  dtype,
  peaks: { flopPerSecond: 1e15, hbmBytesPerSecond: 1e12 },
  efficiency: { computeEfficiency, memoryEfficiency: 0.5, fixedSeconds: 1e-5 },
  report: {} as DtypeGemmFit['report'],
  previousRule: { samples: 0, medianAbsPctError: 0, p90AbsPctError: 0, medianPredictedOverMeasured: 1 },
  samples: [
    {
      flop: 1e12,
      bytes: 1,
      serialBytes: 0,
      shapeKey: 'gemm:1x1x1',
      measuredSeconds: 2e-3,
      sizeBucket: 'm 1–16',
    },
  ],
});

describe('dtypeGemmProfiles: the transfer rule', () => {
  const fits = [dtypeFit('A', 'fp8', 0.2), dtypeFit('B', 'fp8', 0.4), dtypeFit('C', 'fp8', 0.9)];
  const gpus = [
    { gpuId: 'A', peaks: { fp8FlopPerSecond: 1e15, hbmBytesPerSecond: 1e12 } },
    { gpuId: 'X', peaks: { fp8FlopPerSecond: 1e15, hbmBytesPerSecond: 1e12 } },
    { gpuId: 'Old', peaks: { hbmBytesPerSecond: 1e12 } },
  ];
  const { byGpu, fallback } = dtypeGemmProfiles(fits, gpus);

  it('a fitted GPU keeps its own fit, unflagged', () => {
    expect(byGpu.A?.fp8).toEqual(fits[0]?.efficiency);
  });

  it('a GPU with fp8 tensor cores but no fit takes the median of the fitted GPUs, naming them', () => {
    expect(byGpu.X?.fp8).toEqual({
      computeEfficiency: 0.4,
      memoryEfficiency: 0.5,
      fixedSeconds: 1e-5,
      transferredFrom: ['A', 'B', 'C'],
    });
    expect(fallback.fp8?.transferredFrom).toEqual(['A', 'B', 'C']);
  });

  it('a GPU without the tensor cores gets no entry (its plans run weight-only)', () => {
    expect(byGpu.Old).toEqual({});
  });

  it('scores each fitted GPU with the median of the others (leave one GPU out)', () => {
    // Held out A: median of B and C = 0.65 → predicted 1e12 / (1e15 × 0.65) + 1e-5 = 1.5485 ms vs 2 ms.
    const loo = dtypeLeaveOneGpuOut(fits);
    expect(loo.A?.fp8?.medianPredictedOverMeasured).toBeCloseTo((1e12 / 6.5e14 + 1e-5) / 2e-3, 2);
  });
});
