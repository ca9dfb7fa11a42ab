import { performance } from 'node:perf_hooks';
import { DEFAULTS } from '../../src/app/settings.js';
import { resolveCalibration } from '../../src/core/calibration.js';
import { evaluatePlacement, type PlacementInputs } from '../../src/core/evaluate-placement.js';
import type { Catalog } from '../../src/core/instance-type.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import type { Precision } from '../../src/core/precision.js';
import type { TaskShape } from '../../src/core/task-cost.js';
import { tensorParallelOptions } from '../../src/core/tensor-parallel.js';
import type { TimePredictor } from '../../src/core/time-predictor.js';
import { median } from './stats.js';

export interface PlacementMix {
  models: ModelConfig[];
  catalog: Catalog;
  region: string;
  precisions: Precision[];
  batchSizes: number[];
  /** batchSize is overridden per placement. */
  task: TaskShape;
  sloTokensPerSecond: number;
}

/**
 * Every placement recommend() would evaluate for the mix: each model on each instance of the catalog
 * (priced in `region`, else at its first price), each precision, batch size and tensor-parallel degree.
 */
export function placementMix(mix: PlacementMix, predictor: TimePredictor): PlacementInputs[] {
  const gpus = new Map(mix.catalog.gpus.map((g) => [g.id, g]));
  const inputs: PlacementInputs[] = [];
  for (const model of mix.models) {
    for (const instance of mix.catalog.instances) {
      const gpu = gpus.get(instance.gpuId);
      const price = instance.prices.find((p) => p.region === mix.region) ?? instance.prices[0];
      if (!gpu || !price) continue;
      const { calibration } = resolveCalibration(undefined, predictor.id, instance.id, gpu.id);
      for (const precision of mix.precisions) {
        for (const batchSize of mix.batchSizes) {
          for (const tensorParallel of tensorParallelOptions(model, instance.gpuCount)) {
            inputs.push({
              model,
              gpu,
              gpuCount: instance.gpuCount,
              hostMemoryBytes: instance.hostMemoryBytes,
              gpuInterconnect: instance.gpuInterconnect,
              precision,
              tensorParallel,
              task: { ...mix.task, batchSize },
              priceUsdPerHour: price.onDemandUsdPerHour,
              billing: mix.catalog.billing,
              sloTokensPerSecond: mix.sloTokensPerSecond,
              predictor,
              calibration,
              gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
              hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
              allowOffload: true,
            });
          }
        }
      }
    }
  }
  return inputs;
}

export interface EvaluationRate {
  predictor: string;
  placements: number;
  /** Placements that fit (memory and host RAM) and so reached the time predictor. */
  feasible: number;
  passesPerRep: number;
  repMs: number[];
  opsPerSecond: number[];
  medianOpsPerSecond: number;
  /** Mean microseconds per evaluation at the median rate. */
  medianMicrosPerEvaluation: number;
}

function evaluateAll(inputs: readonly PlacementInputs[], passes: number): number {
  let feasible = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const input of inputs) if (evaluatePlacement(input).feasible) feasible++;
  }
  return feasible;
}

/**
 * evaluatePlacement in a tight loop over `inputs`: passes over the whole list for `warmupMs` untimed
 * (so the JIT has settled), then `reps` repetitions of enough passes to last about `minRepMs` each.
 */
export function measureEvaluationRate(
  predictor: string,
  inputs: readonly PlacementInputs[],
  options: { reps: number; minRepMs: number; warmupMs: number },
): EvaluationRate {
  const feasible = evaluateAll(inputs, 1);
  const warmupStart = performance.now();
  let lastPassMs = 0;
  do {
    const passStart = performance.now();
    evaluateAll(inputs, 1);
    lastPassMs = performance.now() - passStart;
  } while (performance.now() - warmupStart < options.warmupMs);
  const passesPerRep = Math.max(1, Math.round(options.minRepMs / Math.max(lastPassMs, 0.001)));
  const repMs: number[] = [];
  let sink = 0;
  for (let rep = 0; rep < options.reps; rep++) {
    const start = performance.now();
    sink += evaluateAll(inputs, passesPerRep);
    repMs.push(performance.now() - start);
  }
  if (sink !== feasible * passesPerRep * options.reps)
    throw new Error('evaluatePlacement is not deterministic');
  const evaluations = inputs.length * passesPerRep;
  const opsPerSecond = repMs.map((ms) => evaluations / (ms / 1000));
  const medianOps = median(opsPerSecond);
  return {
    predictor,
    placements: inputs.length,
    feasible,
    passesPerRep,
    repMs,
    opsPerSecond,
    medianOpsPerSecond: medianOps,
    medianMicrosPerEvaluation: 1e6 / medianOps,
  };
}
