import {
  type FlexgenCostModelData,
  type FlexgenPolicy,
  type FlexgenShape,
  flexgenBatchTimes,
} from './flexgen-cost-model.js';
import { flexgenConstantsFor } from './flexgen-hardware.js';
import { flexgenPeakMemory } from './flexgen-peak-memory.js';
import { searchFlexgenPolicy } from './flexgen-policy-search.js';
import { flexgenShape } from './flexgen-shape.js';
import { fail, type Issue, ok, type Result } from './issue.js';
import type { BatchShape } from './memory.js';
import type { ModelConfig } from './model-config.js';
import { defaultKvCacheDtype, type KvCacheDtype, type Precision } from './precision.js';
import {
  combineStages,
  type OffloadPolicyInputs,
  type StageTime,
  type TimeInputs,
  type TimePrediction,
} from './time-predictor.js';

/** FlexGen as the planner runs it: its fitted cost model, and the policy the user stated (if any). */
export interface FlexgenSetting {
  data: FlexgenCostModelData;
  /** `--offload-percent` / 100: the KV cache's share in CPU memory; absent: FlexGen's policy search. */
  statedCacheCpuFraction?: number;
}

/** The cost model's shape for these inputs, or why FlexGen's cost model does not apply to them. */
export function flexgenApplicability(inputs: {
  model: ModelConfig;
  precision: Precision;
  kvCacheDtype?: KvCacheDtype;
  tensorParallel: number;
  batch: BatchShape;
}): { ok: true; shape: FlexgenShape } | { ok: false; reason: Issue } {
  const kv = inputs.kvCacheDtype ?? defaultKvCacheDtype(inputs.precision);
  if ((inputs.precision !== 'fp16' && inputs.precision !== 'bf16') || kv !== 'auto') {
    return {
      ok: false,
      reason: {
        code: 'flexgen-precision-unsupported',
        details: { precision: inputs.precision, kvCacheDtype: kv },
      },
    };
  }
  if (inputs.tensorParallel !== 1) {
    return {
      ok: false,
      reason: {
        code: 'flexgen-tensor-parallel-unsupported',
        details: { tensorParallel: inputs.tensorParallel },
      },
    };
  }
  return flexgenShape(inputs.model, inputs.batch);
}

function cachePolicy(cacheCpuFraction: number): FlexgenPolicy {
  return { weightsGpuFraction: 1, cacheGpuFraction: 1 - cacheCpuFraction, activationsGpuFraction: 1 };
}

/** FlexGen's `--percent` for a policy: weights, cache, activations, each GPU then CPU. */
export function flexgenPercentArgument(policy: FlexgenPolicy): string {
  const pct = (f: number) => Math.round(f * 100);
  return [policy.weightsGpuFraction, policy.cacheGpuFraction, policy.activationsGpuFraction]
    .flatMap((g) => [pct(g), 100 - pct(g)])
    .join(' ');
}

/**
 * The KV cache's share in CPU memory FlexGen runs this batch with: the stated policy if it fits GPU and
 * host memory, else the cost model's best that fits within the relaxed memory (flexgen-policy-search.ts).
 * Where the cost model does not apply (precision, tensor parallelism, model), Algorithm 1's share stands.
 */
export function flexgenOffloadFraction(setting: FlexgenSetting, inputs: OffloadPolicyInputs): Result<number> {
  const applicable = flexgenApplicability(inputs);
  if (!applicable.ok) return ok(inputs.algorithm1Fraction, [{ ...applicable.reason }]);
  const shape = applicable.shape;
  const stated = setting.statedCacheCpuFraction;
  if (stated !== undefined) {
    const peak = flexgenPeakMemory(shape, cachePolicy(stated));
    if (peak.gpuBytes > inputs.gpu.memoryBytes || peak.cpuBytes > inputs.hostMemoryBytesForKv) {
      return fail({
        code: 'flexgen-policy-does-not-fit',
        path: 'offloadPercent',
        details: {
          offloadPercent: Math.round(stated * 100),
          gpuPeakBytes: peak.gpuBytes,
          gpuMemoryBytes: inputs.gpu.memoryBytes,
          hostPeakBytes: peak.cpuBytes,
          hostMemoryBytesForKv: inputs.hostMemoryBytesForKv,
        },
      });
    }
    return ok(stated);
  }
  const { constants } = flexgenConstantsFor(setting.data, inputs.gpu);
  const relax = setting.data.memoryRelaxation;
  const policy = searchFlexgenPolicy(shape, constants, {
    gpuBytes: inputs.gpu.memoryBytes * relax,
    cpuBytes: inputs.hostMemoryBytesForKv * relax,
  });
  if (!policy) {
    const peak = flexgenPeakMemory(shape, cachePolicy(1));
    return fail({
      code: 'flexgen-policy-does-not-fit',
      details: {
        offloadPercent: 100,
        gpuPeakBytes: peak.gpuBytes,
        gpuMemoryBytes: inputs.gpu.memoryBytes * relax,
        hostPeakBytes: peak.cpuBytes,
        hostMemoryBytesForKv: inputs.hostMemoryBytesForKv * relax,
      },
    });
  }
  return ok(1 - policy.cacheGpuFraction);
}

function stage(
  seconds: number,
  layer: { cpuToGpu: number; gpuToCpu: number; gpu: number; cpu: number },
  scale: number,
): StageTime {
  const terms: [StageTime['bound'], number][] = [
    ['compute', layer.gpu],
    ['host-cpu', layer.cpu],
    ['pcie', Math.max(layer.cpuToGpu, layer.gpuToCpu)],
  ];
  const bound = terms.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return {
    seconds,
    bound,
    gpuSeconds: layer.gpu * scale,
    pcieSeconds: Math.max(0, seconds - (layer.gpu + layer.cpu) * scale),
    interconnectSeconds: 0,
  };
}

/**
 * The batch as FlexGen's cost model times it on `inputs.gpu`, with the KV cache's `offloadFraction` in
 * CPU memory and weights and activations on the GPU. A warning names the policy, where it came from and
 * what was transferred from the reference GPU; engine step overheads and calibrations are not applied
 * (the constants are FlexGen's own, fitted on its runs).
 */
export function flexgenTimePrediction(
  setting: FlexgenSetting,
  inputs: TimeInputs,
  shape: FlexgenShape,
): TimePrediction {
  const gpu = inputs.gpu;
  const policy = cachePolicy(inputs.offloadFraction);
  const { constants, transferred } = flexgenConstantsFor(setting.data, gpu);
  const t = flexgenBatchTimes(shape, policy, constants);
  const decodeSteps = Math.max(inputs.batch.outputTokens - 1, 0) * shape.layers;
  const cpuDecode = t.decodeLayer.computeSeconds - t.decodeLayer.gpuComputeSeconds;
  const prefill = stage(
    t.prefillSeconds,
    {
      cpuToGpu: t.prefillLayer.cpuToGpuSeconds,
      gpuToCpu: t.prefillLayer.gpuToCpuSeconds,
      gpu: t.prefillLayer.computeSeconds,
      cpu: 0,
    },
    shape.layers,
  );
  const decode = stage(
    t.decodeSeconds,
    {
      cpuToGpu: t.decodeLayer.cpuToGpuSeconds,
      gpuToCpu: t.decodeLayer.gpuToCpuSeconds,
      gpu: t.decodeLayer.gpuComputeSeconds,
      cpu: cpuDecode,
    },
    decodeSteps,
  );
  const warning: Issue = {
    code: 'flexgen-cost-model',
    details: {
      gpu: gpu.id,
      percent: flexgenPercentArgument(policy),
      policySource: setting.statedCacheCpuFraction !== undefined ? 'stated' : 'searched',
      referenceGpu: setting.data.referenceGpu.id,
      transferred,
    },
  };
  return combineStages(inputs.batch, prefill, decode, [warning]);
}
