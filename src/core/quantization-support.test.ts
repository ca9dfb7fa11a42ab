import { describe, expect, it } from 'vitest';
import { deployableFormat, type QuantizationSupport } from './quantization-support.js';

/** vLLM 0.15.1's table, as data/v1/engines/vllm.json keeps it. */
const VLLM: QuantizationSupport = {
  engineVersion: '0.15.1',
  computeCapabilityByArchitecture: { Volta: 7.0, Turing: 7.5, Ampere: 8.0, 'Ada Lovelace': 8.9, Hopper: 9.0 },
  formats: {
    'fp8-w8a8': { minComputeCapability: 8.9 },
    awq: { minComputeCapability: 7.5 },
    gptq: { minComputeCapability: 7.0 },
  },
};
const V100 = { id: 'V100-16GB', architecture: 'Volta' };
const L4 = { id: 'L4', architecture: 'Ada Lovelace' };

describe('deployableFormat', () => {
  it('refuses fp8 on a V100 (7.0 < 8.9), naming precision, GPU and engine version', () => {
    const r = deployableFormat(VLLM, 'vllm', 'fp8', V100);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.details).toMatchObject({
      precision: 'fp8',
      gpu: 'V100-16GB',
      computeCapability: '7.0',
      engineVersion: '0.15.1',
      needs: 'fp8-w8a8 ≥ 8.9',
    });
  });

  it('deploys int4 on a V100 as GPTQ (AWQ needs Turing), and as AWQ on Ada', () => {
    expect(deployableFormat(VLLM, 'vllm', 'int4', V100)).toEqual({ ok: true, format: 'gptq' });
    expect(deployableFormat(VLLM, 'vllm', 'int4', L4)).toEqual({ ok: true, format: 'awq' });
  });

  it('needs no format for 16-bit, and refuses a quantized precision on an architecture the table omits', () => {
    expect(deployableFormat(VLLM, 'vllm', 'bf16', { id: 'X', architecture: 'Unknown' })).toEqual({
      ok: true,
      format: null,
    });
    expect(deployableFormat(VLLM, 'vllm', 'fp8', { id: 'X', architecture: 'Unknown' }).ok).toBe(false);
  });
});
