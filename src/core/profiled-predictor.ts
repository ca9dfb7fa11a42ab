import { allReduceCost } from './all-reduce-cost.js';
import type { Issue } from './issue.js';
import { kvHeadsPerGpu } from './kv-cache.js';
import { layerGemmShapes, layerOperators, type StepShape, weightGemmWork } from './layer-operators.js';
import { activationBytesPerElement } from './memory.js';
import { type OperatorEfficiency, type OperatorWork, operatorSeconds } from './operator-time.js';
import { PCIE_ACHIEVABLE_FRACTION } from './pcie-efficiency.js';
import { peakFlopPerSecond } from './peak-flops.js';
import { bytesPerParameter } from './precision.js';
import {
  addScaled,
  type ResourceSeconds,
  type RooflineOptions,
  type StepTime,
  simpson,
  toStage,
  ZERO_RESOURCES,
} from './roofline-predictor.js';
import {
  applyCtcf,
  type Ctcf,
  combineStages,
  type TimeInputs,
  type TimePrediction,
  type TimePredictor,
} from './time-predictor.js';

/** Measured attention latency of one head configuration over (batch, tokens), row-major by batch. */
export interface AttentionTable {
  heads: number;
  kvHeads: number;
  headDim: number;
  batch: number[];
  /** Prefill: prompt tokens. Decode: KV length (context) including the new token. */
  tokens: number[];
  /** `seconds[b * tokens.length + t]`, null where not measured. */
  seconds: (number | null)[];
}

/**
 * One GPU's measured bf16 kernel latencies (data/v1/kernels/<gpu>.json, from AIConfigurator's vLLM
 * kernel database): all axes sorted ascending, latencies in seconds.
 */
export interface KernelTables {
  gpuId: string;
  /** `seconds[(im * n.length + in) * k.length + ik]`, null where not measured. */
  gemm: { m: number[]; n: number[]; k: number[]; seconds: (number | null)[] };
  prefillAttention: AttentionTable[];
  decodeAttention: AttentionTable[];
  /** Per GPU count: one all-reduce of `bytes` (ascending). */
  allReduce: { gpus: number; bytes: number[]; seconds: number[] }[];
}

/** Where `x` falls on a sorted axis: the bracketing indices and the log-space weight of `hi`. */
interface Bracket {
  lo: number;
  hi: number;
  t: number;
  below: boolean;
  above: boolean;
}

function bracket(axis: readonly number[], x: number): Bracket {
  const last = axis.length - 1;
  const first = axis[0] ?? x;
  const top = axis[last] ?? x;
  if (x <= first) return { lo: 0, hi: 0, t: 0, below: x < first, above: false };
  if (x >= top) return { lo: last, hi: last, t: 0, below: false, above: x > top };
  let lo = 0;
  while ((axis[lo + 1] ?? Number.POSITIVE_INFINITY) <= x) lo++;
  const a = axis[lo] ?? x;
  const b = axis[lo + 1] ?? x;
  return { lo, hi: lo + 1, t: a === x ? 0 : Math.log(x / a) / Math.log(b / a), below: false, above: false };
}

/** Geometric interpolation: linear in log(value) between two measured values. */
function logLerp(a: number, b: number, t: number): number {
  return t === 0 ? a : Math.exp((1 - t) * Math.log(a) + t * Math.log(b));
}

/** An interpolated latency and whether some axis left the measured grid to get it. */
interface Lookup {
  seconds: number;
  extrapolated: boolean;
}

/**
 * Interpolates over the outer axis (GEMM m, attention batch) between rows `row(i)` (each interpolated
 * over the inner axes). Past the largest row, or where a bracketing row has unmeasured corners, the
 * time scales linearly from the largest complete row below `x` (flagged extrapolated).
 */
function interpolateRows(
  axis: readonly number[],
  x: number,
  row: (i: number) => Lookup | undefined,
): Lookup | undefined {
  const b = bracket(axis, x);
  const lo = row(b.lo);
  const hi = b.hi === b.lo ? lo : row(b.hi);
  if (lo && hi && !b.above) {
    return {
      seconds: logLerp(lo.seconds, hi.seconds, b.t),
      extrapolated: b.below || lo.extrapolated || hi.extrapolated,
    };
  }
  for (let i = b.lo; i >= 0; i--) {
    const found = row(i);
    const at = axis[i];
    if (found && at !== undefined) return { seconds: (found.seconds * x) / at, extrapolated: true };
  }
  return undefined;
}

/**
 * Multilinear interpolation in log space over the inner axes at one outer index: `value(corner)` reads
 * the table. Below an axis the value is clamped; above it scales as (x / max)^power[axis].
 */
function interpolateCorners(
  brackets: readonly Bracket[],
  xs: readonly number[],
  axes: readonly (readonly number[])[],
  powers: readonly number[],
  value: (indices: readonly number[]) => number | null | undefined,
): Lookup | undefined {
  let logSum = 0;
  let only: number | undefined;
  let used = 0;
  const corners = 1 << brackets.length;
  for (let c = 0; c < corners; c++) {
    let weight = 1;
    const indices: number[] = [];
    brackets.forEach((b, d) => {
      const useHi = (c >> d) & 1;
      weight *= useHi ? b.t : 1 - b.t;
      indices.push(useHi ? b.hi : b.lo);
    });
    if (weight === 0) continue;
    const v = value(indices);
    if (v === null || v === undefined || !(v > 0)) return undefined;
    logSum += weight * Math.log(v);
    only = v;
    used++;
  }
  let scale = 1;
  brackets.forEach((b, d) => {
    const axis = axes[d] ?? [];
    const top = axis[axis.length - 1] ?? 1;
    if (b.above) scale *= ((xs[d] ?? top) / top) ** (powers[d] ?? 1);
  });
  // On a grid point the measured value comes back exactly (exp∘log would round it).
  const seconds = used === 1 && only !== undefined ? only : Math.exp(logSum);
  return { seconds: seconds * scale, extrapolated: brackets.some((b) => b.below || b.above) };
}

/** A GEMM's latency from the (m, n, k) grid. */
export function gemmLookup(table: KernelTables['gemm'], m: number, n: number, k: number): Lookup | undefined {
  const nb = bracket(table.n, n);
  const kb = bracket(table.k, k);
  const kLen = table.k.length;
  const nLen = table.n.length;
  return interpolateRows(table.m, m, (im) =>
    interpolateCorners(
      [nb, kb],
      [n, k],
      [table.n, table.k],
      [1, 1],
      ([inI = 0, ikI = 0]) => table.seconds[(im * nLen + inI) * kLen + ikI],
    ),
  );
}

/** An attention kernel's latency from one head configuration's (batch, tokens) grid. */
export function attentionLookup(
  table: AttentionTable,
  batch: number,
  tokens: number,
  tokensPower: number,
): Lookup | undefined {
  const tb = bracket(table.tokens, tokens);
  const tLen = table.tokens.length;
  return interpolateRows(table.batch, batch, (ib) =>
    interpolateCorners(
      [tb],
      [tokens],
      [table.tokens],
      [tokensPower],
      ([it = 0]) => table.seconds[ib * tLen + it],
    ),
  );
}

/** One all-reduce of `bytes` over `gpus` GPUs, or undefined when that GPU count was not measured. */
export function allReduceLookup(tables: KernelTables, gpus: number, bytes: number): Lookup | undefined {
  const table = tables.allReduce.find((t) => t.gpus === gpus);
  if (!table || table.bytes.length === 0) return undefined;
  const b = bracket(table.bytes, bytes);
  return interpolateCorners([b], [bytes], [table.bytes], [1], ([i = 0]) => table.seconds[i]);
}

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
  const table = tables.find(
    (t) => t.heads === heads && t.kvHeads === kvHeads && t.headDim === inputs.model.headDim,
  );
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

function allReduceSeconds(ctx: ProfiledContext, bytes: number): number {
  const n = ctx.inputs.tensorParallel;
  if (n <= 1 || bytes === 0) return 0;
  const found = allReduceLookup(ctx.tables, n, bytes);
  if (found) {
    if (found.extrapolated) ctx.extrapolated.add('all-reduce');
    return found.seconds;
  }
  ctx.rooflineAllReduce = true;
  const profile = rooflineProfile(ctx);
  const cost = allReduceCost(
    profile,
    ctx.roofline.fallback,
    ctx.inputs.gpu,
    n,
    ctx.inputs.gpuInterconnect,
    ctx.warnings,
  );
  return cost.latencySeconds + (bytes * 2 * (n - 1)) / n / cost.busBytesPerSecond;
}

/** One step across all layers plus the LM head: the roofline predictor's structure, measured kernels. */
function stepTime(ctx: ProfiledContext, step: StepShape, ctcf: Ctcf): StepTime {
  const { inputs } = ctx;
  const tp = inputs.tensorParallel;
  const ops = layerOperators(inputs.model, inputs.precision, tp, step);
  let gpu = attentionResources(ctx, step, ops.attention);
  for (const shape of layerGemmShapes(inputs.model, tp, step.batchSize * step.newTokens)) {
    gpu = addScaled(gpu, gemmResources(ctx, shape.m, shape.n, shape.k, false), shape.count);
  }
  const rawGpuSeconds = gpu.compute + gpu.hbm + gpu.overhead;
  const gpuLayerSeconds = applyCtcf(ctcf, rawGpuSeconds);
  const scale = rawGpuSeconds > 0 ? gpuLayerSeconds / rawGpuSeconds : 1;
  const f = inputs.offloadFraction;
  const hostToDevice = inputs.gpu.hostToDeviceBytesPerSecond * PCIE_ACHIEVABLE_FRACTION;
  const deviceToHost = inputs.gpu.deviceToHostBytesPerSecond * PCIE_ACHIEVABLE_FRACTION;
  const interconnect = 2 * allReduceSeconds(ctx, ops.allReduceBytes);
  let layerSeconds: number;
  let pcieExposed: number;
  if (step.kind === 'prefill') {
    const writeSeconds = (f * ops.newKvBytes) / deviceToHost;
    pcieExposed = Math.max(0, writeSeconds - gpuLayerSeconds);
    layerSeconds = Math.max(gpuLayerSeconds, writeSeconds) + interconnect;
  } else {
    pcieExposed = (f * ops.contextKvBytes) / hostToDevice + (f * ops.newKvBytes) / deviceToHost;
    layerSeconds = gpuLayerSeconds + pcieExposed + interconnect;
  }
  const layers = inputs.model.numHiddenLayers;
  const head = gemmResources(ctx, step.batchSize, inputs.model.vocabSize / tp, inputs.model.hiddenSize, true);
  const headSeconds = head.compute + head.hbm + head.overhead;
  const perLayer: ResourceSeconds = {
    ...addScaled(ZERO_RESOURCES, gpu, scale),
    pcie: pcieExposed,
    interconnect,
  };
  return {
    seconds: layerSeconds * layers + headSeconds,
    gpuSeconds: gpuLayerSeconds * layers + headSeconds,
    resources: addScaled(head, perLayer, layers),
  };
}

/** Precisions whose GEMMs and attention run the measured bf16 kernels (fp16 runs at the same speed). */
const MEASURED_PRECISIONS: readonly string[] = ['bf16', 'fp16'];

/**
 * The profiled predictor: per-layer kernel times interpolated from measured per-operator tables (GEMM
 * by m, n, k; attention by batch and tokens at the model's head shape; all-reduce by message bytes),
 * with the roofline predictor's stage structure (overlapped KV writes in prefill, Simpson over the
 * decode contexts, PCIe offload, CTCF per layer). Other GPUs and precisions go to `fallback`.
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
      const { batchSize, inputTokens, outputTokens } = inputs.batch;
      const prefill = stepTime(
        ctx,
        { batchSize, newTokens: inputTokens, contextTokens: inputTokens, kind: 'prefill' },
        inputs.calibration.prefill,
      );
      const steps = Math.max(outputTokens - 1, 0);
      const decodeAt = (contextTokens: number) =>
        stepTime(ctx, { batchSize, newTokens: 1, contextTokens, kind: 'decode' }, inputs.calibration.decode);
      const decodeMean =
        steps > 0
          ? simpson(
              decodeAt(inputTokens + 1),
              decodeAt(inputTokens + outputTokens / 2),
              decodeAt(inputTokens + steps),
            )
          : { seconds: 0, gpuSeconds: 0, resources: ZERO_RESOURCES };
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
      return combineStages(inputs.batch, toStage(prefill, 1), toStage(decodeMean, steps), warnings);
    },
  };
}
