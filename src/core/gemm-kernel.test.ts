import { describe, expect, it } from 'vitest';
import { testL4 } from './fixtures/gpus.js';
import { fp8BytesPerParameter, gemmKernel } from './gemm-kernel.js';
import type { GpuSpec } from './gpu-spec.js';
import type { CheckpointQuantization } from './quantization-support.js';

const ampere: GpuSpec = {
  ...testL4,
  id: 'A',
  peak: { fp32FlopPerSecond: 19.5e12, fp16FlopPerSecond: 312e12 },
};
const blackwell: GpuSpec = { ...testL4, id: 'B', peak: { ...testL4.peak, fp4FlopPerSecond: 480e12 } };

const blockFp8: CheckpointQuantization = {
  source: 'quantization_config',
  method: 'fp8',
  precision: 'fp8',
  formats: ['fp8-w8a8', 'fp8-weight-only'],
  weightBlockSize: [128, 128],
  weightBytesPerParameter: fp8BytesPerParameter(128 * 128),
  description: 'fp8, 128×128 blocks',
};
const nvfp4: CheckpointQuantization = {
  source: 'hf_quant_config.json',
  method: 'modelopt',
  precision: 'int4',
  formats: ['nvfp4'],
  weightBytesPerParameter: 0.5 + 1 / 16,
  description: 'ModelOpt NVFP4',
};
const awq: CheckpointQuantization = {
  source: 'quantization_config',
  method: 'awq',
  precision: 'int4',
  formats: ['awq'],
  weightBytesPerParameter: 0.5 + 2.5 / 128,
  description: 'AWQ 4-bit, group size 128',
};

describe('gemmKernel: the GEMM kernel vLLM runs for a precision', () => {
  it('16- and 32-bit weights run the bf16 GEMMs', () => {
    for (const precision of ['bf16', 'fp16', 'fp32'] as const) {
      expect(gemmKernel(precision, testL4)).toEqual({ kind: 'bf16' });
    }
  });

  it('fp8 without block scales (online --quantization fp8, per-tensor checkpoints) runs the per-tensor fp8 GEMM', () => {
    expect(gemmKernel('fp8', testL4)).toEqual({ kind: 'measured', dtype: 'fp8' });
  });

  it('an fp8 checkpoint with weight_block_size runs the block-scaled fp8 GEMM', () => {
    expect(gemmKernel('fp8', testL4, blockFp8)).toEqual({ kind: 'measured', dtype: 'fp8_block' });
  });

  it('fp8 on a GPU without fp8 tensor cores is Marlin weight-only, not measured', () => {
    expect(gemmKernel('fp8', ampere, blockFp8)).toEqual({
      kind: 'weight-only',
      label: 'fp8 weight-only (Marlin)',
    });
  });

  it('an NVFP4 checkpoint runs the nvfp4 GEMM where the GPU has FP4 tensor cores, weight-only elsewhere', () => {
    expect(gemmKernel('int4', blackwell, nvfp4)).toEqual({ kind: 'measured', dtype: 'nvfp4' });
    expect(gemmKernel('int4', testL4, nvfp4).kind).toBe('weight-only');
  });

  it('AWQ/GPTQ int4 and int8 are weight-only', () => {
    expect(gemmKernel('int4', blackwell, awq)).toEqual({
      kind: 'weight-only',
      label: 'int4 awq weight-only',
    });
    expect(gemmKernel('int4', testL4)).toEqual({ kind: 'weight-only', label: 'int4 AWQ/GPTQ weight-only' });
    expect(gemmKernel('int8', testL4).kind).toBe('weight-only');
  });

  it('an FP8 weight-only (W8A16) checkpoint runs Marlin even on a GPU with fp8 tensor cores', () => {
    const w8a16: CheckpointQuantization = { ...blockFp8, formats: ['fp8-weight-only'] };
    expect(gemmKernel('fp8', testL4, w8a16).kind).toBe('weight-only');
  });

  it("a checkpoint quantized to another precision does not choose the plan's kernel", () => {
    expect(gemmKernel('fp8', testL4, nvfp4)).toEqual({ kind: 'measured', dtype: 'fp8' });
  });
});
