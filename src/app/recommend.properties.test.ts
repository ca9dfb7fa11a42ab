import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { evaluatePlacement, type PlacementInputs } from '../core/evaluate-placement.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import { IDENTITY_CTCF } from '../core/time-predictor.js';
import { buildRecommendRequest } from './build-recommend-request.js';
import { createPredictor } from './predictors.js';
import { type RecommendRequest, recommend } from './recommend.js';
import { DEFAULTS, defaultPrecision } from './settings.js';

const GiB = 2 ** 30;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const MODEL_IDS = [
  'facebook/opt-1.3b',
  'facebook/opt-6.7b',
  'meta-llama/Llama-3.1-8B',
  'Qwen/Qwen2.5-7B-Instruct',
];
const models = value(fsPlannerData.models()).filter((m) => MODEL_IDS.includes(m.id));
const gpus = value(fsPlannerData.gpus()).filter((g) => ['T4', 'L4', 'A10G', 'L40S'].includes(g.id));
const predictor = createPredictor('roofline', value(fsPlannerData.efficiency()));

/** A slice of the aws catalog, small enough that a hundred recommendations take well under a second. */
const SLICE = 'g4dn.xlarge,g5.xlarge,g5.2xlarge,g6.xlarge,g6e.xlarge,g5.12xlarge,p5.4xlarge';
const baseRequest = value(
  buildRecommendRequest(
    {
      model: 'facebook/opt-1.3b',
      inputTokens: '128',
      outputTokens: '128',
      batchSize: '8',
      sloTps: '100',
      instances: SLICE,
    },
    fsPlannerData,
  ),
).request;

const modelArb = fc.constantFrom(...models);
const workloadArb = fc.record({
  model: modelArb,
  batchSize: fc.integer({ min: 1, max: 64 }),
  inputTokens: fc.integer({ min: 16, max: 4096 }),
  outputTokens: fc.integer({ min: 1, max: 1024 }),
  batches: fc.integer({ min: 1, max: 20 }),
});
type Workload = typeof workloadArb extends fc.Arbitrary<infer T> ? T : never;

function requestFor(w: Workload, slo: number, maxPrice?: number): RecommendRequest {
  const req: RecommendRequest = {
    ...baseRequest,
    model: w.model,
    precisions: [defaultPrecision(w.model)],
    task: {
      requests: w.batchSize * w.batches,
      batchSize: w.batchSize,
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
    },
    sloTokensPerSecond: slo,
  };
  if (maxPrice === undefined) delete req.maxPriceUsdPerHour;
  else req.maxPriceUsdPerHour = maxPrice;
  return req;
}

function placement(model: ModelConfig, gpu: GpuSpec, w: Workload, hostMemoryBytes: number): PlacementInputs {
  return {
    model,
    gpu,
    gpuCount: 1,
    hostMemoryBytes,
    gpuInterconnect: 'none',
    precision: defaultPrecision(model),
    tensorParallel: 1,
    task: {
      requests: w.batchSize,
      batchSize: w.batchSize,
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
    },
    priceUsdPerHour: 1,
    billing: { kind: 'per-second', minimumSeconds: 60 },
    sloTokensPerSecond: 1,
    predictor,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
    hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
    allowOffload: true,
  };
}

describe('recommend invariants (property tests)', () => {
  it('more GPU memory never turns a feasible placement infeasible, nor offloads more', () => {
    fc.assert(
      fc.property(
        workloadArb,
        fc.constantFrom(...gpus),
        fc.double({ min: 1, max: 8, noNaN: true }),
        fc.constantFrom(16 * GiB, 64 * GiB, 512 * GiB),
        (w, gpu, scale, host) => {
          const before = evaluatePlacement(placement(w.model, gpu, w, host));
          const bigger: GpuSpec = { ...gpu, memoryBytes: gpu.memoryBytes * scale };
          const after = evaluatePlacement(placement(w.model, bigger, w, host));
          if (before.feasible) {
            expect(after.feasible).toBe(true);
            if (after.feasible)
              expect(after.offloadFraction).toBeLessThanOrEqual(before.offloadFraction + 1e-12);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a higher SLO never yields a cheaper pick, nor a pick where a lower SLO had none', () => {
    fc.assert(
      fc.property(
        workloadArb,
        fc.double({ min: 1, max: 20_000, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (w, slo, factor) => {
          const low = recommend(requestFor(w, slo)).pick;
          const high = recommend(requestFor(w, slo * factor)).pick;
          if (high) {
            expect(low).toBeDefined();
            expect(high.totalUsd).toBeGreaterThanOrEqual((low?.totalUsd ?? 0) * (1 - 1e-9));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a higher --max-price never removes a candidate', () => {
    fc.assert(
      fc.property(
        workloadArb,
        fc.double({ min: 1, max: 5_000, noNaN: true }),
        fc.double({ min: 0.3, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (w, slo, price, raise) => {
          const low = recommend(requestFor(w, slo, price)).candidates.map((c) => c.instance);
          const high = new Set(
            recommend(requestFor(w, slo, price + raise)).candidates.map((c) => c.instance),
          );
          for (const instance of low) expect(high.has(instance)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
