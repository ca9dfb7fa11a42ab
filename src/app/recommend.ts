import { type Calibration, resolveCalibration } from '../core/calibration.js';
import {
  evaluatePlacement,
  type FeasiblePlacement,
  type PlacementEvaluation,
} from '../core/evaluate-placement.js';
import type { BillingRule, Catalog } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import { contextLengthIssue, type ModelConfig } from '../core/model-config.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import type { PredictionShape } from '../core/prediction-band.js';
import { deployableFormat, type QuantizationSupport } from '../core/quantization-support.js';
import { compareCandidates } from '../core/rank.js';
import type { SpotRisk } from '../core/spot-interruption.js';
import type { TaskShape } from '../core/task-cost.js';
import { tensorParallelOptions } from '../core/tensor-parallel.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { calibrationRangeWarnings } from './calibration-range.js';
import { type Candidate, toCandidate } from './candidate.js';
import { priceRegion } from './catalog-choice.js';
import { instanceMatcher } from './instance-filter.js';
import { instancePrice } from './instance-price.js';
import {
  type BandExemption,
  bandExemptionOf,
  batchBands,
  extrapolationWarnings,
  type Uncertainty,
  uncertaintyJson,
} from './prediction-uncertainty.js';
import { rankingFigures, spotTaskExpectation } from './spot-task.js';

export interface RecommendRequest {
  model: ModelConfig;
  catalog: Catalog;
  task: TaskShape;
  sloTokensPerSecond: number;
  /** Omit for no budget. */
  maxPriceUsdPerHour?: number;
  region: string;
  /** Several clouds (the default, or `--cloud`): the region of each provider; `region` only labels the answer. */
  regionByProvider?: Record<string, string>;
  /** Said with the answer whatever it is: clouds `--region` left out of the search. */
  searchWarnings?: Issue[];
  /** Bill each instance by its own provider's rule instead of `billing` (several clouds, no --billing). */
  instanceBilling?: boolean;
  precisions: Precision[];
  /** The KV cache's dtype (--kv-cache-dtype) for every precision; absent: each precision's default. */
  kvCacheDtype?: KvCacheDtype;
  instancePatterns: string[];
  predictor: TimePredictor;
  calibration?: Calibration;
  billing: BillingRule;
  pricing: 'on-demand' | 'reserved' | 'spot';
  /** With spot pricing: interruptions per instance-hour and restart time, for expected time and cost. */
  spot?: SpotRisk;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
  top: number;
  /** The band of a candidate's times (`--margin`): its SLO check then uses the band's edge. */
  uncertainty?: (shape: PredictionShape, calibrated: BandExemption) => Uncertainty;
  /** The serving engine's quantization support: precisions a GPU cannot run are rejected with the reason. */
  quantization?: { engine: string; support: QuantizationSupport };
}

export interface Rejection {
  instance: string;
  reason: Issue;
}

export interface Baseline {
  policy: 'max-performance' | 'no-offload';
  candidate: Candidate;
  /** pick's saving against this baseline, in dollars and as a fraction of the baseline's total. */
  savingUsd: number;
  savingFraction: number;
}

export interface RecommendResult {
  pick?: Candidate;
  /** SLO-meeting, in-budget candidates in rank order (pick first). */
  candidates: Candidate[];
  rejected: Rejection[];
  baselines: { maxPerformance?: Baseline; noOffload?: Baseline };
  /** Why there is no pick, with the closest options; absent when there is one. */
  noPick?: Issue;
  warnings: Issue[];
}

const REASON_PROGRESS = [
  'model-does-not-fit',
  'kv-layer-does-not-fit',
  'host-memory-too-small',
  'prediction-invalid',
];

/** The failure that got furthest: a placement that fits the GPU but not host RAM says more. */
function furthestReason(options: PlacementEvaluation[]): Issue {
  const reasons = options.flatMap((o) => (o.feasible ? [] : [o.reason]));
  return reasons.reduce((best, r) =>
    REASON_PROGRESS.indexOf(r.code) > REASON_PROGRESS.indexOf(best.code) ? r : best,
  );
}

function bestOf(
  options: FeasiblePlacement[],
  toCand: (p: FeasiblePlacement) => Candidate,
): Candidate | undefined {
  const cands = options.map(toCand);
  cands.sort((a, b) => (a.meetsSlo !== b.meetsSlo ? (a.meetsSlo ? -1 : 1) : byRank(a, b)));
  return cands[0];
}

/** The paper's order on what each candidate delivers: on spot, its expected figures (spot-task.ts). */
function byRank(a: Candidate, b: Candidate): number {
  return compareCandidates(rankingFigures(a), rankingFigures(b));
}

/** What the task costs on the candidate: on spot, the expected cost with interrupted batches rerun. */
function taskUsd(c: Candidate): number {
  return c.spot?.expectedUsd ?? c.totalUsd;
}

function baseline(policy: Baseline['policy'], pick: Candidate | undefined, c: Candidate | undefined) {
  if (!c) return undefined;
  const savingUsd = pick ? taskUsd(c) - taskUsd(pick) : 0;
  return { policy, candidate: c, savingUsd, savingFraction: pick ? savingUsd / taskUsd(c) : 0 };
}

/** Ranks every instance of the catalog for the task (paper section IV, stages 2–4). */
export function recommend(req: RecommendRequest): RecommendResult {
  const matches = instanceMatcher(req.instancePatterns);
  const gpus = new Map(req.catalog.gpus.map((g) => [g.id, g]));
  const rejected: Rejection[] = [];
  const candidates: Candidate[] = [];
  const noOffload: Candidate[] = [];
  const fastest: Candidate[] = [];
  const warnings: Issue[] = [...(req.searchWarnings ?? [])];
  // A request longer than the model's context length runs nowhere: vLLM refuses such a --max-model-len.
  const tooLong = contextLengthIssue(req.model, req.task.inputTokens + req.task.outputTokens, 'inputTokens');
  for (const instance of req.catalog.instances) {
    if (!matches(instance.id)) continue;
    const reject = (reason: Issue) => rejected.push({ instance: instance.id, reason });
    if (tooLong) {
      reject(tooLong);
      continue;
    }
    const region = priceRegion(req, instance.provider);
    if (region === undefined) continue;
    const price = instancePrice(instance, region, req.pricing);
    if ('issue' in price) {
      reject(price.issue);
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
    const gpu = gpus.get(instance.gpuId);
    if (!gpu) {
      reject({ code: 'unknown-gpu', details: { gpu: instance.gpuId } });
      continue;
    }
    const tps = tensorParallelOptions(req.model, instance.gpuCount);
    if (tps.length === 0) {
      reject({ code: 'no-tensor-parallel-layout', details: { gpuCount: instance.gpuCount } });
      continue;
    }
    const calibrationFor = (precision: string, tensorParallel: number) =>
      resolveCalibration(req.calibration, req.predictor.id, instance.id, gpu.id, {
        model: req.model.id,
        tensorParallel,
        precision,
      });
    const options: PlacementEvaluation[] = [];
    const unsupported: Issue[] = [];
    for (const precision of req.precisions) {
      const q = req.quantization;
      const deployable = q
        ? deployableFormat(q.support, q.engine, precision, gpu, req.model.quantization)
        : undefined;
      if (deployable && !deployable.ok) {
        unsupported.push(deployable.reason);
        continue;
      }
      for (const tensorParallel of tps) {
        options.push(
          evaluatePlacement({
            model: req.model,
            gpu,
            gpuCount: instance.gpuCount,
            hostMemoryBytes: instance.hostMemoryBytes,
            gpuInterconnect: instance.gpuInterconnect,
            precision,
            ...(req.kvCacheDtype ? { kvCacheDtype: req.kvCacheDtype } : {}),
            tensorParallel,
            task: req.task,
            priceUsdPerHour,
            billing: req.instanceBilling ? instance.billing : req.billing,
            sloTokensPerSecond: req.sloTokensPerSecond,
            predictor: req.predictor,
            calibration: calibrationFor(precision, tensorParallel).calibration,
            gpuMemoryUtilization: req.gpuMemoryUtilization,
            hostMemoryUtilization: req.hostMemoryUtilization,
            allowOffload: true,
          }),
        );
      }
    }
    const feasible = options.filter((o): o is FeasiblePlacement => o.feasible);
    if (feasible.length === 0) {
      reject(options.length > 0 ? furthestReason(options) : (unsupported[0] as Issue));
      continue;
    }
    const toCand = (p: FeasiblePlacement): Candidate => {
      const cal = calibrationFor(p.precision, p.tensorParallel);
      const candidate = toCandidate(p, {
        instance: instance.id,
        gpu: gpu.id,
        gpuCount: instance.gpuCount,
        ...(instance.cpuArchitecture ? { cpuArchitecture: instance.cpuArchitecture } : {}),
        region,
        priceUsdPerHour,
        calibrated: cal.calibrated,
        warnings: cal.warnings,
      });
      if (req.uncertainty) {
        const u = req.uncertainty(
          {
            gpuId: gpu.id,
            tensorParallel: p.tensorParallel,
            precision: p.precision,
            prefillBatchTokens: req.task.batchSize * req.task.inputTokens,
            decodeBatch: req.task.batchSize,
            contextTokens: req.task.inputTokens + req.task.outputTokens,
          },
          bandExemptionOf(cal.calibrated, p.warnings),
        );
        const bands = batchBands(candidate, u);
        candidate.uncertainty = uncertaintyJson(u, bands);
        candidate.warnings = [...candidate.warnings, ...extrapolationWarnings(u)];
        // The SLO is met at the margin's edge of the band, not at the point prediction.
        candidate.meetsSlo = bands.tokensPerSecondAtMargin >= req.sloTokensPerSecond;
      }
      const q = req.quantization;
      const deployable = q
        ? deployableFormat(q.support, q.engine, p.precision, gpu, req.model.quantization)
        : undefined;
      const billing = req.instanceBilling ? instance.billing : req.billing;
      const spot =
        req.pricing === 'spot' && req.spot
          ? spotTaskExpectation(
              req.task,
              p.time.batchSeconds,
              p.replicas,
              priceUsdPerHour,
              billing,
              req.spot,
              req.sloTokensPerSecond,
            )
          : undefined;
      // On spot the SLO is checked on the throughput the task is expected to deliver, reruns included:
      // the TPS it was checked at (point or the margin's edge) stretched by expected / uninterrupted time.
      if (spot) {
        const band = candidate.uncertainty;
        const checked =
          (band?.available && band.margin !== 'none' ? band.bands?.tokensPerSecondAtMargin : undefined) ??
          candidate.tokensPerSecond;
        const expectedAtCheck = (checked * candidate.runSeconds) / spot.expectedRunSeconds;
        candidate.meetsSlo = candidate.meetsSlo && expectedAtCheck >= req.sloTokensPerSecond;
      }
      return {
        ...candidate,
        ...(deployable?.ok && deployable.format ? { quantizationFormat: deployable.format } : {}),
        ...(spot ? { spot } : {}),
      };
    };
    const best = bestOf(feasible, toCand) as Candidate;
    const quickest = feasible
      .map(toCand)
      .sort((a, b) => rankingFigures(b).tokensPerSecond - rankingFigures(a).tokensPerSecond)[0];
    if (quickest) fastest.push(quickest);
    const bestWithoutOffload = bestOf(
      feasible.filter((p) => p.offloadFraction === 0),
      toCand,
    );
    if (bestWithoutOffload?.meetsSlo) noOffload.push(bestWithoutOffload);
    if (!best.meetsSlo) {
      const band = best.uncertainty;
      const atMargin =
        band?.available && band.margin !== 'none' ? band.bands?.tokensPerSecondAtMargin : undefined;
      // On spot, what missed may be the expected throughput with reruns: the shortfall is measured there.
      const stretch = best.spot ? best.runSeconds / best.spot.expectedRunSeconds : 1;
      const checked = (atMargin ?? best.tokensPerSecond) * stretch;
      reject({
        code: 'misses-slo',
        details: {
          tokensPerSecond: best.tokensPerSecond,
          sloTokensPerSecond: req.sloTokensPerSecond,
          shortByTokensPerSecond: req.sloTokensPerSecond - checked,
          ...(atMargin !== undefined && band?.available
            ? { margin: band.margin, tokensPerSecondAtMargin: atMargin }
            : {}),
          ...(best.spot ? { spotExpectedTokensPerSecond: checked } : {}),
        },
      });
      continue;
    }
    candidates.push(best);
  }
  candidates.sort(byRank);
  noOffload.sort(byRank);
  fastest.sort(
    (a, b) =>
      rankingFigures(b).tokensPerSecond - rankingFigures(a).tokensPerSecond ||
      a.priceUsdPerHour - b.priceUsdPerHour,
  );
  const pick = candidates[0];
  const result: RecommendResult = {
    candidates,
    rejected,
    baselines: {
      maxPerformance: baseline('max-performance', pick, fastest[0]),
      noOffload: baseline('no-offload', pick, noOffload[0]),
    },
    warnings,
  };
  if (pick) {
    result.pick = pick;
    // A calibrated pick asked about a shape outside what its CTCF was fitted on says so, as predict does.
    result.warnings.push(
      ...calibrationRangeWarnings(req.calibration, {
        predictor: req.predictor.id,
        instance: pick.instance,
        gpu: pick.gpu,
        model: req.model.id,
        tensorParallel: pick.tensorParallel,
        precision: pick.precision,
        batchSize: req.task.batchSize,
        inputTokens: req.task.inputTokens,
        outputTokens: req.task.outputTokens,
      }),
    );
  } else {
    const unbudgeted =
      req.maxPriceUsdPerHour !== undefined
        ? recommend({ ...req, maxPriceUsdPerHour: undefined }).pick
        : undefined;
    result.noPick = tooLong ?? explainNoPick(req, fastest[0], unbudgeted);
  }
  return result;
}

/** Nothing met the SLO within budget: say what came closest, and by how much. */
function explainNoPick(
  req: RecommendRequest,
  fastest: Candidate | undefined,
  withoutBudget: Candidate | undefined,
): Issue {
  const details: Record<string, string | number> = { sloTokensPerSecond: req.sloTokensPerSecond };
  if (req.maxPriceUsdPerHour !== undefined) details.maxPriceUsdPerHour = req.maxPriceUsdPerHour;
  if (fastest) {
    details.fastestInstance = fastest.instance;
    details.fastestTokensPerSecond = fastest.tokensPerSecond;
    details.shortByTokensPerSecond = req.sloTokensPerSecond - fastest.tokensPerSecond;
  }
  if (withoutBudget && req.maxPriceUsdPerHour !== undefined) {
    details.overBudgetInstance = withoutBudget.instance;
    details.overBudgetUsdPerHour = withoutBudget.priceUsdPerHour;
    details.overBudgetByUsdPerHour = withoutBudget.priceUsdPerHour - req.maxPriceUsdPerHour;
  }
  return { code: 'no-candidate', details };
}
