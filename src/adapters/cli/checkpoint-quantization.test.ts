import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const SHARED = resolve(
  import.meta.dirname,
  '../../../../shared/data/model-configs/aiconfigurator-hf-configs',
);
const FP8 = resolve(SHARED, 'Qwen--Qwen3-32B-FP8_config.json');
const NVFP4 = resolve(SHARED, 'nvidia--Qwen3-235B-A22B-NVFP4_config.json');
const WORKLOAD = [
  ...['recommend', '--input-tokens', '512', '--output-tokens', '128', '--batch-size', '8'],
  ...['--slo-tps', '10'],
];

describe.skipIf(!existsSync(FP8) || !existsSync(NVFP4))(
  'pre-quantized checkpoints are planned and served as what they are (issue 12; skipped without ../shared)',
  () => {
    it('an FP8 checkpoint is planned in fp8 and served by its Hub id with --quantization fp8', async () => {
      const json = await cli(...WORKLOAD, '--model-config', FP8, '--instances', 'g6e.xlarge', '--json');
      const pick = (JSON.parse(json.out) as { pick: { precision: string } }).pick;
      expect(pick.precision).toBe('fp8');
      const r = await cli(...WORKLOAD, '--model-config', FP8, '--instances', 'g6e.xlarge', '--emit', 'vllm');
      expect(r.code).toBe(0);
      expect(r.out).toContain('vllm serve Qwen/Qwen3-32B-FP8');
      expect(r.out).toContain('--quantization fp8');
      expect(r.out).toContain('pre-quantized: fp8, 128×128 blocks');
    });

    it('--served-model-name names what vllm serve loads', async () => {
      const r = await cli(
        ...WORKLOAD,
        ...['--model-config', FP8, '--instances', 'g6e.xlarge', '--emit', 'vllm'],
        ...['--served-model-name', '/models/qwen3-32b-fp8'],
      );
      expect(r.out).toContain('vllm serve /models/qwen3-32b-fp8');
    });

    it('refuses a --precision the checkpoint is not quantized to', async () => {
      const r = await cli(...WORKLOAD, '--model-config', FP8, '--precision', 'bf16');
      expect(r.code).toBe(2);
      expect(r.err).toContain('pre-quantized');
      expect(r.err).toContain('--precision');
    });

    it('an FP8 checkpoint on a V100 is rejected with the support table’s reason', async () => {
      const r = await cli(...WORKLOAD, '--model-config', FP8, '--instances', 'p3.16xlarge', '--json');
      const json = JSON.parse(r.out) as { pick: unknown; rejected: { reason: string; message: string }[] };
      expect(json.pick).toBeNull();
      expect(json.rejected[0]?.reason).toBe('quantization-unsupported');
      expect(json.rejected[0]?.message).toContain('fp8-weight-only ≥ 8');
    });

    it('an NVFP4 checkpoint (hf_quant_config.json) is rejected everywhere: vLLM 0.15.1’s table has no NVFP4 row', async () => {
      const r = await cli(...WORKLOAD, '--model-config', NVFP4, '--instances', 'p5.48xlarge', '--json');
      const json = JSON.parse(r.out) as { pick: unknown; rejected: { reason: string; message: string }[] };
      expect(json.pick).toBeNull();
      expect(json.rejected[0]?.reason).toBe('quantization-unsupported');
      expect(json.rejected[0]?.message).toContain('nvfp4 ≥ unsupported');
    });
  },
);
