import { allReduceCost, allReduceSeconds } from './all-reduce-cost.js';
import { type GemmCost, gemmCost, lmHeadGemmCost } from './gemm-cost.js';
import type { Issue } from './issue.js';
import { layerOperators, lmHeadWork, type StepShape } from './layer-operators.js';
import { assembleLayerStep } from './layer-step.js';
import { type OperatorEfficiency, type OperatorWork, operatorSeconds } from './operator-time.js';
import type { EfficiencyProfile } from './operator-work.js';
import { peakFlopPerSecond } from './peak-flops.js';
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

interface StepContext {
  inputs: TimeInputs;
  profile: EfficiencyProfile;
  peakFlopPerSecond: number;
  /** The layers' GEMMs: the peak and efficiency of the kernel the precision runs (`gemmCost`). */
  gemm: GemmCost;
  /** The LM head: unquantized, whatever the layers run. */
  headGemm: GemmCost;
  allReduce: { latencySeconds: number; busBytesPerSecond: number };
}

function timeOperators(
  ctx: StepContext,
  works: OperatorWork[],
  efficiency: OperatorEfficiency,
  peakFlopPerSecond = ctx.peakFlopPerSecond,
): ResourceSeconds {
  // Summed as numbers, one object at the end: this runs for every operator of every step evaluated.
  let compute = 0;
  let hbm = 0;
  let overhead = 0;
  for (const work of works) {
    const t = operatorSeconds(work, peakFlopPerSecond, ctx.inputs.gpu.hbmBytesPerSecond, efficiency);
    const kernelSeconds = t.seconds - efficiency.fixedSeconds;
    if (t.bound === 'compute') compute += kernelSeconds;
    else hbm += kernelSeconds;
    overhead += efficiency.fixedSeconds;
  }
  return { ...ZERO_RESOURCES, compute, hbm, overhead };
}

/** One step (prefill of the whole batch, or one decode step) across all layers plus the LM head. */
function stepTime(ctx: StepContext, step: StepShape, ctcf: Ctcf, curve?: StageCurve): StepTime {
  const { inputs, profile } = ctx;
  const ops = layerOperators(
    inputs.model,
    inputs.precision,
    inputs.tensorParallel,
    step,
    inputs.kvCacheDtype,
    ctx.gemm.activationQuantBytes,
  );
  const attentionEfficiency = step.kind === 'prefill' ? profile.prefillAttention : profile.decodeAttention;
  return assembleLayerStep({
    inputs,
    step,
    ops,
    gpuLayer: addScaled(
      timeOperators(ctx, ops.gemms, ctx.gemm.efficiency, ctx.gemm.peakFlopPerSecond),
      timeOperators(ctx, [ops.attention], attentionEfficiency),
      1,
    ),
    head: timeOperators(
      ctx,
      [lmHeadWork(inputs.model, inputs.precision, inputs.tensorParallel, step.batchSize)],
      ctx.headGemm.efficiency,
      ctx.headGemm.peakFlopPerSecond,
    ),
    interconnectLayerSeconds: 2 * allReduceSeconds(ctx.allReduce, inputs.tensorParallel, ops.allReduceBytes),
    ctcf,
    curve,
  });
}

export interface RooflineOptions {
  /** Fitted efficiency per GPU id. */
  profiles: Record<string, EfficiencyProfile>;
  /** Used for GPUs without measurements (flagged estimated). */
  fallback: EfficiencyProfile;
}

export function createRooflinePredictor(options: RooflineOptions): TimePredictor {
  return {
    id: 'roofline',
    description:
      'Per-operator roofline: max(FLOP / achievable FLOP/s, bytes / achievable HBM bytes/s) + launch cost, ' +
      'efficiencies fitted per GPU from measured kernels; PCIe KV transfers; tensor-parallel all-reduce',
    predict(inputs: TimeInputs): TimePrediction {
      const warnings: Issue[] = [];
      const measured = options.profiles[inputs.gpu.id];
      const profile = measured ?? options.fallback;
      if (!measured) warnings.push({ code: 'efficiency-estimated', details: { gpu: inputs.gpu.id } });
      const peak = peakFlopPerSecond(inputs.gpu, inputs.precision);
      if (peak.warning) warnings.push(peak.warning);
      const gemm = gemmCost(inputs.gpu, inputs.precision, inputs.model.quantization, profile);
      warnings.push(...gemm.warnings);
      const ctx: StepContext = {
        inputs,
        profile,
        peakFlopPerSecond: peak.value,
        gemm,
        headGemm: lmHeadGemmCost(inputs.gpu, inputs.precision, profile),
        allReduce: allReduceCost(
          profile,
          options.fallback,
          inputs.gpu,
          inputs.tensorParallel,
          inputs.gpuInterconnect,
          warnings,
        ),
      };
      const stages = timeStages(inputs, (step, ctcf, curve) => stepTime(ctx, step, ctcf, curve));
      return combineStages(inputs.batch, stages.prefill, stages.decode, warnings);
    },
  };
}
