import { type Calibration, resolveCalibration } from '../core/calibration.js';
import { evaluatePlacement, type FeasiblePlacement } from '../core/evaluate-placement.js';
import type { Issue } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import { tensorParallelOptions } from '../core/tensor-parallel.js';
import type { TimePredictor } from '../core/time-predictor.js';
import type { CloudSelection } from './cloud-selection.js';
import { instanceMatcher } from './instance-filter.js';
import { instancePrice } from './instance-price.js';
import { catalogReservedTerm } from './reserved-terms.js';

export type PricingOption = 'on-demand' | 'reserved' | 'spot';

/** One instance serving the workload around the clock: its steady throughput and how its time splits. */
export interface SelfHostOption {
  instance: string;
  provider: string;
  region: string;
  gpu: string;
  gpuCount: number;
  precision: Precision;
  tensorParallel: number;
  /** Engines on the instance (GPUs / tensor-parallel degree), each running a batch at a time. */
  replicas: number;
  pricing: PricingOption;
  usdPerHour: number;
  /** Input + output tokens per second with every replica on the instance busy. */
  tokensPerSecond: number;
  prefillSeconds: number;
  decodeSeconds: number;
  asOf: string;
  /** Reserved: the term of the catalog's price and its source (reserved-terms.ts). */
  reservedTerm?: string;
}

/** The price of `pricing` in `region`, or why there is none (the one lookup: instance-price.ts). */
export const regionPrice = instancePrice;

export interface SelfHostSearch {
  model: ModelConfig;
  selection: CloudSelection;
  inputTokens: number;
  outputTokens: number;
  batchSize: number;
  precisions: Precision[];
  instancePatterns: string[];
  pricing: PricingOption;
  predictor: TimePredictor;
  calibration?: Calibration;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
}

/**
 * Every selected instance that can serve the workload, at its best (highest-throughput) layout, priced in
 * its cloud's region; sorted by dollars per token, cheapest first. `rejected` says why the rest cannot.
 */
export function selfHostOptions(search: SelfHostSearch): {
  options: SelfHostOption[];
  rejected: { instance: string; reason: Issue }[];
} {
  const matches = instanceMatcher(search.instancePatterns);
  const gpus = new Map(search.selection.catalog.gpus.map((gpu) => [gpu.id, gpu]));
  const task = {
    requests: search.batchSize,
    batchSize: search.batchSize,
    inputTokens: search.inputTokens,
    outputTokens: search.outputTokens,
  };
  const options: SelfHostOption[] = [];
  const rejected: { instance: string; reason: Issue }[] = [];
  for (const instance of search.selection.catalog.instances) {
    if (!matches(instance.id)) continue;
    const region = search.selection.regionByProvider[instance.provider];
    if (region === undefined) continue;
    const price = regionPrice(instance, region, search.pricing);
    if ('issue' in price) {
      rejected.push({ instance: instance.id, reason: price.issue });
      continue;
    }
    const gpu = gpus.get(instance.gpuId);
    if (!gpu) continue;
    const cal = resolveCalibration(search.calibration, search.predictor.id, instance.id, gpu.id);
    let best: FeasiblePlacement | undefined;
    let lastReason: Issue | undefined;
    for (const precision of search.precisions) {
      for (const tensorParallel of tensorParallelOptions(search.model, instance.gpuCount)) {
        const placement = evaluatePlacement({
          model: search.model,
          gpu,
          gpuCount: instance.gpuCount,
          hostMemoryBytes: instance.hostMemoryBytes,
          gpuInterconnect: instance.gpuInterconnect,
          precision,
          tensorParallel,
          task,
          priceUsdPerHour: price.usdPerHour,
          billing: instance.billing,
          sloTokensPerSecond: 0,
          predictor: search.predictor,
          calibration: cal.calibration,
          gpuMemoryUtilization: search.gpuMemoryUtilization,
          hostMemoryUtilization: search.hostMemoryUtilization,
          allowOffload: true,
        });
        if (!placement.feasible) {
          lastReason = placement.reason;
          continue;
        }
        const rate = (p: FeasiblePlacement) => p.replicas * p.time.tokensPerSecond;
        if (!best || rate(placement) > rate(best)) best = placement;
      }
    }
    if (!best) {
      rejected.push({
        instance: instance.id,
        reason: lastReason ?? { code: 'no-tensor-parallel-layout', details: { gpuCount: instance.gpuCount } },
      });
      continue;
    }
    options.push({
      instance: instance.id,
      provider: instance.provider,
      region,
      gpu: gpu.id,
      gpuCount: instance.gpuCount,
      precision: best.precision,
      tensorParallel: best.tensorParallel,
      replicas: best.replicas,
      pricing: search.pricing,
      usdPerHour: price.usdPerHour,
      tokensPerSecond: best.replicas * best.time.tokensPerSecond,
      prefillSeconds: best.time.prefill.seconds,
      decodeSeconds: best.time.decode.seconds,
      asOf: instance.asOf,
      ...(search.pricing === 'reserved'
        ? { reservedTerm: catalogReservedTerm(instance.provider) ?? 'term not stated by the source' }
        : {}),
    });
  }
  options.sort((a, b) => a.usdPerHour / a.tokensPerSecond - b.usdPerHour / b.tokensPerSecond);
  return { options, rejected };
}
