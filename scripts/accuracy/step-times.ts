import type { GpuSpec } from '../../src/core/gpu-spec.js';
import { gemmLookup, type KernelTables } from '../../src/core/kernel-table-lookup.js';
import { lmHeadWork } from '../../src/core/layer-operators.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import { operatorSeconds } from '../../src/core/operator-time.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import { peakFlopPerSecond } from '../../src/core/peak-flops.js';
import type { Precision } from '../../src/core/precision.js';
import { IDENTITY_CTCF, type StageCalibration, type TimePredictor } from '../../src/core/time-predictor.js';
import type { PointShape } from './per-operator.js';

export interface StepContext {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  tensorParallel: number;
  gpuInterconnect: 'nvlink' | 'pcie' | 'none';
}

/**
 * One step's seconds from a predictor's public `predict`: a prefill of `batch × tokens` is the prefill
 * stage of `{batch, tokens, 1}`; a decode step at KV length C is the decode stage of `{batch, C − 1, 2}`
 * (exactly one step at context C for both the roofline and the paper's eq. 6, Lin + Lout/2 = C).
 * No offloading; identity CTCF unless `calibration` is given.
 */
export function predictStep(
  predictor: TimePredictor,
  ctx: StepContext,
  point: PointShape,
  calibration: StageCalibration = { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
): number {
  const batch =
    point.stage === 'prefill'
      ? { batchSize: point.batch, inputTokens: point.tokens, outputTokens: 1 }
      : { batchSize: point.batch, inputTokens: point.tokens - 1, outputTokens: 2 };
  const prediction = predictor.predict({
    ...ctx,
    batch,
    offloadFraction: 0,
    calibration,
  });
  return point.stage === 'prefill' ? prediction.prefill.seconds : prediction.decode.seconds;
}

/** The roofline's LM-head time for a step (the per-operator sums leave the LM head out). */
export function rooflineLmHeadSeconds(ctx: StepContext, profile: EfficiencyProfile, batch: number): number {
  const work = lmHeadWork(ctx.model, ctx.precision, ctx.tensorParallel, batch);
  return operatorSeconds(
    work,
    peakFlopPerSecond(ctx.gpu, ctx.precision).value,
    ctx.gpu.hbmBytesPerSecond,
    profile.gemm,
  ).seconds;
}

/**
 * The profiled predictor's LM-head time for a step, as src/core/profiled-predictor.ts times it: the
 * measured GEMM table at (batch, vocab / TP, hidden), as column blocks of the widest measured n when
 * the vocabulary is wider; the roofline where the table has no answer.
 */
export function profiledLmHeadSeconds(
  ctx: StepContext,
  tables: KernelTables,
  profile: EfficiencyProfile,
  batch: number,
): number {
  const n = ctx.model.vocabSize / ctx.tensorParallel;
  const nMax = tables.gemm.n[tables.gemm.n.length - 1] ?? n;
  const blocks = n > nMax ? n / nMax : 1;
  const found = gemmLookup(tables.gemm, batch, n / blocks, ctx.model.hiddenSize);
  return found ? found.seconds * blocks : rooflineLmHeadSeconds(ctx, profile, batch);
}
