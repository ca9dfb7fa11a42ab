import type { Issue, Result } from '../core/issue.js';
import { contextLengthIssue, type ModelConfig } from '../core/model-config.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';

/** Every default of the planner, in one place. The CLI prints the ones in force with each answer. */
export const DEFAULTS = {
  /** vLLM's default `gpu_memory_utilization`: the share of GPU memory the engine may fill. */
  gpuMemoryUtilization: 0.9,
  /** Share of the instance's RAM that may hold offloaded KV cache (the OS and engine need the rest). */
  hostMemoryUtilization: 0.9,
  predictor: 'roofline',
  /** Serving engine whose step overheads predictions include (data/v1/engines/<engine>.json). */
  engine: 'vllm',
  catalog: 'aws',
  pricing: 'on-demand' as 'on-demand' | 'reserved',
  top: 5,
  /** Electricity price, $/kWh: the price OASIS uses (its Table 9, doi:10.1145/3777911.3800633). */
  electricityUsdPerKwh: 0.12,
} as const;

/**
 * Serving precision when the user names none: a pre-quantized checkpoint's own; else the checkpoint's
 * dtype, fp32 checkpoints served in bf16.
 */
export function defaultPrecision(model: Pick<ModelConfig, 'torchDtype' | 'quantization'>): Precision {
  if (model.quantization) return model.quantization.precision;
  return model.torchDtype === 'fp32' ? 'bf16' : model.torchDtype;
}

/** A pre-quantized checkpoint is served as what it is: any other --precision is refused. */
export function checkpointPrecisionIssues(model: ModelConfig, precisions: Precision[] | undefined): Issue[] {
  const q = model.quantization;
  const other = q && precisions ? precisions.filter((p) => p !== q.precision) : [];
  if (!q || other.length === 0) return [];
  return [
    {
      code: 'precision-conflicts-checkpoint',
      path: 'precision',
      details: {
        precision: other.join(','),
        checkpoint: q.precision,
        format: q.description,
        source: q.source,
      },
    },
  ];
}

/** --kv-cache-dtype, else the fp8 cache a checkpoint was calibrated for, else each precision's default. */
export function chosenKvCacheDtype(
  model: ModelConfig,
  requested: KvCacheDtype | undefined,
): { kvCacheDtype: KvCacheDtype } | Record<string, never> {
  const kv = requested ?? model.quantization?.kvCacheDtype;
  return kv ? { kvCacheDtype: kv } : {};
}

/**
 * The longest request of a workload against the model's context length (as vLLM derives it): an error,
 * never a plan whose --max-model-len the engine would refuse. `trace`: name --trace, else --input-tokens.
 */
export function workloadContextIssues(
  model: Result<ModelConfig>,
  workload: Result<{ workload: { inputTokens: Uint32Array; outputTokens: Uint32Array } }> | undefined,
  trace: boolean,
): Issue[] {
  if (!model.ok || !workload?.ok) return [];
  const w = workload.value.workload;
  let longest = 0;
  for (let i = 0; i < w.inputTokens.length; i++)
    longest = Math.max(longest, (w.inputTokens[i] as number) + (w.outputTokens[i] as number));
  const issue = contextLengthIssue(model.value, longest, trace ? 'trace' : 'inputTokens');
  return issue ? [issue] : [];
}
