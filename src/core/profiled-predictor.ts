import { allReduceCost, allReduceSeconds } from './all-reduce-cost.js';
import type { Issue } from './issue.js';
import { allReduceLookup, attentionLookup, gemmLookup, type KernelTables } from './kernel-table-lookup.js';
import { kvHeadsPerGpu } from './kv-cache.js';
import { layerGemmShapes, layerOperators, type StepShape, weightGemmWork } from './layer-operators.js';
import { assembleLayerStep } from './layer-step.js';
import { activationBytesPerElement } from './memory.js';
import { type OperatorEfficiency, type OperatorWork, operatorSeconds } from './operator-time.js';
import { peakFlopPerSecond } from './peak-flops.js';
import { bytesPerParameter } from './precision.js';
import type { RooflineOptions } from './roofline-predictor.js';
import {
  addScaled,
  type ResourceSeconds,
  type StepTime,
  timeStages,
  ZERO_RESOURCES,
} from './step-resources.js';
import {
  type Ctcf,
  combineStages,
  type StageCurve,
  type TimeInputs,
  type TimePrediction,
  type TimePredictor,
} from './time-predictor.js';

export type { AttentionTable, KernelTables } from './kernel-table-lookup.js';

export interface ProfiledOptions {
  /** Measured kernel tables per GPU id. */
  tables: Record<string, KernelTables>;
  /** Answers for GPUs (or precisions) the tables do not cover. */
  fallback: TimePredictor;
  /** Roofline efficiencies: attention for unmeasured head shapes, all-reduce for unmeasured GPU counts, and the compute/HBM bound label. */
  roofline: RooflineOptions;
}

interface ProfiledContext {
  inputs: TimeInputs;
  tables: KernelTables;
  roofline: RooflineOptions;
  peakFlopPerSecond: number;
  /** Kernel classes that left their grids, for one warning. */
  extrapolated: Set<string>;
  warnings: Issue[];
  rooflineAttention: boolean;
  rooflineAllReduce: boolean;
}

function rooflineProfile(ctx: ProfiledContext) {
  return ctx.roofline.profiles[ctx.inputs.gpu.id] ?? ctx.roofline.fallback;
}

/** Measured seconds, split into compute or HBM by where the roofline puts the operator. */
function asResources(
  ctx: ProfiledContext,
  work: OperatorWork,
  efficiency: OperatorEfficiency,
  seconds: number,
): ResourceSeconds {
  const bound = operatorSeconds(
    work,
    ctx.peakFlopPerSecond,
    ctx.inputs.gpu.hbmBytesPerSecond,
    efficiency,
  ).bound;
  return {
    ...ZERO_RESOURCES,
    compute: bound === 'compute' ? seconds : 0,
    hbm: bound === 'memory' ? seconds : 0,
  };
}

function gemmResources(
  ctx: ProfiledContext,
  m: number,
  n: number,
  k: number,
  composeN: boolean,
): ResourceSeconds {
  const { inputs } = ctx;
  const profile = rooflineProfile(ctx);
  const work = weightGemmWork(
    m,
    k,
    n,
    bytesPerParameter(inputs.precision),
    activationBytesPerElement(inputs.precision),
  );
  const nMax = ctx.tables.gemm.n[ctx.tables.gemm.n.length - 1] ?? n;
  // The LM head's vocabulary is wider than any measured n: timed as column blocks of the widest one.
  const blocks = composeN && n > nMax ? n / nMax : 1;
  const found = gemmLookup(ctx.tables.gemm, m, n / blocks, k);
  if (!found) {
    ctx.extrapolated.add('gemm');
    const t = operatorSeconds(work, ctx.peakFlopPerSecond, inputs.gpu.hbmBytesPerSecond, profile.gemm);
    return asResources(ctx, work, profile.gemm, t.seconds);
  }
  if (found.extrapolated) ctx.extrapolated.add('gemm');
  return asResources(ctx, work, profile.gemm, found.seconds * blocks);
}

function attentionResources(ctx: ProfiledContext, step: StepShape, work: OperatorWork): ResourceSeconds {
  const { inputs } = ctx;
  const profile = rooflineProfile(ctx);
  const efficiency = step.kind === 'prefill' ? profile.prefillAttention : profile.decodeAttention;
  const heads = inputs.model.numAttentionHeads / inputs.tensorParallel;
  const kvHeads = kvHeadsPerGpu(inputs.model, inputs.tensorParallel);
  const tables = step.kind === 'prefill' ? ctx.tables.prefillAttention : ctx.tables.decodeAttention;
  // The tables time full attention; sliding-window layers attend to less, linear-attention and MLA
  // layers differently, so their mean layer is timed by the roofline (`layerAttentionWork`) instead.
  const table =
    inputs.model.slidingWindow || inputs.model.linearAttention || inputs.model.mla
      ? undefined
      : tables.find((t) => t.heads === heads && t.kvHeads === kvHeads && t.headDim === inputs.model.headDim);
  const tokens = step.kind === 'prefill' ? step.newTokens : step.contextTokens;
  // Prefill attention grows with the square of the prompt; a decode step with its context.
  const found = table
    ? attentionLookup(table, step.batchSize, tokens, step.kind === 'prefill' ? 2 : 1)
    : undefined;
  if (found) {
    if (found.extrapolated) ctx.extrapolated.add(`${step.kind} attention`);
    return asResources(ctx, work, efficiency, found.seconds);
  }
  if (!table) ctx.rooflineAttention = true;
  else ctx.extrapolated.add(`${step.kind} attention`);
  const t = operatorSeconds(work, ctx.peakFlopPerSecond, inputs.gpu.hbmBytesPerSecond, efficiency);
  return asResources(ctx, work, efficiency, t.seconds);
}

function profiledAllReduceSeconds(ctx: ProfiledContext, bytes: number): number {
  const n = ctx.inputs.tensorParallel;
  if (n <= 1 || bytes === 0) return 0;
  const found = allReduceLookup(ctx.tables, n, bytes);
  if (found) {
    if (found.extrapolated) ctx.extrapolated.add('all-reduce');
    return found.seconds;
  }
  ctx.rooflineAllReduce = true;
  const cost = allReduceCost(
    rooflineProfile(ctx),
    ctx.roofline.fallback,
    ctx.inputs.gpu,
    n,
    ctx.inputs.gpuInterconnect,
    ctx.warnings,
  );
  return allReduceSeconds(cost, n, bytes);
}

/** One step across all layers plus the LM head: the roofline predictor's structure, measured kernels. */
function stepTime(ctx: ProfiledContext, step: StepShape, ctcf: Ctcf, curve?: StageCurve): StepTime {
  const { inputs } = ctx;
  const tp = inputs.tensorParallel;
  const ops = layerOperators(inputs.model, inputs.precision, tp, step, inputs.kvCacheDtype);
  let gpu = attentionResources(ctx, step, ops.attention);
  for (const shape of layerGemmShapes(inputs.model, tp, step.batchSize * step.newTokens)) {
    gpu = addScaled(gpu, gemmResources(ctx, shape.m, shape.n, shape.k, false), shape.count);
  }
  return assembleLayerStep({
    inputs,
    step,
    ops,
    gpuLayer: gpu,
    head: gemmResources(ctx, step.batchSize, inputs.model.vocabSize / tp, inputs.model.hiddenSize, true),
    interconnectLayerSeconds: 2 * profiledAllReduceSeconds(ctx, ops.allReduceBytes),
    ctcf,
    curve,
  });
}

/** Precisions whose GEMMs and attention run the measured bf16 kernels (fp16 runs at the same speed). */
const MEASURED_PRECISIONS: readonly string[] = ['bf16', 'fp16'];

/**
 * The profiled predictor: per-layer kernel times interpolated from measured per-operator tables (GEMM
 * by m, n, k; attention by batch and tokens at the model's head shape; all-reduce by message bytes),
 * with the roofline predictor's stage structure (overlapped KV writes in prefill, Simpson over the
 * decode contexts, PCIe offload, CTCF per layer or a fitted step-time curve). Other GPUs and precisions go to `fallback`.
 */
export function createProfiledPredictor(options: ProfiledOptions): TimePredictor {
  return {
    id: 'profiled',
    description:
      'Measured per-operator kernel tables (AIConfigurator, vLLM): GEMM interpolated in log m, n, k; ' +
      'attention in batch and tokens; all-reduce in bytes; roofline where a GPU has no tables',
    predict(inputs: TimeInputs): TimePrediction {
      const tables = options.tables[inputs.gpu.id];
      if (!tables || !MEASURED_PRECISIONS.includes(inputs.precision)) {
        const answer = options.fallback.predict(inputs);
        const warning: Issue = {
          code: 'profiled-fallback-roofline',
          details: tables
            ? { gpu: inputs.gpu.id, precision: inputs.precision, reason: 'precision' }
            : { gpu: inputs.gpu.id, reason: 'gpu', measured: Object.keys(options.tables).sort() },
        };
        return { ...answer, warnings: [warning, ...answer.warnings] };
      }
      const warnings: Issue[] = [];
      const peak = peakFlopPerSecond(inputs.gpu, inputs.precision);
      const ctx: ProfiledContext = {
        inputs,
        tables,
        roofline: options.roofline,
        peakFlopPerSecond: peak.value,
        extrapolated: new Set(),
        warnings,
        rooflineAttention: false,
        rooflineAllReduce: false,
      };
      const stages = timeStages(inputs, (step, ctcf, curve) => stepTime(ctx, step, ctcf, curve));
      const model = inputs.model;
      if (ctx.rooflineAttention) {
        warnings.push({
          code: 'profiled-attention-roofline',
          details: {
            gpu: inputs.gpu.id,
            heads: model.numAttentionHeads / inputs.tensorParallel,
            kvHeads: kvHeadsPerGpu(model, inputs.tensorParallel),
            headDim: model.headDim,
          },
        });
      }
      if (ctx.rooflineAllReduce) {
        warnings.push({
          code: 'profiled-allreduce-roofline',
          details: { gpu: inputs.gpu.id, tensorParallel: inputs.tensorParallel },
        });
      }
      if (ctx.extrapolated.size > 0) {
        warnings.push({
          code: 'profiled-extrapolated',
          details: { gpu: inputs.gpu.id, kernels: [...ctx.extrapolated].sort() },
        });
      }
      return combineStages(inputs.batch, stages.prefill, stages.decode, warnings);
    },
  };
}
