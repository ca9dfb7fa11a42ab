import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AWQ_4BIT,
  BNB_4BIT,
  COMPRESSED_TENSORS_INT8_W8A8,
  COMPRESSED_TENSORS_W4A16,
  GPTQ_8BIT,
} from './fixtures/quantization-configs.js';
import { readCheckpointQuantization } from './parse-quantization.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data/model-configs/aiconfigurator-hf-configs');
const shared = (name: string) => resolve(SHARED, name);
const json = (name: string) => JSON.parse(readFileSync(shared(name), 'utf8')) as Record<string, unknown>;
const withShared = (...names: string[]) => it.skipIf(!names.every((n) => existsSync(shared(n))));

describe('readCheckpointQuantization', () => {
  it('no quantization_config and no hf_quant_config.json: nothing to read', () => {
    expect(readCheckpointQuantization({})).toEqual({ issues: [] });
  });

  withShared('Qwen--Qwen3-32B-FP8_config.json')(
    'Qwen3-32B-FP8 (block fp8): fp8, W8A8 or Marlin weight-only, 1 + 4/(128·128) bytes per weight, --quantization fp8',
    () => {
      const q = readCheckpointQuantization(json('Qwen--Qwen3-32B-FP8_config.json')).quantization;
      expect(q).toMatchObject({
        source: 'quantization_config',
        method: 'fp8',
        precision: 'fp8',
        formats: ['fp8-w8a8', 'fp8-weight-only'],
        vllmQuantization: 'fp8',
      });
      expect(q?.weightBytesPerParameter).toBe(1 + 4 / 16384);
      // vLLM's Fp8LinearMethod runs a checkpoint with weight_block_size through its block-scaled kernels.
      expect(q?.weightBlockSize).toEqual([128, 128]);
      expect(q?.kvCacheDtype).toBeUndefined();
    },
  );

  withShared('Qwen--Qwen3-32B-FP8-Static-PerTensor_config.json')(
    'a ModelOpt FP8 block without quant_method (producer modelopt) and its FP8 KV scheme',
    () => {
      const q = readCheckpointQuantization(json('Qwen--Qwen3-32B-FP8-Static-PerTensor_config.json'));
      expect(q.quantization).toMatchObject({
        method: 'modelopt',
        precision: 'fp8',
        formats: ['fp8-w8a8'],
        vllmQuantization: 'modelopt',
        kvCacheDtype: 'fp8',
      });
    },
  );

  withShared(
    'nvidia--Qwen3-235B-A22B-NVFP4_config.json',
    'nvidia--Qwen3-235B-A22B-NVFP4_hf_quant_config.json',
  )(
    'NVFP4 from ModelOpt’s separate hf_quant_config.json: 4 bits + an FP8 scale per 16 weights, FP8 KV',
    () => {
      const q = readCheckpointQuantization(
        json('nvidia--Qwen3-235B-A22B-NVFP4_config.json'),
        json('nvidia--Qwen3-235B-A22B-NVFP4_hf_quant_config.json'),
      ).quantization;
      expect(q).toMatchObject({
        source: 'hf_quant_config.json',
        precision: 'int4',
        formats: ['nvfp4'],
        vllmQuantization: 'modelopt_fp4',
        kvCacheDtype: 'fp8',
      });
      expect(q?.weightBytesPerParameter).toBe(0.5625);
    },
  );

  withShared('nvidia--Gemma-4-31B-IT-NVFP4_config.json')(
    'NVFP4 written into config.json (quant_method modelopt, quant_algo NVFP4) with an FP8 kv_cache_scheme',
    () => {
      const q = readCheckpointQuantization(json('nvidia--Gemma-4-31B-IT-NVFP4_config.json')).quantization;
      expect(q).toMatchObject({ formats: ['nvfp4'], vllmQuantization: 'modelopt_fp4', kvCacheDtype: 'fp8' });
    },
  );

  withShared('openai--gpt-oss-20b_config.json')(
    'gpt-oss MXFP4: 4 bits + an E8M0 scale per 32 weights',
    () => {
      const q = readCheckpointQuantization(json('openai--gpt-oss-20b_config.json')).quantization;
      expect(q).toMatchObject({ method: 'mxfp4', formats: ['mxfp4'], vllmQuantization: 'mxfp4' });
      expect(q?.weightBytesPerParameter).toBe(0.53125);
    },
  );

  it('AWQ 4-bit, group 128 with zero points: 0.5 + (2 + 0.5)/128 bytes per weight; vLLM picks its kernel', () => {
    const q = readCheckpointQuantization({ quantization_config: AWQ_4BIT }).quantization;
    expect(q).toMatchObject({ method: 'awq', precision: 'int4', formats: ['awq'] });
    expect(q?.weightBytesPerParameter).toBe(0.5 + 2.5 / 128);
    expect(q?.vllmQuantization).toBeUndefined();
  });

  it('GPTQ 8-bit, group 128: 1 + (2 + 1)/128 bytes per weight, int8', () => {
    const q = readCheckpointQuantization({ quantization_config: GPTQ_8BIT }).quantization;
    expect(q).toMatchObject({ method: 'gptq', precision: 'int8', formats: ['gptq'] });
    expect(q?.weightBytesPerParameter).toBe(1 + 3 / 128);
  });

  it('compressed-tensors FP8 with strategy block: its block_structure, 1 + 4/(128·128) bytes, block-scaled kernels', () => {
    const q = readCheckpointQuantization({
      quantization_config: {
        quant_method: 'compressed-tensors',
        config_groups: {
          group_0: {
            weights: { num_bits: 8, type: 'float', strategy: 'block', block_structure: [128, 128] },
            input_activations: {
              num_bits: 8,
              type: 'float',
              strategy: 'group',
              group_size: 128,
              dynamic: true,
            },
          },
        },
      },
    }).quantization;
    expect(q).toMatchObject({
      precision: 'fp8',
      weightBlockSize: [128, 128],
      formats: ['fp8-w8a8', 'fp8-weight-only'],
    });
    expect(q?.weightBytesPerParameter).toBe(1 + 4 / 16384);
    expect(q?.description).toBe('compressed-tensors FP8 W8A8, 128×128 blocks');
  });

  it('bitsandbytes 4-bit nf4 and compressed-tensors INT8 W8A8', () => {
    expect(readCheckpointQuantization({ quantization_config: BNB_4BIT }).quantization).toMatchObject({
      precision: 'int4',
      formats: ['bitsandbytes'],
      vllmQuantization: 'bitsandbytes',
    });
    expect(
      readCheckpointQuantization({ quantization_config: COMPRESSED_TENSORS_INT8_W8A8 }).quantization,
    ).toMatchObject({ precision: 'int8', formats: ['int8-w8a8'], vllmQuantization: 'compressed-tensors' });
  });

  it('refuses what it cannot plan, naming the field: W4A16 compressed-tensors, AWQ 3-bit, an unknown method', () => {
    const codes = (qc: unknown) =>
      readCheckpointQuantization({ quantization_config: qc }).issues.map((i) => [i.code, i.path]);
    expect(codes(COMPRESSED_TENSORS_W4A16)).toEqual([
      ['config-quantization-unsupported', 'quantization_config.config_groups'],
    ]);
    expect(codes({ ...AWQ_4BIT, bits: 3 })).toEqual([
      ['config-quantization-unsupported', 'quantization_config.bits'],
    ]);
    expect(codes({ quant_method: 'hqq' })).toEqual([
      ['config-quantization-unsupported', 'quantization_config.quant_method'],
    ]);
    expect(readCheckpointQuantization({}, { quantization: { quant_algo: 'W4A8_AWQ' } }).issues[0]?.path).toBe(
      'hf_quant_config.json quantization.quant_algo',
    );
  });
});
