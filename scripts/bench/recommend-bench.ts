import { performance } from 'node:perf_hooks';
import { priceRegion } from '../../src/app/catalog-choice.js';
import { instanceMatcher } from '../../src/app/instance-filter.js';
import { type RecommendRequest, type RecommendResult, recommend } from '../../src/app/recommend.js';
import type { Precision } from '../../src/core/precision.js';
import { tensorParallelOptions } from '../../src/core/tensor-parallel.js';
import { type Summary, summarize } from './stats.js';
import { timeOnce, timeRuns } from './timing.js';

/**
 * How many placements recommend() evaluates for `req`, mirroring its filters: instances that match,
 * are priced in the region, within budget and on a known GPU, times precisions times tensor-parallel
 * degrees (plus the unbudgeted re-run recommend() makes when a budget leaves no pick).
 */
export function countEvaluations(req: RecommendRequest, result?: RecommendResult): number {
  const matches = instanceMatcher(req.instancePatterns);
  const gpuIds = new Set(req.catalog.gpus.map((g) => g.id));
  let count = 0;
  for (const instance of req.catalog.instances) {
    if (!matches(instance.id) || !gpuIds.has(instance.gpuId)) continue;
    const region = priceRegion(req, instance.provider);
    const price = instance.prices.find((p) => p.region === region);
    const value = req.pricing === 'reserved' ? price?.reservedUsdPerHour : price?.onDemandUsdPerHour;
    if (value === undefined) continue;
    if (req.maxPriceUsdPerHour !== undefined && value > req.maxPriceUsdPerHour) continue;
    count += req.precisions.length * tensorParallelOptions(req.model, instance.gpuCount).length;
  }
  if (result && !result.pick && req.maxPriceUsdPerHour !== undefined) {
    count += countEvaluations({ ...req, maxPriceUsdPerHour: undefined });
  }
  return count;
}

export interface FullCatalogResult {
  region: string;
  precisions: Precision[];
  instances: number;
  evaluations: number;
  candidates: number;
  rejected: number;
  pick: string | null;
  coldMs: number;
  warmupRuns: number;
  warmMs: number[];
  warm: Summary;
  /** Evaluations per second implied by the warm median, recommend()'s overhead included. */
  evaluationsPerSecond: number;
}

/** One cold recommend() (the first in the process), then `runs` warm ones after `warmup` untimed. */
export function measureFullCatalog(
  req: RecommendRequest,
  options: { warmup: number; runs: number },
): FullCatalogResult {
  let result: RecommendResult | undefined;
  const coldMs = timeOnce(() => {
    result = recommend(req);
  });
  const warmMs = timeRuns(() => recommend(req), options);
  const done = result as RecommendResult;
  const warm = summarize(warmMs);
  const evaluations = countEvaluations(req, done);
  return {
    region: req.region,
    precisions: req.precisions,
    instances: req.catalog.instances.length,
    evaluations,
    candidates: done.candidates.length,
    rejected: done.rejected.length,
    pick: done.pick?.instance ?? null,
    coldMs,
    warmupRuns: options.warmup,
    warmMs,
    warm,
    evaluationsPerSecond: evaluations / (warm.median / 1000),
  };
}

export interface SweepSpec {
  regions: string[];
  precisions: Precision[];
  batchSizes: number[];
  batchSizeNote: string;
}

export interface SweepResult {
  regions: number;
  precisions: Precision[];
  batchSizes: string;
  recommendations: number;
  evaluations: number;
  withPick: number;
  wallMs: number;
  perRecommendationMs: Summary;
  recommendationsPerSecond: number;
  evaluationsPerSecond: number;
  slowest: { region: string; precision: Precision; batchSize: number; ms: number };
}

/**
 * One recommendation per region × precision × batch size over the whole catalog. Each call is timed on
 * its own; the evaluation count is worked out beforehand (it does not depend on the batch size without
 * a budget) so the counting stays out of the wall time.
 */
export function runSweep(base: RecommendRequest, spec: SweepSpec): SweepResult {
  if (base.maxPriceUsdPerHour !== undefined) throw new Error('the sweep runs without a budget');
  const perRec = new Float64Array(spec.regions.length * spec.precisions.length * spec.batchSizes.length);
  let evaluations = 0;
  for (const region of spec.regions) {
    for (const precision of spec.precisions) {
      evaluations += countEvaluations({ ...base, region, precisions: [precision] }) * spec.batchSizes.length;
    }
  }
  let withPick = 0;
  let i = 0;
  let slowest = { region: '', precision: spec.precisions[0] as Precision, batchSize: 0, ms: -1 };
  const start = performance.now();
  for (const region of spec.regions) {
    for (const precision of spec.precisions) {
      const req: RecommendRequest = { ...base, region, precisions: [precision] };
      for (const batchSize of spec.batchSizes) {
        const t0 = performance.now();
        const result = recommend({ ...req, task: { ...base.task, batchSize } });
        const ms = performance.now() - t0;
        perRec[i++] = ms;
        if (result.pick) withPick++;
        if (ms > slowest.ms) slowest = { region, precision, batchSize, ms };
      }
    }
  }
  const wallMs = performance.now() - start;
  return {
    regions: spec.regions.length,
    precisions: spec.precisions,
    batchSizes: spec.batchSizeNote,
    recommendations: i,
    evaluations,
    withPick,
    wallMs,
    perRecommendationMs: summarize(Array.from(perRec)),
    recommendationsPerSecond: i / (wallMs / 1000),
    evaluationsPerSecond: evaluations / (wallMs / 1000),
    slowest,
  };
}
