import { GEMM_DTYPE_ACTIVATION_QUANT_BYTES, type GemmKernel, gemmKernel } from './gemm-kernel.js';
import type { GpuSpec } from './gpu-spec.js';
import type { Issue } from './issue.js';
import type { ModelConfig } from './model-config.js';
import type { OperatorEfficiency } from './operator-time.js';
import type { EfficiencyProfile } from './operator-work.js';
import { peakFlopPerSecond } from './peak-flops.js';
import type { Precision } from './precision.js';

/** The peak and fitted efficiency a layer's GEMMs are timed with, and what the outputs must say about them. */
export interface GemmCost {
  kernel: GemmKernel;
  peakFlopPerSecond: number;
  efficiency: OperatorEfficiency;
  /** Bytes per input element of the activation quantization pass before the GEMM (0: none); see `layerGemms`. */
  activationQuantBytes: number;
  /** `gemm-efficiency-transferred` or `gemm-not-measured`, when the cost is not this GPU's own fit. */
  warnings: Issue[];
}

/**
 * How a plan's GEMMs are costed (`operatorSeconds` with this peak and efficiency, on the work of
 * `layerGemms`):
 * - 16/32-bit weights: the compute format's peak and the bf16 `gemm` fit (unchanged);
 * - FP8 and NVFP4 with tensor cores for them: the FP8 or FP4 peak and the fit of that measured dtype,
 *   with the kernel's activation quantization pass (`GEMM_DTYPE_ACTIVATION_QUANT_BYTES`) added serially
 *   (per-tensor `fp8` or block-scaled `fp8_block`, see `gemmKernel`) — this GPU's own, or the median of
 *   the GPUs measured with it (flagged); a profile without per-dtype fits uses the bf16 fit, flagged;
 * - weight-only kernels (AWQ/GPTQ Marlin, FP8 without FP8 tensor cores): not measured. Timed as the
 *   Marlin authors' "ideal" model — the 16-bit peak with the quantized weight bytes — at this GPU's bf16
 *   efficiency, i.e. dequantization hidden under the weight loads (Marlin measured 3.87× over FP16 at
 *   batch 1–32 against an ideal 3.87–3.90×, and 1.55× at batch 128 against 1.63×, on an A10:
 *   IST-DASLab/marlin_artifact result/marlin.csv). Flagged "not measured".
 */
export function gemmCost(
  gpu: GpuSpec,
  precision: Precision,
  quantization: ModelConfig['quantization'],
  profile: EfficiencyProfile,
): GemmCost {
  const kernel = gemmKernel(precision, gpu, quantization);
  if (kernel.kind === 'bf16') {
    return {
      kernel,
      peakFlopPerSecond: peakFlopPerSecond(gpu, precision).value,
      efficiency: profile.gemm,
      activationQuantBytes: 0,
      warnings: [],
    };
  }
  if (kernel.kind === 'weight-only') {
    return {
      kernel,
      peakFlopPerSecond: gpu.peak.fp16FlopPerSecond,
      efficiency: profile.gemm,
      activationQuantBytes: 0,
      warnings: [{ code: 'gemm-not-measured', details: { gpu: gpu.id, kernel: kernel.label } }],
    };
  }
  const peak = kernel.dtype === 'nvfp4' ? gpu.peak.fp4FlopPerSecond : gpu.peak.fp8FlopPerSecond;
  const fitted = profile.gemmByDtype?.[kernel.dtype];
  const { transferredFrom, ...efficiency } = fitted ?? { ...profile.gemm, transferredFrom: undefined };
  const from = fitted ? transferredFrom : ['bf16'];
  return {
    kernel,
    peakFlopPerSecond: peak ?? gpu.peak.fp16FlopPerSecond,
    efficiency,
    activationQuantBytes: GEMM_DTYPE_ACTIVATION_QUANT_BYTES[kernel.dtype],
    warnings: from
      ? [{ code: 'gemm-efficiency-transferred', details: { gpu: gpu.id, dtype: kernel.dtype, from } }]
      : [],
  };
}

/** The LM head's GEMM cost: the unquantized (16-bit, or fp32) kernel whatever the layers run (`lmHeadWork`). */
export function lmHeadGemmCost(gpu: GpuSpec, precision: Precision, profile: EfficiencyProfile): GemmCost {
  return gemmCost(gpu, precision === 'fp32' ? 'fp32' : 'bf16', undefined, profile);
}
