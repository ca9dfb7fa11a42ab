import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { testL4, unitEfficiency } from './fixtures/gpus.js';
import { llama31_8b } from './fixtures/models.js';
import { gemmCost } from './gemm-cost.js';
import { layerGemms } from './layer-operators.js';
import { operatorSeconds } from './operator-time.js';
import type { EfficiencyProfile } from './operator-work.js';
import { weightGemmWork } from './operator-work.js';
import { deployableFormat } from './quantization-support.js';

/** bf16 factors and an fp8 fit of their own, on the L4 fixture (120 TFLOP/s fp16, 240 fp8, 300 GB/s). */
const profile: EfficiencyProfile = {
  ...unitEfficiency,
  gemm: { computeEfficiency: 0.5, memoryEfficiency: 0.8, fixedSeconds: 5e-6 },
  gemmByDtype: { fp8: { computeEfficiency: 0.6, memoryEfficiency: 0.75, fixedSeconds: 8e-6 } },
};

const secondsOf = (cost: ReturnType<typeof gemmCost>, m: number, k: number, n: number, weightBytes: number) =>
  operatorSeconds(
    weightGemmWork(m, k, n, weightBytes, 2, cost.activationQuantBytes),
    cost.peakFlopPerSecond,
    testL4.hbmBytesPerSecond,
    cost.efficiency,
  ).seconds;

describe('gemmCost: hand-worked fp8 GEMMs', () => {
  const fp8 = gemmCost(testL4, 'fp8', undefined, profile);

  it('times fp8 GEMMs at the fp8 peak with the fp8 fit, and says nothing (it is this GPU’s own fit)', () => {
    expect(fp8.peakFlopPerSecond).toBe(240e12);
    // The activation quantization pass reads 2 B and writes 1 B per input element.
    expect(fp8.activationQuantBytes).toBe(3);
    expect(fp8.efficiency).toEqual({ computeEfficiency: 0.6, memoryEfficiency: 0.75, fixedSeconds: 8e-6 });
    expect(fp8.warnings).toEqual([]);
  });

  it('a 4096³ fp8 GEMM: compute bound 954.44 µs + quantization pass 223.70 µs + 8 µs = 1186.14 µs', () => {
    // 137,438,953,472 FLOP / 1.44e14 FLOP/s = 954.44 µs (bytes 4096² × 1 + 2 × 4096² × 2 = 83.9 MB → 372.8 µs);
    // the serial pass moves 4096² × 3 = 50,331,648 B at 300e9 × 0.75 → 223.70 µs.
    expect(secondsOf(fp8, 4096, 4096, 4096, 1)).toBeCloseTo(954.437e-6 + 223.696e-6 + 8e-6, 9);
  });

  it('a one-token 4096×4096 fp8 GEMM is memory bound: (16,793,600 + 12,288) B / (300e9 × 0.75) + 8 µs = 82.69 µs', () => {
    // bytes: 4096² weights × 1 + (4096 + 4096) activations × 2 = 16,793,600; serial pass 4096 × 3 = 12,288.
    expect(secondsOf(fp8, 1, 4096, 4096, 1)).toBeCloseTo((16_793_600 + 12_288) / 225e9 + 8e-6, 12);
  });

  it('int4 weight-only (AWQ/GPTQ) runs at the 16-bit peak with the bf16 fit, flagged not measured', () => {
    const int4 = gemmCost(testL4, 'int4', undefined, profile);
    expect(int4.peakFlopPerSecond).toBe(120e12);
    expect(int4.activationQuantBytes).toBe(0);
    expect(int4.efficiency).toBe(profile.gemm);
    expect(int4.warnings).toEqual([
      { code: 'gemm-not-measured', details: { gpu: 'L4', kernel: 'int4 AWQ/GPTQ weight-only' } },
    ]);
    // One token through 4096×4096 at 0.5 + 4/128 bytes per weight: 8,929,280 B / (300e9 × 0.8) + 5 µs.
    expect(secondsOf(int4, 1, 4096, 4096, 0.5 + 4 / 128)).toBeCloseTo(8_929_280 / 240e9 + 5e-6, 12);
  });

  it('a profile without an fp8 fit uses the bf16 factors at the fp8 peak, flagged', () => {
    const cost = gemmCost(testL4, 'fp8', undefined, unitEfficiency);
    expect(cost.peakFlopPerSecond).toBe(240e12);
    expect(cost.efficiency).toEqual(unitEfficiency.gemm);
    expect(cost.warnings).toEqual([
      { code: 'gemm-efficiency-transferred', details: { gpu: 'L4', dtype: 'fp8', from: ['bf16'] } },
    ]);
  });

  it('a transferred fp8 fit names the GPUs it came from', () => {
    const transferred: EfficiencyProfile = {
      ...profile,
      gemmByDtype: { fp8: { ...profile.gemm, transferredFrom: ['H100-SXM', 'L40S'] } },
    };
    const cost = gemmCost(testL4, 'fp8', undefined, transferred);
    expect(cost.efficiency).toEqual(profile.gemm);
    expect(cost.warnings[0]?.details).toEqual({ gpu: 'L4', dtype: 'fp8', from: ['H100-SXM', 'L40S'] });
  });

  it('bf16 keeps the bf16 fit at the fp16 peak', () => {
    const bf16 = gemmCost(testL4, 'bf16', undefined, profile);
    expect(bf16).toMatchObject({ peakFlopPerSecond: 120e12, efficiency: profile.gemm, warnings: [] });
  });
});

describe('gemmCost on the shipped H100-SXM data', () => {
  const gpus = fsPlannerData.gpus();
  const efficiency = fsPlannerData.efficiency();
  if (!gpus.ok || !efficiency.ok) throw new Error('built-in data does not parse');
  const h100 = gpus.value.find((g) => g.id === 'H100-SXM');
  const h100Profile = efficiency.value.byGpuId['H100-SXM'];
  if (!h100 || !h100Profile) throw new Error('H100-SXM not in the built-in data');
  const peakRatio = (h100.peak.fp8FlopPerSecond ?? 0) / h100.peak.fp16FlopPerSecond;

  it('has its own fp8 fit (measured, not transferred)', () => {
    expect(gemmCost(h100, 'fp8', undefined, h100Profile).warnings).toEqual([]);
  });

  it('predicts every Llama-3.1-8B layer GEMM faster in fp8 than in bf16, by no more than the fp8/bf16 peak ratio', () => {
    const fp8 = gemmCost(h100, 'fp8', undefined, h100Profile);
    const bf16 = gemmCost(h100, 'bf16', undefined, h100Profile);
    for (const m of [1, 8, 64, 256, 1024, 4096, 16384]) {
      const time = (cost: typeof fp8, precision: 'fp8' | 'bf16') =>
        layerGemms(llama31_8b, precision, 1, m, cost.activationQuantBytes).reduce(
          (sum, work) =>
            sum +
            operatorSeconds(work, cost.peakFlopPerSecond, h100.hbmBytesPerSecond, cost.efficiency).seconds,
          0,
        );
      const speedup = time(bf16, 'bf16') / time(fp8, 'fp8');
      expect(speedup, `m = ${m}`).toBeGreaterThan(1);
      expect(speedup, `m = ${m}`).toBeLessThanOrEqual(peakRatio);
    }
  });

  it('still refuses what vLLM cannot run: fp8 on a V100, NVFP4 (no row in the pinned table) on a B200', () => {
    const engines = fsPlannerData.engines?.();
    if (!engines?.ok) throw new Error('engine profiles do not parse');
    const vllm = engines.value.find((e) => e.id === 'vllm');
    if (!vllm?.quantization) throw new Error('vllm profile has no quantization table');
    const v100 = { id: 'V100-16GB', architecture: 'Volta' };
    const b200 = { id: 'B200', architecture: 'Blackwell' };
    expect(deployableFormat(vllm.quantization, 'vllm', 'fp8', v100).ok).toBe(false);
    const nvfp4 = {
      source: 'hf_quant_config.json' as const,
      method: 'modelopt',
      precision: 'int4' as const,
      formats: ['nvfp4' as const],
      weightBytesPerParameter: 0.5 + 1 / 16,
      description: 'ModelOpt NVFP4',
    };
    expect(deployableFormat(vllm.quantization, 'vllm', 'int4', b200, nvfp4).ok).toBe(false);
  });
});
