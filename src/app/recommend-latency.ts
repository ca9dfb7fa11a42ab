import { type Calibration, resolveCalibration } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import type { Catalog } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import { defaultKvCacheDtype, type KvCacheDtype, type Precision } from '../core/precision.js';
import { type PredictionShape, scaleStepTimer } from '../core/prediction-band.js';
import {
  deployableFormat,
  type QuantizationFormat,
  type QuantizationSupport,
} from '../core/quantization-support.js';
import type { SpotRisk } from '../core/spot-interruption.js';
import { tensorParallelOptions } from '../core/tensor-parallel.js';
import type { QueryType } from '../sim/query-type.js';
import type { RouterPolicy } from '../sim/simulation-input.js';
import { longestSequenceTokens, meanSequenceTokens, type Workload } from '../sim/workload.js';
import { priceRegion } from './catalog-choice.js';
import { isCalibrated } from './engine-predictor.js';
import { instanceMatcher } from './instance-filter.js';
import { instancePrice } from './instance-price.js';
import {
  judgeByQueryType,
  judgeLatencySlo,
  type LatencySloTargets,
  type SloVerdict,
  type TypeVerdict,
} from './latency-slo.js';
import {
  extrapolationWarnings,
  marginRatios,
  type Uncertainty,
  uncertaintyJson,
} from './prediction-uncertainty.js';
import type { EfficiencyData } from './predictors.js';
import type { Rejection } from './recommend.js';
import { servingCapacity, simulateAtRate } from './serving-capacity.js';
import { instanceHardware, type SchedulerSettings, servingReplicaFor } from './serving-replica.js';
import { type LatencySpotImpact, latencySpotImpact } from './spot-serving.js';

export interface LatencyRecommendRequest {
  model: ModelConfig;
  catalog: Catalog;
  /** The price region; with `regionByProvider` (`--cloud`), a label only. */
  region: string;
  /** With `--cloud`: each provider's price region. */
  regionByProvider?: Record<string, string>;
  pricing: 'on-demand' | 'reserved' | 'spot';
  /** With spot pricing (only when asked): interruptions per instance-hour and replacement time. */
  spot?: SpotRisk;
  precisions: Precision[];
  /** The KV cache's dtype (--kv-cache-dtype); absent: each precision's default. */
  kvCacheDtype?: KvCacheDtype;
  instancePatterns: string[];
  /** Budget for the whole fleet, $ per hour. */
  maxPriceUsdPerHour?: number;
  /** The traffic's shape (arrival pattern and lengths), time-scaled to each rate probed. */
  workload: Workload;
  /** The rate to serve, requests/s. */
  requestsPerSecond: number;
  targets: LatencySloTargets;
  router: RouterPolicy;
  scheduler: SchedulerSettings;
  efficiency: EfficiencyData;
  calibration?: Calibration;
  /** Serving engine whose step overheads the simulator adds (absent: kernels only). */
  engine?: EngineProfile;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
  seed: number;
  /** The serving engine's quantization support: precisions a GPU cannot run are not simulated there. */
  quantization?: { engine: string; support: QuantizationSupport };
  /** Give up on an instance type needing more than this many instances (default 256). */
  maxInstances?: number;
  /** The band of the step times (`--margin`): each fleet is simulated with steps at the margin's edge. */
  uncertainty?: (shape: PredictionShape, calibrated: boolean) => Uncertainty;
  /** τ of the per-query-type breakdown at the pick (default 500 tokens). */
  queryTypeThresholdTokens?: number;
}

export interface LatencyCandidate {
  instance: string;
  gpu: string;
  gpuCount: number;
  precision: Precision;
  /** The KV cache's dtype the simulation assumed (vLLM's --kv-cache-dtype). */
  kvCacheDtype: KvCacheDtype;
  /** How the engine runs this precision on this GPU (awq, gptq, fp8-w8a8, …), where it needs a format. */
  quantizationFormat?: QuantizationFormat;
  tensorParallel: number;
  replicasPerInstance: number;
  kvTokensPerReplica: number;
  /** Highest rate one instance serves within the SLO, and the upper end of its bracket. */
  maxRequestsPerSecondPerInstance: number;
  maxRequestsPerSecondUpperBound: number;
  instances: number;
  priceUsdPerHour: number;
  fleetUsdPerHour: number;
  /** At the target rate on the whole fleet. */
  verdict: SloVerdict;
  /** The same run's requests of each query type judged alone (informational: the pick is judged on all). */
  byQueryType: Partial<Record<QueryType, TypeVerdict>>;
  totalTokensPerSecond: number;
  usdPerMillionTokens: number;
  simulations: number;
  /** The step-time band and the margin its verdict was simulated at (absent: point prediction). */
  uncertainty?: ReturnType<typeof uncertaintyJson>;
  /** On spot: how often an instance is out and the share of time the SLO is then at risk. */
  spot?: LatencySpotImpact;
  warnings: Issue[];
}

export interface LatencyRecommendResult {
  pick?: LatencyCandidate;
  candidates: LatencyCandidate[];
  rejected: Rejection[];
  noPick?: Issue;
}

/** Cheapest fleet first, then $/M tokens, then the most headroom under the SLO. */
export function compareLatencyCandidates(a: LatencyCandidate, b: LatencyCandidate): number {
  return (
    a.fleetUsdPerHour - b.fleetUsdPerHour ||
    a.usdPerMillionTokens - b.usdPerMillionTokens ||
    a.verdict.worstRatio - b.verdict.worstRatio
  );
}

/**
 * Chooses instance type and count for a rate under P95 latency targets, at the least cost per hour:
 * for each instance type, its maximum serviceable rate (bisection over simulations), the count that
 * covers the target, checked by simulating that fleet at the target rate.
 */
export function recommendForLatency(req: LatencyRecommendRequest): LatencyRecommendResult {
  const matches = instanceMatcher(req.instancePatterns);
  const gpus = new Map(req.catalog.gpus.map((g) => [g.id, g]));
  const candidates: LatencyCandidate[] = [];
  const rejected: Rejection[] = [];
  const longest = longestSequenceTokens(req.workload);
  const maxInstances = req.maxInstances ?? 256;
  // Instance sizes that differ only in host CPU and RAM serve alike (unless swapping to host RAM).
  const outcomes = new Map<string, { candidate?: LatencyCandidate; issue?: Issue }>();
  for (const instance of req.catalog.instances) {
    if (!matches(instance.id)) continue;
    const reject = (reason: Issue) => rejected.push({ instance: instance.id, reason });
    const region = priceRegion(req, instance.provider);
    if (region === undefined) continue;
    const price = instancePrice(instance, region, req.pricing);
    const gpu = gpus.get(instance.gpuId);
    if ('issue' in price || !gpu) {
      reject('issue' in price ? price.issue : { code: 'unknown-gpu', details: { gpu: instance.gpuId } });
      continue;
    }
    const priceUsdPerHour = price.usdPerHour;
    if (req.maxPriceUsdPerHour !== undefined && priceUsdPerHour > req.maxPriceUsdPerHour) {
      reject({
        code: 'over-budget',
        details: { priceUsdPerHour, maxPriceUsdPerHour: req.maxPriceUsdPerHour },
      });
      continue;
    }
    // A calibration may have an entry for this very instance type: sizes then differ in their CTCF too.
    const ctcf = req.calibration
      ? JSON.stringify(resolveCalibration(req.calibration, 'roofline', instance.id, gpu.id).calibration)
      : '';
    const key = [
      gpu.id,
      instance.gpuCount,
      instance.gpuInterconnect,
      req.scheduler.preemption === 'swap' ? instance.hostMemoryBytes : 0,
      ctcf,
    ].join('|');
    const known = outcomes.get(key);
    let best: LatencyCandidate | undefined;
    let lastIssue: Issue | undefined;
    if (known) {
      if (known.candidate) {
        const fleetUsdPerHour = known.candidate.instances * priceUsdPerHour;
        best = {
          ...known.candidate,
          instance: instance.id,
          priceUsdPerHour,
          fleetUsdPerHour,
          usdPerMillionTokens: (fleetUsdPerHour / (known.candidate.totalTokensPerSecond * 3600)) * 1e6,
        };
      }
      lastIssue = known.issue;
    }
    const q = req.quantization;
    const runnable = req.precisions.filter((precision) => {
      const deployable = q
        ? deployableFormat(q.support, q.engine, precision, gpu, req.model.quantization)
        : undefined;
      if (deployable && !deployable.ok) lastIssue ??= deployable.reason;
      return !deployable || deployable.ok;
    });
    const formatOf = (precision: Precision) => {
      const deployable = q
        ? deployableFormat(q.support, q.engine, precision, gpu, req.model.quantization)
        : undefined;
      return deployable?.ok && deployable.format ? { quantizationFormat: deployable.format } : {};
    };
    const layouts = known
      ? []
      : runnable.flatMap((precision) =>
          tensorParallelOptions(req.model, instance.gpuCount).map((tensorParallel) => ({
            precision,
            tensorParallel,
          })),
        );
    // Degrees ascend; the first that meets the targets wins for its precision: a larger degree at the
    // same price serves fewer replicas, and only helps when a smaller one misses a latency target.
    const served = new Set<Precision>();
    for (const { precision, tensorParallel } of layouts) {
      if (served.has(precision)) continue;
      const serving = servingReplicaFor(req, {
        hardware: instanceHardware(instance, gpu),
        precision,
        ...(tensorParallel !== undefined ? { tensorParallel } : {}),
        minimumKvTokens: longest,
        kvReferenceTokens: meanSequenceTokens(req.workload),
      });
      if (!serving.ok) {
        lastIssue = serving.issues[0];
        continue;
      }
      const band = req.uncertainty?.(
        {
          gpuId: gpu.id,
          tensorParallel: serving.value.tensorParallel,
          precision,
          prefillBatchTokens: serving.value.scheduler.maxNumBatchedTokens,
          // The running batch is the simulation's outcome; it is not checked against the fitted range.
          decodeBatch: 0,
          contextTokens: longest,
        },
        req.calibration !== undefined &&
          isCalibrated(
            resolveCalibration(req.calibration, 'roofline', instance.id, gpu.id, {
              model: req.model.id,
              tensorParallel: serving.value.tensorParallel,
              precision,
            }).calibration,
          ),
      );
      // The verdict is simulated with every step at the margin's edge of its band.
      const atMargin = band
        ? {
            ...serving.value,
            replica: {
              ...serving.value.replica,
              stepTimer: scaleStepTimer(serving.value.replica.stepTimer, marginRatios(band)),
            },
            warnings: [...serving.value.warnings, ...extrapolationWarnings(band)],
          }
        : serving.value;
      const base = {
        serving: atMargin,
        workload: req.workload,
        targets: req.targets,
        router: req.router,
        seed: req.seed,
        ...(req.queryTypeThresholdTokens !== undefined
          ? { queryTypeThresholdTokens: req.queryTypeThresholdTokens }
          : {}),
      };
      const capacity = servingCapacity({ ...base, instances: 1 });
      if (capacity.requestsPerSecond <= 0) {
        const first = capacity.probes[0];
        lastIssue = {
          code: 'latency-slo-unreachable',
          details: {
            lowestRequestsPerSecond: capacity.probes.reduce(
              (m, p) => Math.min(m, p.requestsPerSecond),
              first?.requestsPerSecond ?? 0,
            ),
          },
        };
        continue;
      }
      let instances = Math.max(1, Math.ceil(req.requestsPerSecond / capacity.requestsPerSecond));
      let simulations = capacity.simulations;
      let verdict: SloVerdict | undefined;
      let byQueryType: LatencyCandidate['byQueryType'] = {};
      let tokensPerSecond = 0;
      for (let extra = 0; extra < 4 && instances <= maxInstances; extra++, instances++) {
        const run = simulateAtRate({ ...base, instances }, req.requestsPerSecond);
        simulations++;
        verdict = judgeLatencySlo(run.summary, req.targets);
        byQueryType = judgeByQueryType(run.summary, req.targets);
        tokensPerSecond = run.summary.throughput.totalTokensPerSecond;
        if (verdict.meets) break;
      }
      if (!verdict?.meets) {
        lastIssue = { code: 'fleet-too-large', details: { instances, maxInstances } };
        continue;
      }
      const fleetUsdPerHour = instances * priceUsdPerHour;
      const candidate: LatencyCandidate = {
        instance: instance.id,
        gpu: gpu.id,
        gpuCount: instance.gpuCount,
        precision,
        kvCacheDtype: req.kvCacheDtype ?? defaultKvCacheDtype(precision),
        ...formatOf(precision),
        tensorParallel: serving.value.tensorParallel,
        replicasPerInstance: serving.value.replicasPerInstance,
        kvTokensPerReplica: serving.value.kvTokens,
        maxRequestsPerSecondPerInstance: capacity.requestsPerSecond,
        maxRequestsPerSecondUpperBound: capacity.upperBoundRequestsPerSecond,
        instances,
        priceUsdPerHour,
        fleetUsdPerHour,
        verdict,
        byQueryType,
        totalTokensPerSecond: tokensPerSecond,
        usdPerMillionTokens: (fleetUsdPerHour / (tokensPerSecond * 3600)) * 1e6,
        simulations,
        ...(band ? { uncertainty: uncertaintyJson(band) } : {}),
        warnings: atMargin.warnings,
      };
      served.add(precision);
      if (!best || compareLatencyCandidates(candidate, best) < 0) best = candidate;
    }
    if (!known)
      outcomes.set(key, { ...(best ? { candidate: best } : {}), ...(lastIssue ? { issue: lastIssue } : {}) });
    if (best && req.maxPriceUsdPerHour !== undefined && best.fleetUsdPerHour > req.maxPriceUsdPerHour) {
      reject({
        code: 'fleet-over-budget',
        details: {
          instances: best.instances,
          fleetUsdPerHour: best.fleetUsdPerHour,
          maxPriceUsdPerHour: req.maxPriceUsdPerHour,
        },
      });
    } else if (best) candidates.push(best);
    else reject(lastIssue ?? { code: 'prediction-invalid' });
  }
  // Spot's risk per fleet (priced per instance type, so after the outcomes shared across sizes).
  const spot = req.spot;
  if (spot) for (const c of candidates) c.spot = latencySpotImpact(c.instances, c.priceUsdPerHour, spot);
  candidates.sort(compareLatencyCandidates);
  const result: LatencyRecommendResult = { candidates, rejected };
  if (candidates[0]) result.pick = candidates[0];
  else
    result.noPick = { code: 'no-latency-candidate', details: { requestsPerSecond: req.requestsPerSecond } };
  return result;
}
