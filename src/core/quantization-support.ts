import type { Issue } from './issue.js';
import type { Precision } from './precision.js';

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
): { ok: true; format: QuantizationFormat | null } | { ok: false; reason: Issue } {
  const wanted = DEPLOYED_AS[precision];
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
