import { describe, expect, it } from 'vitest';
import type { CheckpointQuantization } from '../../core/quantization-support.js';
import { latencyPlan, throughputPick } from './fixtures/picks.js';
import { VLLM_SERVE_FLAGS, VLLM_VERSION } from './fixtures/vllm-0.15.1-flags.js';
import type { DeployPlan } from './plan.js';
import { vllmServe } from './vllm.js';

/** Every flag of the argv (after the model) with its value, checked against the pinned list. */
function unknownFlags(args: string[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const flag = args[i] as string;
    if (!flag.startsWith('--')) {
      problems.push(`stray word ${flag}`);
      continue;
    }
    const known = VLLM_SERVE_FLAGS[flag];
    const value = args[i + 1];
    if (!known) problems.push(`${flag} is not a vLLM ${VLLM_VERSION} flag`);
    else if (known.values && (value === undefined || !known.values.includes(value)))
      problems.push(`${flag} ${String(value)} is not one of ${known.values.join(', ')}`);
    if (value !== undefined && !value.startsWith('--')) i++;
  }
  return problems;
}

const checkpoint = (vllmQuantization: string | undefined): CheckpointQuantization => ({
  source: 'quantization_config',
  method: vllmQuantization ?? 'awq',
  precision: 'int4',
  formats: ['awq'],
  weightBytesPerParameter: 0.52,
  ...(vllmQuantization ? { vllmQuantization } : {}),
  description: 'test',
});

describe(`every emitted vllm serve flag is one of vLLM ${VLLM_VERSION}'s`, () => {
  const { plan } = throughputPick();
  const variants: DeployPlan[] = [
    plan,
    latencyPlan(),
    ...(['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const).map((precision) => ({
      ...plan,
      precision,
    })),
    { ...plan, precision: 'int4', quantizationFormat: 'gptq' },
    { ...plan, kvCacheDtype: 'fp8' },
    { ...plan, offloadFraction: 0.3, offloadedBytesPerGpu: 2 ** 32 },
    ...[undefined, 'fp8', 'compressed-tensors', 'modelopt', 'modelopt_fp4', 'mxfp4', 'bitsandbytes'].map(
      (q) => ({ ...plan, checkpoint: checkpoint(q) }),
    ),
  ];

  it('for each precision, format, KV dtype, offload and checkpoint variant, with and without host/port', () => {
    for (const p of variants) {
      expect(unknownFlags(vllmServe(p).args)).toEqual([]);
      expect(unknownFlags(vllmServe(p, { host: '0.0.0.0', port: 8000 }).args)).toEqual([]);
    }
  });

  it('the check itself catches a flag vLLM does not have and a value it does not take', () => {
    expect(unknownFlags(['m', '--cpu-offload-kv', '4'])).toEqual([
      `--cpu-offload-kv is not a vLLM ${VLLM_VERSION} flag`,
    ]);
    expect(unknownFlags(['m', '--kv-cache-dtype', 'int4'])).toHaveLength(1);
  });
});
