import type { Candidate } from '../../src/app/candidate.js';
import { createPredictor, type EfficiencyData } from '../../src/app/predictors.js';
import { type RecommendResult, recommend } from '../../src/app/recommend.js';
import { DEFAULTS } from '../../src/app/settings.js';
import type { Calibration } from '../../src/core/calibration.js';
import type { EngineProfile } from '../../src/core/engine-profile.js';
import { evaluatePlacement } from '../../src/core/evaluate-placement.js';
import { flexgenBatchTimes } from '../../src/core/flexgen-cost-model.js';
import { flexgenConstantsFor } from '../../src/core/flexgen-hardware.js';
import { flexgenShape } from '../../src/core/flexgen-shape.js';
import type { GpuSpec } from '../../src/core/gpu-spec.js';
import type { Catalog } from '../../src/core/instance-type.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import type { TaskShape } from '../../src/core/task-cost.js';
import { IDENTITY_CTCF, type TimePredictor } from '../../src/core/time-predictor.js';
import { fitThroughputCalibration, type ThroughputFit } from './fit-throughput-calibration.js';

/** The paper's measured points (test/golden/paper-2025-measured.json). */
export interface MeasuredFile {
  workloads: Record<'online' | 'offline', TaskShape>;
  points: {
    workload: 'online' | 'offline';
    sloTokensPerSecond: number;
    policy: string;
    instance: string;
    tokensPerSecond: number;
    totalUsd: number;
    offloadPercent?: number;
  }[];
}

export interface ReproductionInputs {
  model: ModelConfig;
  catalog: Catalog;
  efficiency: EfficiencyData;
  measured: MeasuredFile;
  /** The four GPUs with Table IV's labelled figures, for running the paper's equations on its own inputs. */
  paperLabelledGpus: GpuSpec[];
  /** The FlexGen engine profile with its cost model (data/v1/engines/flexgen.json, data/v1/flexgen-cost-model.json). */
  flexgen: EngineProfile;
}

export interface PointComparison {
  workload: 'online' | 'offline';
  instance: string;
  measuredTokensPerSecond: number;
  measuredOffloadPercent?: number;
  /** Our Algorithm 1 offload fraction for this instance and workload. */
  offloadFraction: number;
  paperEquationsTokensPerSecond: number;
  rooflineTokensPerSecond: number;
  calibratedTokensPerSecond: number;
  /** Calibrated roofline at the paper's own offload fraction (offline points only). */
  calibratedAtPaperOffloadTokensPerSecond?: number;
  /** Whether this point was used to fit the calibration. */
  usedForFit: boolean;
  /** `--engine flexgen`: the KV share FlexGen's policy search puts in CPU memory, and the TPS there. */
  flexgenPolicyOffloadFraction: number;
  flexgenAtPolicyTokensPerSecond: number;
  /** FlexGen's cost model at the paper's stated C_off (offline points only): the configuration that was run. */
  flexgenAtPaperOffloadTokensPerSecond?: number;
  /** FlexGen's cost model with everything on the GPU (a check of the transferred constants where nothing is offloaded). */
  flexgenAllOnGpuTokensPerSecond: number;
}

export interface ScenarioResult {
  workload: 'online' | 'offline';
  sloTokensPerSecond: number;
  paper: { first?: string; second?: string; maxPerformance?: string };
  ours: { first?: Candidate; second?: Candidate; maxPerformance?: Candidate; noOffload?: Candidate };
  uncalibratedFirst?: string;
  /** The first pick with `--engine flexgen` (FlexGen's policy and cost model for offloaded batches). */
  flexgenFirst?: Candidate;
}

export interface Reproduction {
  calibration: Calibration;
  fit: ThroughputFit;
  paperFit: ThroughputFit;
  points: PointComparison[];
  scenarios: ScenarioResult[];
}

const PRECISION = 'fp16' as const;
const OPTIONS = {
  gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
  hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
};

function tpsOf(
  catalog: Catalog,
  model: ModelConfig,
  instanceId: string,
  task: TaskShape,
  predictor: TimePredictor,
  calibration: Calibration | undefined,
  gpuOverride?: GpuSpec,
  offloadOverride?: number,
) {
  const instance = catalog.instances.find((i) => i.id === instanceId);
  const gpu = gpuOverride ?? catalog.gpus.find((g) => g.id === instance?.gpuId);
  if (!instance || !gpu) throw new Error(`paper catalog lacks ${instanceId}`);
  const entries = calibration?.predictors[predictor.id] ?? [];
  const pick = (stage: 'prefill' | 'decode') => {
    const e = entries.find((x) => x.instance === instanceId && x.stage === stage);
    return e ? { alpha: e.alpha, betaSeconds: e.betaSeconds } : IDENTITY_CTCF;
  };
  const ctcf = { prefill: pick('prefill'), decode: pick('decode') };
  if (offloadOverride !== undefined) {
    const t = predictor.predict({
      model,
      gpu,
      precision: PRECISION,
      tensorParallel: 1,
      gpuInterconnect: instance.gpuInterconnect,
      batch: { batchSize: task.batchSize, inputTokens: task.inputTokens, outputTokens: task.outputTokens },
      offloadFraction: offloadOverride,
      calibration: ctcf,
    });
    return { tokensPerSecond: t.tokensPerSecond, offloadFraction: offloadOverride };
  }
  const e = evaluatePlacement({
    model,
    gpu,
    gpuCount: instance.gpuCount,
    hostMemoryBytes: instance.hostMemoryBytes,
    gpuInterconnect: instance.gpuInterconnect,
    precision: PRECISION,
    tensorParallel: 1,
    task,
    priceUsdPerHour: 1,
    billing: catalog.billing,
    sloTokensPerSecond: 0,
    predictor,
    calibration: ctcf,
    ...OPTIONS,
    allowOffload: true,
  });
  if (!e.feasible) return { tokensPerSecond: 0, offloadFraction: Number.NaN };
  // The paper's TPS is per batch (eq. 1), not over a task with a partial last batch.
  return { tokensPerSecond: e.time.tokensPerSecond, offloadFraction: e.offloadFraction };
}

/** FlexGen's cost model for `instanceId` with the KV cache's `cacheCpuFraction` in CPU memory: batch TPS. */
function flexgenCostModelTps(
  inputs: ReproductionInputs,
  instanceId: string,
  task: TaskShape,
  cacheCpuFraction: number,
): number {
  const gpuId = inputs.catalog.instances.find((i) => i.id === instanceId)?.gpuId;
  const gpu = inputs.catalog.gpus.find((g) => g.id === gpuId);
  const data = inputs.flexgen.flexgenCostModel;
  const shape = flexgenShape(inputs.model, task);
  if (!gpu || !data || !shape.ok) throw new Error(`no FlexGen cost model for ${instanceId}`);
  const policy = { weightsGpuFraction: 1, cacheGpuFraction: 1 - cacheCpuFraction, activationsGpuFraction: 1 };
  const t = flexgenBatchTimes(shape.shape, policy, flexgenConstantsFor(data, gpu).constants);
  return (task.batchSize * (task.inputTokens + task.outputTokens)) / (t.prefillSeconds + t.decodeSeconds);
}

function run(
  inputs: ReproductionInputs,
  task: TaskShape,
  slo: number,
  calibration: Calibration | undefined,
  predictor: TimePredictor = createPredictor('roofline', inputs.efficiency),
): RecommendResult {
  return recommend({
    model: inputs.model,
    catalog: inputs.catalog,
    task,
    sloTokensPerSecond: slo,
    maxPriceUsdPerHour: 3,
    region: inputs.catalog.defaultRegion,
    precisions: [PRECISION],
    instancePatterns: [],
    predictor,
    ...(calibration ? { calibration } : {}),
    billing: inputs.catalog.billing,
    pricing: 'on-demand',
    ...OPTIONS,
    top: 5,
  });
}

/**
 * Calibrates the roofline on the paper's online TPS only, then compares predictions with the paper's
 * offline TPS (held out) and reruns its four instance selections.
 */
export function reproducePaper(inputs: ReproductionInputs): Reproduction {
  const roofline = createPredictor('roofline', inputs.efficiency);
  const paper = createPredictor('paper', inputs.efficiency);
  const flexgen = createPredictor('roofline', inputs.efficiency, {}, inputs.flexgen);
  const { workloads, points } = inputs.measured;
  const online = points
    .filter((p) => p.workload === 'online')
    .map((p) => ({ instance: p.instance, task: workloads.online, tokensPerSecond: p.tokensPerSecond }));
  const fit = fitThroughputCalibration(online, inputs.model, inputs.catalog, PRECISION, roofline, OPTIONS);
  const paperFit = fitThroughputCalibration(online, inputs.model, inputs.catalog, PRECISION, paper, OPTIONS);
  const calibration: Calibration = {
    id: 'paper-2025-online',
    description:
      "CTCF for the roofline predictor fitted on the InferSave paper's online measurements only (Table V: OPT-2.7B, fp16, batch 32, 128 in / 512 out, FlexGen on g4dn/g5/g6/g6e.xlarge). One alpha per instance for both stages, beta 0: a single TPS point cannot separate more.",
    predictors: { roofline: fit.entries },
    sources: [
      {
        title: 'InferSave (arXiv 2504.11816), Table V',
        url: 'https://arxiv.org/abs/2504.11816',
        note: 'fitted by scripts/paper-reproduction.ts; see docs/paper-reproduction.md',
      },
    ],
  };
  const labelled = new Map(inputs.paperLabelledGpus.map((g) => [g.id, g]));
  const seen = new Set<string>();
  const comparisons: PointComparison[] = [];
  for (const p of points) {
    const key = `${p.workload}/${p.instance}/${p.tokensPerSecond}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const task = workloads[p.workload];
    const gpuId = inputs.catalog.instances.find((i) => i.id === p.instance)?.gpuId ?? '';
    const base = tpsOf(inputs.catalog, inputs.model, p.instance, task, roofline, undefined);
    const flexgenPolicy = tpsOf(inputs.catalog, inputs.model, p.instance, task, flexgen, calibration);
    const comparison: PointComparison = {
      workload: p.workload,
      instance: p.instance,
      measuredTokensPerSecond: p.tokensPerSecond,
      offloadFraction: base.offloadFraction,
      paperEquationsTokensPerSecond: tpsOf(
        inputs.catalog,
        inputs.model,
        p.instance,
        task,
        paper,
        undefined,
        labelled.get(gpuId),
      ).tokensPerSecond,
      rooflineTokensPerSecond: base.tokensPerSecond,
      calibratedTokensPerSecond: tpsOf(inputs.catalog, inputs.model, p.instance, task, roofline, calibration)
        .tokensPerSecond,
      usedForFit: p.workload === 'online',
      flexgenPolicyOffloadFraction: flexgenPolicy.offloadFraction,
      flexgenAtPolicyTokensPerSecond: flexgenPolicy.tokensPerSecond,
      flexgenAllOnGpuTokensPerSecond: flexgenCostModelTps(inputs, p.instance, task, 0),
    };
    if (p.offloadPercent !== undefined) {
      comparison.measuredOffloadPercent = p.offloadPercent;
      comparison.calibratedAtPaperOffloadTokensPerSecond = tpsOf(
        inputs.catalog,
        inputs.model,
        p.instance,
        task,
        roofline,
        calibration,
        undefined,
        p.offloadPercent / 100,
      ).tokensPerSecond;
      comparison.flexgenAtPaperOffloadTokensPerSecond = flexgenCostModelTps(
        inputs,
        p.instance,
        task,
        p.offloadPercent / 100,
      );
    }
    comparisons.push(comparison);
  }
  const scenarios: ScenarioResult[] = [];
  for (const workload of ['online', 'offline'] as const) {
    const slos = [...new Set(points.filter((p) => p.workload === workload).map((p) => p.sloTokensPerSecond))];
    for (const slo of slos) {
      const ofPaper = (policy: string) =>
        points.find((p) => p.workload === workload && p.sloTokensPerSecond === slo && p.policy === policy)
          ?.instance;
      const calibrated = run(inputs, workloads[workload], slo, calibration);
      const uncalibrated = run(inputs, workloads[workload], slo, undefined);
      const scenario: ScenarioResult = {
        workload,
        sloTokensPerSecond: slo,
        paper: {},
        ours: {},
      };
      const [first, second] = calibrated.candidates;
      if (first) scenario.ours.first = first;
      if (second) scenario.ours.second = second;
      if (calibrated.baselines.maxPerformance)
        scenario.ours.maxPerformance = calibrated.baselines.maxPerformance.candidate;
      if (calibrated.baselines.noOffload) scenario.ours.noOffload = calibrated.baselines.noOffload.candidate;
      const paperFirst = ofPaper('InferSave-1st');
      const paperSecond = ofPaper('InferSave-2nd');
      const paperMax = ofPaper('Max-Performance');
      if (paperFirst) scenario.paper.first = paperFirst;
      if (paperSecond) scenario.paper.second = paperSecond;
      if (paperMax) scenario.paper.maxPerformance = paperMax;
      if (uncalibrated.pick) scenario.uncalibratedFirst = uncalibrated.pick.instance;
      const withFlexgen = run(inputs, workloads[workload], slo, calibration, flexgen);
      if (withFlexgen.candidates[0]) scenario.flexgenFirst = withFlexgen.candidates[0];
      scenarios.push(scenario);
    }
  }
  return { calibration, fit, paperFit, points: comparisons, scenarios };
}
