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
 * vLLM's `--kv-cache-dtype`, chosen apart from the weights' precision: `auto` stores K and V in the
 * model's activation dtype (16 bit, or 32 for fp32 models), whatever the weights are quantized to;
 * `fp8` stores them in one byte (FP8 E4M3).
 */
export const KV_CACHE_DTYPES = ['auto', 'fp8'] as const;
export type KvCacheDtype = (typeof KV_CACHE_DTYPES)[number];

/**
 * The KV-cache dtype a plan uses when none is chosen: fp8 plans keep an fp8 cache (and their emitted
 * `vllm serve` says `--kv-cache-dtype fp8`); every other precision keeps vLLM's `auto`.
 */
export function defaultKvCacheDtype(precision: Precision): KvCacheDtype {
  return precision === 'fp8' ? 'fp8' : 'auto';
}

/**
 * Bytes per KV-cache element for weights in `precision` and a KV cache in `kvCacheDtype` (absent: the
 * precision's default). Weight-only int8/int4 quantization keeps a 16-bit cache under `auto`.
 */
export function kvCacheBytesPerElement(
  precision: Precision,
  kvCacheDtype: KvCacheDtype = defaultKvCacheDtype(precision),
): number {
  if (kvCacheDtype === 'fp8') return 1;
  return precision === 'fp32' ? 4 : 2;
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
