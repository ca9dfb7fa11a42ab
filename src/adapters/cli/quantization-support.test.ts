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

describe('--kv-cache-dtype apart from the weights (issue 12)', () => {
  it('an fp8 plan emits --kv-cache-dtype fp8, the cache its memory assumed', async () => {
    const json = JSON.parse(
      (await cli(...WORKLOAD, '--instances', 'g6.xlarge', '--precision', 'fp8', '--json')).out,
    ) as { pick: { kvCacheDtype: string } };
    expect(json.pick.kvCacheDtype).toBe('fp8');
    const r = await cli(...WORKLOAD, '--instances', 'g6.xlarge', '--precision', 'fp8', '--emit', 'vllm');
    expect(r.out).toContain('--quantization fp8');
    expect(r.out).toContain('--kv-cache-dtype fp8');
  });

  it('--kv-cache-dtype auto with fp8 weights plans a 16-bit cache (twice the bytes) and emits no fp8 cache flag', async () => {
    const kvBytes = async (...extra: string[]) => {
      const r = await cli(...WORKLOAD, '--instances', 'g6.xlarge', '--precision', 'fp8', ...extra, '--json');
      return (JSON.parse(r.out) as { pick: { memory: { kvCacheBytes: number }; kvCacheDtype: string } }).pick;
    };
    const fp8 = await kvBytes();
    const auto = await kvBytes('--kv-cache-dtype', 'auto');
    expect(auto.kvCacheDtype).toBe('auto');
    expect(auto.memory.kvCacheBytes).toBe(2 * fp8.memory.kvCacheBytes);
    const r = await cli(
      ...WORKLOAD,
      '--instances',
      'g6.xlarge',
      '--precision',
      'fp8',
      '--kv-cache-dtype',
      'auto',
      '--emit',
      'vllm',
    );
    expect(r.out).not.toContain('--kv-cache-dtype');
  });

  it('bf16 weights with --kv-cache-dtype fp8 emit --dtype bfloat16 and --kv-cache-dtype fp8', async () => {
    const r = await cli(
      ...WORKLOAD,
      '--instances',
      'g6.xlarge',
      '--precision',
      'bf16',
      '--kv-cache-dtype',
      'fp8',
      '--emit',
      'vllm',
    );
    expect(r.out).toContain('--dtype bfloat16');
    expect(r.out).toContain('--kv-cache-dtype fp8');
  });

  it('rejects an unknown KV dtype naming the flag', async () => {
    const r = await cli(...WORKLOAD, '--kv-cache-dtype', 'int4');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--kv-cache-dtype');
  });
});

describe('latency-SLO mode deploys only what the GPU runs (issue 12)', () => {
  const LATENCY = [
    'recommend',
    ...['--model', 'facebook/opt-2.7b', '--rate', '1', '--requests', '40', '--arrival', 'poisson'],
    ...['--input-tokens', '128', '--output-tokens', '32', '--seed', '7', '--slo-ttft-p95', '5s'],
  ];

  it('rejects fp8 on a V100 with the support table’s reason instead of simulating it', async () => {
    const r = await cli(...LATENCY, '--instances', 'p3.2xlarge', '--precision', 'fp8', '--json');
    const json = JSON.parse(r.out) as { pick: unknown; rejected: { reason: string }[] };
    expect(json.pick).toBeNull();
    expect(json.rejected.map((x) => x.reason)).toEqual(['quantization-unsupported']);
  });

  it('an fp8 latency pick emits --kv-cache-dtype fp8', async () => {
    const r = await cli(...LATENCY, '--instances', 'g6.xlarge', '--precision', 'fp8', '--emit', 'vllm');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--kv-cache-dtype fp8');
  });
});

it('latency mode plans int4 on a V100 as GPTQ and emits --quantization gptq', async () => {
  const r = await cli(
    ...['recommend', '--model', 'facebook/opt-2.7b', '--rate', '1', '--requests', '40'],
    ...['--input-tokens', '128', '--output-tokens', '32', '--seed', '7', '--slo-ttft-p95', '5s'],
    ...['--instances', 'p3.2xlarge', '--precision', 'int4', '--emit', 'vllm'],
  );
  expect(r.out).toContain('--quantization gptq');
});
