import type { CalibrationEntry } from '../../src/core/calibration.js';
import { constrainedLeastSquares } from '../../src/core/constrained-least-squares.js';
import { evaluatePlacement } from '../../src/core/evaluate-placement.js';
import type { Catalog } from '../../src/core/instance-type.js';
import type { Issue } from '../../src/core/issue.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import type { Precision } from '../../src/core/precision.js';
import type { TaskShape } from '../../src/core/task-cost.js';
import type { StageCalibration, TimePredictor } from '../../src/core/time-predictor.js';

/** A measured end-to-end throughput: one batch shape on one instance (paper eq. 1 tokens/s). */
export interface ThroughputMeasurement {
  instance: string;
  task: TaskShape;
  tokensPerSecond: number;
}

export interface ThroughputFit {
  entries: CalibrationEntry[];
  /** Per instance: why no entry could be fitted. */
  failures: Issue[];
}

/**
 * Fits one CTCF per instance from end-to-end throughput alone. A TPS point cannot separate prefill from
 * decode, nor a slope from an offset, so the only identifiable shape is one alpha shared by both
 * stages with beta = 0: batch time T(α) = α·A + B is linear in α (B: PCIe, all-reduce, LM head), so
 * evaluating T(0) and T(1) gives the line, and α is the least-squares slope through the origin of
 * (T(1) − T(0), T_measured − T(0)) over that instance's points.
 */
export function fitThroughputCalibration(
  measurements: readonly ThroughputMeasurement[],
  model: ModelConfig,
  catalog: Catalog,
  precision: Precision,
  predictor: TimePredictor,
  options: { gpuMemoryUtilization: number; hostMemoryUtilization: number },
): ThroughputFit {
  const entries: CalibrationEntry[] = [];
  const failures: Issue[] = [];
  const byInstance = new Map<string, ThroughputMeasurement[]>();
  for (const m of measurements) byInstance.set(m.instance, [...(byInstance.get(m.instance) ?? []), m]);
  for (const [instanceId, points] of [...byInstance.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const instance = catalog.instances.find((i) => i.id === instanceId);
    const gpu = instance && catalog.gpus.find((g) => g.id === instance.gpuId);
    if (!instance || !gpu) {
      failures.push({ code: 'unknown-instance', details: { value: instanceId } });
      continue;
    }
    const batchSeconds = (task: TaskShape, alpha: number): number | undefined => {
      const calibration: StageCalibration = {
        prefill: { alpha, betaSeconds: 0 },
        decode: { alpha, betaSeconds: 0 },
      };
      const e = evaluatePlacement({
        model,
        gpu,
        gpuCount: instance.gpuCount,
        hostMemoryBytes: instance.hostMemoryBytes,
        gpuInterconnect: instance.gpuInterconnect,
        precision,
        tensorParallel: 1,
        task,
        priceUsdPerHour: 1,
        billing: catalog.billing,
        sloTokensPerSecond: 0,
        predictor,
        calibration,
        gpuMemoryUtilization: options.gpuMemoryUtilization,
        hostMemoryUtilization: options.hostMemoryUtilization,
        allowOffload: true,
      });
      return e.feasible ? e.time.batchSeconds : undefined;
    };
    const xs: number[] = [];
    const ys: number[] = [];
    const bases: number[] = [];
    for (const p of points) {
      const t0 = batchSeconds(p.task, 0);
      const t1 = batchSeconds(p.task, 1);
      if (t0 === undefined || t1 === undefined) continue;
      const measuredSeconds =
        (p.task.batchSize * (p.task.inputTokens + p.task.outputTokens)) / p.tokensPerSecond;
      xs.push(t1 - t0);
      ys.push(measuredSeconds - t0);
      bases.push(t0);
    }
    // α through the origin: one unweighted, unconstrained least-squares column.
    const alpha = constrainedLeastSquares(
      xs.map((x) => [x]),
      ys,
      xs.map(() => 1),
      [],
    )?.[0];
    const fit = alpha === undefined ? undefined : { slope: alpha };
    if (!fit || !(fit.slope > 0)) {
      failures.push({
        code: 'calibration-unfittable',
        details: {
          instance: instanceId,
          predictor: predictor.id,
          alpha: fit ? fit.slope : 'none',
          uncalibratableSeconds: bases.length > 0 ? Math.min(...bases) : 0,
        },
      });
      continue;
    }
    const errors = xs.map((x, i) => {
      const predicted = fit.slope * x + (bases[i] as number);
      const measured = (ys[i] as number) + (bases[i] as number);
      return Math.abs(predicted - measured) / measured;
    });
    const meanAbsPctError = (100 * errors.reduce((a, b) => a + b, 0)) / errors.length;
    for (const stage of ['prefill', 'decode'] as const) {
      entries.push({
        instance: instanceId,
        stage,
        alpha: fit.slope,
        betaSeconds: 0,
        fit: { points: xs.length, meanAbsPctError: Math.round(meanAbsPctError * 1000) / 1000 },
      });
    }
  }
  return { entries, failures };
}
