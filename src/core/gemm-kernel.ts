import type { GpuSpec } from './gpu-spec.js';
import type { ModelConfig } from './model-config.js';
import type { Precision } from './precision.js';

/**
 * GEMM data types measured per GPU in AIConfigurator's vLLM kernel database (gemm_perf `gemm_dtype`):
 * `fp8` is per-tensor (or per-channel) scaled FP8 W8A8 (vLLM's CUTLASS scaled_mm), `fp8_block` is
 * 128×128-block-scaled FP8 (DeepGEMM, CUTLASS or Triton block kernels), `nvfp4` is NVFP4 W4A4
 * (FlashInfer/CUTLASS FP4 kernels, Blackwell). bf16 is the `gemm` efficiency of every profile.
 */
export const GEMM_DTYPES = ['fp8', 'fp8_block', 'nvfp4'] as const;
export type GemmDtype = (typeof GEMM_DTYPES)[number];

/** NVFP4: E2M1 weights with one FP8 scale per 16 (ModelOpt). */
export const NVFP4_BYTES_PER_PARAMETER = 0.5 + 1 / 16;
/** The block DeepSeek-V3-style FP8 checkpoints use (`weight_block_size: [128, 128]`). */
const FP8_WEIGHT_BLOCK = 128 * 128;

/** Bytes per weight of FP8 with one fp32 scale per block of `blockWeights` weights (0: per tensor). */
export function fp8BytesPerParameter(blockWeights: number): number {
  return 1 + (blockWeights > 0 ? 4 / blockWeights : 0);
}

/**
 * Weight bytes the fitted work of a measured GEMM dtype assumes (AIConfigurator's shapes carry no scales of their own).
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export const GEMM_DTYPE_WEIGHT_BYTES: Record<GemmDtype, number> = {
  fp8: fp8BytesPerParameter(0),
  fp8_block: fp8BytesPerParameter(FP8_WEIGHT_BLOCK),
  nvfp4: NVFP4_BYTES_PER_PARAMETER,
};

/**
 * Bytes per activation element of the separate quantization pass before a W8A8/W4A4 GEMM (vLLM's
 * Fp8LinearOp calls `scaled_fp8_quant`, dynamic per token for CUTLASS, before `cutlass_scaled_mm`;
 * block-scaled FP8 quantizes per 1×128 group, NVFP4 per 16): it reads the 16-bit input (2 B) and writes
 * the quantized copy with its scales.
 */
export const GEMM_DTYPE_ACTIVATION_QUANT_BYTES: Record<GemmDtype, number> = {
  fp8: 2 + 1,
  fp8_block: 2 + 1 + 4 / 128,
  nvfp4: 2 + NVFP4_BYTES_PER_PARAMETER,
};

/**
 * Which GEMM kernel a plan's layers run, as vLLM picks it:
 * - `measured`: a dtype of the kernel database, at that format's tensor-core peak;
 * - `bf16`: 16-bit (or fp32) weights, the profile's bf16 `gemm` efficiency at the compute format's peak;
 * - `weight-only`: weights dequantized to 16 bit inside the kernel (AWQ/GPTQ through Marlin, FP8 on a GPU
 *   without FP8 tensor cores, NVFP4 without FP4 tensor cores) — not measured, see `weightOnlyLabel`.
 */
export type GemmKernel =
  | { kind: 'bf16' }
  | { kind: 'measured'; dtype: GemmDtype }
  | { kind: 'weight-only'; label: string };

/**
 * The kernel for `precision` on `gpu` (vLLM's Fp8LinearMethod: a checkpoint with `weight_block_size`
 * runs the block-scaled op, any other FP8 the per-tensor/per-channel CUTLASS scaled_mm, and a GPU below
 * compute capability 8.9 the Marlin weight-only kernel; NVFP4 needs FP4 tensor cores). int8 is planned
 * as GPTQ 8-bit weight-only (`DEPLOYED_AS`), so it is weight-only too.
 */
export function gemmKernel(
  precision: Precision,
  gpu: Pick<GpuSpec, 'peak'>,
  quantization?: ModelConfig['quantization'],
): GemmKernel {
  const checkpoint = quantization?.precision === precision ? quantization : undefined;
  switch (precision) {
    case 'fp32':
    case 'bf16':
    case 'fp16':
      return { kind: 'bf16' };
    case 'fp8':
      // A W8A16 checkpoint (compressed-tensors FP8 weight-only) runs Marlin even with FP8 tensor cores.
      if (
        gpu.peak.fp8FlopPerSecond === undefined ||
        (checkpoint && !checkpoint.formats.includes('fp8-w8a8'))
      ) {
        return { kind: 'weight-only', label: 'fp8 weight-only (Marlin)' };
      }
      return { kind: 'measured', dtype: checkpoint?.weightBlockSize ? 'fp8_block' : 'fp8' };
    case 'int8':
      return { kind: 'weight-only', label: `int8 ${checkpoint?.method ?? 'GPTQ'} weight-only` };
    case 'int4':
      if (checkpoint?.formats.includes('nvfp4')) {
        return gpu.peak.fp4FlopPerSecond === undefined
          ? { kind: 'weight-only', label: 'nvfp4 weight-only (Marlin)' }
          : { kind: 'measured', dtype: 'nvfp4' };
      }
      return { kind: 'weight-only', label: `int4 ${checkpoint?.method ?? 'AWQ/GPTQ'} weight-only` };
  }
}
