import { loadBuiltinGpus, loadBuiltinModels } from '../../src/adapters/fs/builtin-data.js';
import { fsPlannerData } from '../../src/adapters/fs/fs-planner-data.js';
import { ZERO_OVERHEADS } from '../../src/core/engine-profile.js';
import type { Result } from '../../src/core/issue.js';
import { createRooflinePredictor } from '../../src/core/roofline-predictor.js';
import { IDENTITY_CTCF } from '../../src/core/time-predictor.js';
import { distServeSteps, type MeasuredStep, splitwiseSteps } from './measured-steps.js';
import type { StepSample } from './step-fit.js';

function value<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/**
 * Every end-to-end measured step in the shared data (Splitwise, DistServe's two fits) with the shipped
 * roofline's kernel-only prediction (elementwise kernels included, no engine overheads), fp16 as the
 * measurements were taken, NVLink between GPUs.
 */
export function loadStepSamples(sharedDir: string): {
  samples: StepSample[];
  splitwiseSkipped: ReturnType<typeof splitwiseSteps>['skipped'];
} {
  const gpus = value(loadBuiltinGpus(), 'gpus');
  const models = value(loadBuiltinModels(), 'models');
  const efficiency = value(fsPlannerData.efficiency(), 'efficiency');
  const predictor = createRooflinePredictor({ profiles: efficiency.byGpuId, fallback: efficiency.fallback });
  const splitwise = splitwiseSteps(sharedDir);
  const steps: MeasuredStep[] = [...splitwise.steps, ...distServeSteps(sharedDir)];
  const samples = steps.map((step): StepSample => {
    const model = models.find((m) => m.id === step.modelId);
    const gpu = gpus.find((g) => g.id === step.gpuId);
    if (!model || !gpu) throw new Error(`no model ${step.modelId} or GPU ${step.gpuId} in data/v1`);
    const p = predictor.predict({
      model,
      gpu,
      precision: 'fp16',
      tensorParallel: step.tensorParallel,
      gpuInterconnect: 'nvlink',
      batch: { batchSize: step.batch, inputTokens: step.inputTokens, outputTokens: step.outputTokens },
      offloadFraction: 0,
      calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
      stepOverheads: ZERO_OVERHEADS,
    });
    return {
      step,
      kernelSeconds: step.stage === 'prefill' ? p.prefill.seconds : p.decodeStepSeconds,
      layers: model.numHiddenLayers,
    };
  });
  return { samples, splitwiseSkipped: splitwise.skipped };
}
