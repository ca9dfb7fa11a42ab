import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const WORKLOAD = [
  'recommend',
  '--model',
  'facebook/opt-2.7b',
  '--input-tokens',
  '128',
  '--output-tokens',
  '512',
  '--batch-size',
  '32',
  '--requests',
  '3000',
  '--slo-tps',
  '100',
];

describe('picks that deploy: vLLM 0.15.1 quantization support per GPU (issue 12)', () => {
  it('never picks fp8 on a V100: every p3 is rejected naming precision, GPU, compute capability and engine version', async () => {
    const r = await cli(...WORKLOAD, '--instances', 'p3.*', '--precision', 'fp8', '--json');
    const json = JSON.parse(r.out) as { pick: unknown; rejected: { reason: string; message: string }[] };
    expect(json.pick).toBeNull();
    expect(json.rejected.length).toBeGreaterThan(0);
    for (const rejection of json.rejected) {
      expect(rejection.reason).toBe('quantization-unsupported');
      expect(rejection.message).toContain('fp8');
      expect(rejection.message).toContain('compute capability 7.0');
      expect(rejection.message).toContain('0.15.1');
    }
  });

  it('plans int4 on a V100 as GPTQ (vLLM runs no AWQ on Volta) and emits --quantization gptq', async () => {
    const r = await cli(...WORKLOAD, '--instances', 'p3.2xlarge', '--precision', 'int4', '--emit', 'vllm');
    expect(r.out).toContain('--quantization gptq');
    expect(r.out).not.toContain('--quantization awq');
  });

  it('keeps AWQ for int4 on Ada (L4)', async () => {
    const r = await cli(...WORKLOAD, '--instances', 'g6.xlarge', '--precision', 'int4', '--emit', 'vllm');
    expect(r.out).toContain('--quantization awq');
  });

  it('keeps fp8 on an fp8-capable GPU (L4, compute capability 8.9)', async () => {
    const r = await cli(...WORKLOAD, '--instances', 'g6.xlarge', '--precision', 'fp8', '--json');
    expect((JSON.parse(r.out) as { pick: { precision: string } | null }).pick?.precision).toBe('fp8');
  });
});
