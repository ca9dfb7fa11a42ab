import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { Calibration } from '../core/calibration.js';
import type { ServingRun } from '../core/measurement.js';
import { fitServingCalibration, type ServingMeasurement } from './fit-serving-calibration.js';
import { predictAtConcurrency } from './predict-concurrency.js';
import { DEFAULTS } from './settings.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const model = value(fsPlannerData.models()).find((m) => m.id === 'meta-llama/Llama-3.1-8B');
const gpu = value(fsPlannerData.gpus()).find((g) => g.id === 'A100-80GB');
const efficiency = value(fsPlannerData.efficiency());
const engine = value(fsPlannerData.engines?.() ?? { ok: false, issues: ['no engines'] }).find(
  (e) => e.id === 'vllm',
);
if (!model || !gpu || !engine) throw new Error('built-in data lacks Llama-3.1-8B, A100-80GB or vllm');

const SHAPES = [
  { concurrency: 1, inputTokens: 512, outputTokens: 128 },
  { concurrency: 16, inputTokens: 1024, outputTokens: 256 },
  { concurrency: 48, inputTokens: 2048, outputTokens: 128 },
];

/** Runs "measured" on a stack whose kernels run `alphaPrefill`/`alphaDecode` × the roofline. */
function measuredRuns(alphaPrefill: number, alphaDecode: number): ServingRun[] {
  const truth: Calibration = {
    id: 'truth',
    description: 'a known stack',
    predictors: {
      roofline: (['prefill', 'decode'] as const).map((stage) => ({
        gpu: 'A100-80GB',
        stage,
        alpha: stage === 'prefill' ? alphaPrefill : alphaDecode,
        betaSeconds: 0,
        engineOverheads: 'kept' as const,
      })),
    },
    sources: [],
  };
  return SHAPES.map((shape) => {
    const p = value(
      predictAtConcurrency({
        model: model as NonNullable<typeof model>,
        hardware: {
          gpu: gpu as NonNullable<typeof gpu>,
          gpuCount: 1,
          hostMemoryBytes: Infinity,
          interconnect: 'none',
        },
        precision: 'bf16',
        tensorParallel: 1,
        ...shape,
        efficiency,
        calibration: truth,
        engine,
        gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
        hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
      }),
    );
    return {
      ...shape,
      ttftSeconds: p.ttftSeconds.p50,
      tpotSeconds: p.tpotSeconds?.p50 ?? Number.NaN,
      requests: p.requests,
    };
  });
}

function measurement(runs: ServingRun[]): ServingMeasurement {
  return {
    label: 'bench.json',
    model: model as NonNullable<typeof model>,
    gpu: gpu as NonNullable<typeof gpu>,
    precision: 'bf16',
    tensorParallel: 1,
    gpuInterconnect: 'none',
    samples: [],
    engine: 'vllm',
    servingRuns: runs,
  };
}

describe('calibration through the simulator', () => {
  it('recovers the stage scales of a stack simulated with known ones, keeping the engine overheads', () => {
    const fitted = value(fitServingCalibration(measurement(measuredRuns(1.4, 0.8)), { efficiency, engine }));
    expect(fitted.report.converged).toBe(true);
    expect(fitted.report.alphaPrefill).toBeCloseTo(1.4, 1);
    expect(fitted.report.alphaDecode).toBeCloseTo(0.8, 1);
    expect(fitted.report.ttftMeanAbsPctError).toBeLessThan(3);
    expect(fitted.report.tpotMeanAbsPctError).toBeLessThan(3);
    for (const entry of fitted.entries) {
      expect(entry).toMatchObject({ gpu: 'A100-80GB', model: 'meta-llama/Llama-3.1-8B', tensorParallel: 1 });
      expect(entry.engineOverheads).toBe('kept');
      expect(entry.betaSeconds).toBe(0);
      expect(entry.fit?.points).toBe(3);
      expect(entry.fit?.range?.batchSize).toEqual({ min: 1, max: 48 });
    }
  }, 120_000);

  it('fits nothing to a run the uncalibrated model already matches: both scales stay 1', () => {
    const fitted = value(fitServingCalibration(measurement(measuredRuns(1, 1)), { efficiency, engine }));
    expect(fitted.report.iterations).toBe(0);
    expect(fitted.report.alphaPrefill).toBe(1);
    expect(fitted.report.alphaDecode).toBe(1);
  }, 60_000);

  it('refuses runs faster than the hardware can go, naming the file and stage', () => {
    const runs = measuredRuns(1, 1).map((r) => ({ ...r, tpotSeconds: r.tpotSeconds / 50 }));
    const fitted = fitServingCalibration(measurement(runs), { efficiency, engine });
    expect(fitted.ok).toBe(false);
    if (fitted.ok) return;
    expect(fitted.issues[0]?.code).toMatch(/serving-fit-(out-of-range|faster-than-hardware)/);
    expect(fitted.issues[0]?.details).toMatchObject({ file: 'bench.json', stage: 'decode' });
  }, 60_000);
});
