/** Numeric formats a model's weights (and KV cache) can be stored in. */
export const PRECISIONS = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * Bytes per stored weight. int4 (AWQ/GPTQ-style, group size 128) also stores one fp16 scale and one
 * fp16 zero point per group: 0.5 + 4 / 128 bytes.
 */
export function bytesPerParameter(precision: Precision): number {
  switch (precision) {
    case 'fp32':
      return 4;
    case 'bf16':
    case 'fp16':
      return 2;
    case 'fp8':
    case 'int8':
      return 1;
    case 'int4':
      return 0.5 + 4 / 128;
  }
}

/**
 * Bytes per KV-cache element when weights are in `precision`. Weight-only int8/int4 quantization keeps
 * a 16-bit KV cache (vLLM's default `kv_cache_dtype=auto`); fp8 models keep an fp8 KV cache.
 */
export function kvCacheBytesPerElement(precision: Precision): number {
  if (precision === 'fp32') return 4;
  if (precision === 'fp8') return 1;
  return 2;
}

/** The tensor-core format the matrix multiplies run in: weight-only int8/int4 dequantize to 16 bit. */
export function computeFormat(precision: Precision): 'fp32' | 'fp16' | 'fp8' {
  if (precision === 'fp32') return 'fp32';
  if (precision === 'fp8') return 'fp8';
  return 'fp16';
}

export function isPrecision(value: string): value is Precision {
  return (PRECISIONS as readonly string[]).includes(value);
}
