import type { Issue } from './issue.js';
import type { KvCacheDtype, Precision } from './precision.js';

/** Quantization implementations an engine documents per GPU generation. */
export const QUANTIZATION_FORMATS = [
  'fp8-w8a8',
  'fp8-weight-only',
  'int8-w8a8',
  'awq',
  'gptq',
  'bitsandbytes',
  'nvfp4',
  'mxfp4',
] as const;
export type QuantizationFormat = (typeof QUANTIZATION_FORMATS)[number];

/**
 * How a pre-quantized checkpoint stores its weights, read from its `quantization_config` (config.json) or
 * ModelOpt's `hf_quant_config.json`. It fixes the plan's precision and the engine's kernels.
 */
export interface CheckpointQuantization {
  /** Where it was read. */
  source: 'quantization_config' | 'hf_quant_config.json';
  /** The config's method: fp8, awq, gptq, bitsandbytes, compressed-tensors, modelopt, mxfp4. */
  method: string;
  /** The planner's precision class of the weights (nvfp4 and mxfp4: 4-bit, counted as int4). */
  precision: Precision;
  /** Formats the engine may run it as, preferred first (its support table decides per GPU). */
  formats: QuantizationFormat[];
  /** FP8 with one scale per block of weights (`weight_block_size`, e.g. [128, 128]): vLLM runs block-scaled kernels. */
  weightBlockSize?: [number, number];
  /** Bytes per quantized weight, scales and zero points included. */
  weightBytesPerParameter: number;
  /** vLLM's `--quantization` value; absent where vLLM picks the kernel from the config (AWQ, GPTQ: Marlin where it runs). */
  vllmQuantization?: string;
  /** A KV-cache dtype the checkpoint was calibrated for (its scales are in the checkpoint). */
  kvCacheDtype?: KvCacheDtype;
  /** One line for people, e.g. `fp8, 128×128 blocks, dynamic activations`. */
  description: string;
}

/** What one engine version runs on which compute capability (its documentation's support table). */
export interface QuantizationSupport {
  /** The engine release the table is pinned to. */
  engineVersion: string;
  /** Compute capability of each GPU architecture name used in the GPU catalog, as the table defines them. */
  computeCapabilityByArchitecture: Record<string, number>;
  /** Lowest compute capability each format runs on; a format absent here is not claimed supported. */
  formats: Partial<Record<QuantizationFormat, { minComputeCapability: number }>>;
}

/**
 * How the planner's precision is deployed, in order of preference: fp8 plans FP8 compute (W8A8); int4 is a
 * pre-quantized AWQ checkpoint, or GPTQ where AWQ does not run; int8 is weight-only (GPTQ 8-bit). 16/32-bit
 * need no quantization.
 */
export const DEPLOYED_AS: Record<Precision, QuantizationFormat[]> = {
  fp32: [],
  bf16: [],
  fp16: [],
  fp8: ['fp8-w8a8'],
  int8: ['gptq'],
  int4: ['awq', 'gptq'],
};

/**
 * The format `precision` deploys as on a GPU of `architecture`, or the reason it cannot: the engine's
 * pinned table lists no format for it at that compute capability (e.g. FP8 W8A8 needs 8.9; V100 is 7.0).
 */
export function deployableFormat(
  support: QuantizationSupport,
  engine: string,
  precision: Precision,
  gpu: { id: string; architecture: string },
  checkpoint?: CheckpointQuantization,
): { ok: true; format: QuantizationFormat | null } | { ok: false; reason: Issue } {
  // A pre-quantized checkpoint runs only as its own format(s); a precision it was not quantized to is
  // refused when the request is built.
  const wanted = checkpoint?.precision === precision ? checkpoint.formats : DEPLOYED_AS[precision];
  if (wanted.length === 0) return { ok: true, format: null };
  const cc = support.computeCapabilityByArchitecture[gpu.architecture];
  if (cc !== undefined) {
    for (const format of wanted) {
      const min = support.formats[format]?.minComputeCapability;
      if (min !== undefined && cc >= min) return { ok: true, format };
    }
  }
  const needs = wanted
    .map((f) => `${f} ≥ ${support.formats[f]?.minComputeCapability ?? 'unsupported'}`)
    .join(', ');
  return {
    ok: false,
    reason: {
      code: 'quantization-unsupported',
      details: {
        precision,
        gpu: gpu.id,
        architecture: gpu.architecture,
        computeCapability: cc === undefined ? 'unknown' : cc.toFixed(1),
        engine,
        engineVersion: support.engineVersion,
        needs,
      },
    },
  };
}
