import { fp8BytesPerParameter, NVFP4_BYTES_PER_PARAMETER } from '../core/gemm-kernel.js';
import type { Issue } from '../core/issue.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import type { CheckpointQuantization, QuantizationFormat } from '../core/quantization-support.js';

/**
 * Reads how a pre-quantized checkpoint stores its weights. Formats as their publishers define them:
 * - `fp8`: Hugging Face transformers' FineGrainedFP8Config / vLLM's Fp8Config (`quant_method`, `fmt`,
 *   `activation_scheme`, `weight_block_size`);
 * - `awq`, `gptq`: AutoAWQ / AutoGPTQ (`bits` or `w_bit`, `group_size` or `q_group_size`, `zero_point`);
 * - `bitsandbytes`: transformers' BitsAndBytesConfig (`load_in_4bit`, `load_in_8bit`, `bnb_4bit_quant_type`);
 * - `compressed-tensors`: llm-compressor's QuantizationConfig (`config_groups.*.weights` and
 *   `input_activations` with `num_bits`, `type`, `group_size`; `kv_cache_scheme`);
 * - `modelopt`: NVIDIA ModelOpt, in config.json (`quant_method: modelopt`, `quant_algo`) or in its separate
 *   `hf_quant_config.json` (`quantization.quant_algo`, `quantization.kv_cache_quant_algo`, `group_size`);
 * - `mxfp4`: OCP Microscaling FP4 (gpt-oss: `quant_method: mxfp4`), 4-bit E2M1 with one E8M0 scale per 32.
 */
type Raw = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Integer weights of `bits` with an fp16 scale and a packed `bits`-wide zero point per group. */
function intWeightBytes(bits: number, groupSize: number, zeroPoint: boolean): number {
  const perGroup = groupSize > 0 ? (2 + (zeroPoint ? bits / 8 : 0)) / groupSize : 0;
  return bits / 8 + perGroup;
}

/** NVFP4: E2M1 weights with one FP8 scale per 16 (ModelOpt); MXFP4: one E8M0 scale per 32 (OCP MX). */
const NVFP4_BYTES = NVFP4_BYTES_PER_PARAMETER;
const MXFP4_BYTES = 0.5 + 1 / 32;

export interface QuantizationRead {
  quantization?: CheckpointQuantization;
  issues: Issue[];
}

function unsupported(path: string, value: unknown, supported: string): QuantizationRead {
  return {
    issues: [
      {
        code: 'config-quantization-unsupported',
        path,
        details: { value: JSON.stringify(value) ?? 'absent', supported },
      },
    ],
  };
}

function fp8Kv(scheme: unknown): KvCacheDtype | undefined {
  if (scheme === 'FP8') return 'fp8';
  if (isObject(scheme) && scheme.num_bits === 8 && scheme.type === 'float') return 'fp8';
  return undefined;
}

function make(
  q: Omit<CheckpointQuantization, 'kvCacheDtype'>,
  kv: KvCacheDtype | undefined,
): QuantizationRead {
  return { quantization: kv ? { ...q, kvCacheDtype: kv } : q, issues: [] };
}

/** ModelOpt's `quant_algo` (config.json or hf_quant_config.json). */
function modelOpt(
  algo: unknown,
  kv: KvCacheDtype | undefined,
  source: CheckpointQuantization['source'],
  path: string,
): QuantizationRead {
  if (algo === 'FP8') {
    return make(
      {
        source,
        method: 'modelopt',
        precision: 'fp8',
        formats: ['fp8-w8a8'],
        weightBytesPerParameter: 1,
        vllmQuantization: 'modelopt',
        description: 'ModelOpt FP8 (per-tensor scales)',
      },
      kv,
    );
  }
  if (algo === 'NVFP4') {
    return make(
      {
        source,
        method: 'modelopt',
        precision: 'int4',
        formats: ['nvfp4'],
        weightBytesPerParameter: NVFP4_BYTES,
        vllmQuantization: 'modelopt_fp4',
        description: 'ModelOpt NVFP4 (E2M1, FP8 scale per 16 weights)',
      },
      kv,
    );
  }
  return unsupported(path, algo, 'FP8, NVFP4');
}

function compressedTensors(q: Raw): QuantizationRead {
  const groups = isObject(q.config_groups) ? Object.entries(q.config_groups) : [];
  const kv = fp8Kv(q.kv_cache_scheme);
  const schemes = new Set(
    groups.map(([, g]) => {
      const w = isObject(g) && isObject(g.weights) ? g.weights : undefined;
      const a = isObject(g) && isObject(g.input_activations) ? g.input_activations : undefined;
      return `w${String(w?.num_bits)}${String(w?.type)}/a${a ? `${String(a.num_bits)}${String(a.type)}` : '16'}`;
    }),
  );
  const path = 'quantization_config.config_groups';
  if (schemes.size !== 1) return unsupported(path, [...schemes], 'one scheme for every group');
  const scheme = [...schemes][0] as string;
  const base = { source: 'quantization_config' as const, method: 'compressed-tensors' };
  const table: Record<string, [Precision, QuantizationFormat[], number, string]> = {
    'w8float/a8float': ['fp8', ['fp8-w8a8', 'fp8-weight-only'], 1, 'FP8 W8A8'],
    'w8float/a16': ['fp8', ['fp8-weight-only'], 1, 'FP8 weight-only (W8A16)'],
    'w8int/a8int': ['int8', ['int8-w8a8'], 1, 'INT8 W8A8'],
    'w4float/a4float': ['int4', ['nvfp4'], NVFP4_BYTES, 'NVFP4 (W4A4)'],
  };
  const known = table[scheme];
  if (!known) return unsupported(path, scheme, Object.keys(table).join(', '));
  const [precision, formats, bytes, name] = known;
  // FP8 with `strategy: block` and a `block_structure` (e.g. [128, 128]): vLLM's CompressedTensorsW8A8Fp8
  // sets weight_block_size from it and runs the block-scaled kernels.
  const first = groups[0]?.[1];
  const weights = isObject(first) && isObject(first.weights) ? first.weights : undefined;
  const structure = weights?.strategy === 'block' ? weights.block_structure : undefined;
  const block =
    precision === 'fp8' &&
    Array.isArray(structure) &&
    structure.length === 2 &&
    structure.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)
      ? ([structure[0], structure[1]] as [number, number])
      : undefined;
  return make(
    {
      ...base,
      precision,
      formats,
      ...(block ? { weightBlockSize: block } : {}),
      weightBytesPerParameter: block ? fp8BytesPerParameter(block[0] * block[1]) : bytes,
      vllmQuantization: 'compressed-tensors',
      description: `compressed-tensors ${name}${block ? `, ${block.join('×')} blocks` : ''}`,
    },
    kv,
  );
}

function intWeightOnly(q: Raw, method: 'awq' | 'gptq'): QuantizationRead {
  const bits = q.bits ?? q.w_bit;
  const group = q.group_size ?? q.q_group_size ?? 128;
  const allowed = method === 'awq' ? [4] : [4, 8];
  if (typeof bits !== 'number' || !allowed.includes(bits))
    return unsupported(
      `quantization_config.${q.bits !== undefined ? 'bits' : 'w_bit'}`,
      bits,
      allowed.join(', '),
    );
  if (typeof group !== 'number' || !Number.isInteger(group) || (group <= 0 && group !== -1))
    return unsupported('quantization_config.group_size', group, 'a positive whole number, or -1');
  // AWQ stores a zero point unless told otherwise; GPTQ always stores qzeros (symmetric or not).
  const zeroPoint = method === 'gptq' || q.zero_point !== false;
  return make(
    {
      source: 'quantization_config',
      method,
      precision: bits === 4 ? 'int4' : 'int8',
      formats: [method],
      weightBytesPerParameter: intWeightBytes(bits, group, zeroPoint),
      description: `${method.toUpperCase()} ${bits}-bit, group size ${group}`,
    },
    undefined,
  );
}

/**
 * The checkpoint's quantization from config.json's `quantization_config`, else ModelOpt's
 * `hf_quant_config.json` (as vLLM reads them), or a precise issue naming the field it cannot plan.
 */
export function readCheckpointQuantization(config: Raw, hfQuantConfig?: unknown): QuantizationRead {
  const q = config.quantization_config;
  if (q === undefined || q === null) {
    if (hfQuantConfig === undefined) return { issues: [] };
    const inner = isObject(hfQuantConfig) ? hfQuantConfig.quantization : undefined;
    if (!isObject(inner)) return unsupported('hf_quant_config.json quantization', inner, 'an object');
    return modelOpt(
      inner.quant_algo,
      fp8Kv(inner.kv_cache_quant_algo),
      'hf_quant_config.json',
      'hf_quant_config.json quantization.quant_algo',
    );
  }
  if (!isObject(q)) return unsupported('quantization_config', q, 'an object');
  const producer = isObject(q.producer) ? q.producer.name : undefined;
  const method = q.quant_method ?? (producer === 'modelopt' ? 'modelopt' : undefined);
  switch (method) {
    case 'fp8': {
      const block = Array.isArray(q.weight_block_size) ? (q.weight_block_size as number[]) : undefined;
      const pair = block && block.length === 2 ? ([block[0], block[1]] as [number, number]) : undefined;
      return make(
        {
          source: 'quantization_config',
          method: 'fp8',
          precision: 'fp8',
          // vLLM runs FP8 checkpoints as W8A8 from 8.9, weight-only through Marlin before.
          formats: ['fp8-w8a8', 'fp8-weight-only'],
          ...(pair ? { weightBlockSize: pair } : {}),
          weightBytesPerParameter: fp8BytesPerParameter(pair ? pair[0] * pair[1] : 0),
          vllmQuantization: 'fp8',
          description: `fp8${block ? `, ${block.join('×')} blocks` : ''}, ${String(q.activation_scheme ?? 'dynamic')} activations`,
        },
        undefined,
      );
    }
    case 'awq':
    case 'gptq':
      return intWeightOnly(q, method as 'awq' | 'gptq');
    case 'bitsandbytes': {
      const four = q.load_in_4bit === true;
      if (!four && q.load_in_8bit !== true)
        return unsupported('quantization_config.load_in_4bit', q.load_in_4bit, 'true, or load_in_8bit true');
      return make(
        {
          source: 'quantization_config',
          method: 'bitsandbytes',
          precision: four ? 'int4' : 'int8',
          formats: ['bitsandbytes'],
          // 4-bit: one fp32 absmax per 64 weights (without double quantization); 8-bit: row-wise scales.
          weightBytesPerParameter: four ? 0.5 + 4 / 64 : 1,
          vllmQuantization: 'bitsandbytes',
          description: `bitsandbytes ${four ? `4-bit ${String(q.bnb_4bit_quant_type ?? 'fp4')}` : '8-bit'}`,
        },
        undefined,
      );
    }
    case 'compressed-tensors':
      return compressedTensors(q);
    case 'modelopt':
      return modelOpt(
        q.quant_algo,
        fp8Kv(q.kv_cache_scheme ?? q.kv_cache_quant_algo),
        'quantization_config',
        'quantization_config.quant_algo',
      );
    case 'mxfp4':
      return make(
        {
          source: 'quantization_config',
          method: 'mxfp4',
          precision: 'int4',
          formats: ['mxfp4'],
          weightBytesPerParameter: MXFP4_BYTES,
          vllmQuantization: 'mxfp4',
          description: 'MXFP4 (E2M1, E8M0 scale per 32 weights)',
        },
        undefined,
      );
    default:
      return unsupported(
        'quantization_config.quant_method',
        method,
        'fp8, awq, gptq, bitsandbytes, compressed-tensors, modelopt, mxfp4',
      );
  }
}
