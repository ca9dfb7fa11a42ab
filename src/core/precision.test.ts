import { describe, expect, it } from 'vitest';
import { defaultKvCacheDtype, kvCacheBytesPerElement, PRECISIONS } from './precision.js';

describe('KV-cache dtype, apart from the weights’ precision', () => {
  it('fp8 plans default to an fp8 cache, every other precision to vLLM’s auto', () => {
    expect(PRECISIONS.map(defaultKvCacheDtype)).toEqual(['auto', 'auto', 'auto', 'fp8', 'auto', 'auto']);
  });

  it('auto stores the activation dtype (4 bytes for fp32, else 2) whatever the weights are quantized to', () => {
    expect(kvCacheBytesPerElement('fp32', 'auto')).toBe(4);
    expect(kvCacheBytesPerElement('bf16', 'auto')).toBe(2);
    expect(kvCacheBytesPerElement('fp8', 'auto')).toBe(2);
    expect(kvCacheBytesPerElement('int4', 'auto')).toBe(2);
  });

  it('fp8 stores one byte per element for any weights', () => {
    for (const p of PRECISIONS) expect(kvCacheBytesPerElement(p, 'fp8')).toBe(1);
  });
});
