import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinGpus, loadBuiltinModels } from '../../src/adapters/fs/builtin-data.js';
import { fsPlannerData } from '../../src/adapters/fs/fs-planner-data.js';
import { createPredictor } from '../../src/app/predictors.js';
import { DEFAULTS } from '../../src/app/settings.js';
import { evaluatePlacement } from '../../src/core/evaluate-placement.js';
import type { GpuSpec } from '../../src/core/gpu-spec.js';
import type { Result } from '../../src/core/issue.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import type { EfficiencyProfile } from '../../src/core/operator-work.js';
import { paperPredictor } from '../../src/core/paper-predictor.js';
import { peakFlopPerSecond } from '../../src/core/peak-flops.js';
import { createRooflinePredictor } from '../../src/core/roofline-predictor.js';
import { IDENTITY_CTCF, type TimePredictor } from '../../src/core/time-predictor.js';
import { samplesOf } from '../efficiency/fit-gpu.js';
import { fitRoofline, roundEfficiency } from '../efficiency/roofline-fit.js';
import { KERNEL_CLASSES } from '../efficiency/samples.js';
import { splitByShape } from '../efficiency/split.js';
import { loadReproductionInputs } from '../paper-reproduction/load-inputs.js';
import { reproducePaper } from '../paper-reproduction/reproduce.js';
import {
  CALIBRATION_FOLDS,
  type CalibrationPoint,
  crossValidatedCalibrations,
  type FoldCalibration,
  foldOf,
} from './calibrated.js';
import { DISTSERVE_GRID, distServeSeconds, parseDistServeFile, parseMaxTokens } from './distserve.js';
import {
  gridPoints,
  indexTables,
  type MissReason,
  measureLayerStep,
  type PointShape,
} from './per-operator.js';
import { predictStep, profiledLmHeadSeconds, rooflineLmHeadSeconds, type StepContext } from './step-times.js';
import { loadGpuTables, MEASURED_GPUS } from './tables.js';

/** FlexGen's cost model (`--engine flexgen`) on the paper's offline points, at the C_off the paper ran. */
export const FLEXGEN_AT_PAPER_OFFLOAD = "flexgen cost model (paper's C_off)";
/** The same at the KV share FlexGen's policy search picks. */
export const FLEXGEN_AT_POLICY = 'flexgen cost model (its policy)';

export type Metric = 'prefill' | 'decode' | 'tps';
export type Split = 'held-out' | 'in-sample' | 'fit';

/** One predicted-versus-measured point. */
export interface ResultRow {
  predictor: string;
  dataset: string;
  gpu: string;
  metric: Metric;
  split: Split;
  predicted: number;
  measured: number;
  /** Regime labels, for "where each predictor fails". */
  tags: string[];
}

export interface SkipCounts {
  total: number;
  measured: number;
  composed: number;
  missing: Record<MissReason | 'heads', number>;
}

export interface AccuracyData {
  rows: ResultRow[];
  /** Per GPU: how many per-operator grid points were found. */
  perOperatorCoverage: Record<string, SkipCounts>;
  /** Per GPU: the refitted (held-out) and shipped efficiencies. */
  refit: Record<
    string,
    {
      refit: Pick<EfficiencyProfile, 'gemm' | 'prefillAttention' | 'decodeAttention'>;
      excludedShapes: number;
    }
  >;
  distServeSkipped: string[];
  /** Per dataset and GPU: the k-fold CTCF calibrations (one per held-out fold). */
  calibration: CalibrationReport[];
}

export interface CalibrationReport {
  dataset: string;
  gpu: string;
  /** The roofline it corrects (the held-out refit on per-operator data, the shipped one on DistServe). */
  base: string;
  points: number;
  folds: FoldCalibration[];
}

/** The calibrated roofline's predictor label in the report. */
export const CALIBRATED_PREDICTOR = `roofline + CTCF (${CALIBRATION_FOLDS}-fold)`;

/** The profiled predictor's label in the report (it reads the shipped kernel tables, data/v1/kernels/). */
export const PROFILED_PREDICTOR = 'profiled';

export const PER_OPERATOR_MODELS = [
  'meta-llama/Llama-3.1-8B',
  'Qwen/Qwen2.5-7B-Instruct',
  'meta-llama/Llama-3.1-70B',
  'facebook/opt-13b',
] as const;
export const TENSOR_PARALLEL = [1, 2, 4, 8] as const;

function value<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.issues)}`);
  return r.value;
}

export function stepTags(point: PointShape, tp: number, composed: boolean): string[] {
  const tags = [`TP ${tp}`];
  if (point.stage === 'decode') {
    if (point.batch <= 4) tags.push('decode, batch ≤ 4');
    if (point.batch >= 64) tags.push('decode, batch ≥ 64');
    if (point.tokens >= 8192) tags.push('decode, context ≥ 8192');
    if (point.tokens <= 512) tags.push('decode, context ≤ 512');
    if (point.batch >= 64 && point.tokens <= 512) tags.push('decode, batch ≥ 64 and context ≤ 512');
  } else {
    const tokens = point.batch * point.tokens;
    if (tokens <= 512) tags.push('prefill, ≤ 512 tokens');
    if (tokens >= 4096) tags.push('prefill, ≥ 4096 tokens');
  }
  if (composed) tags.push('GEMM timed as measured blocks');
  return tags;
}

function usable(model: ModelConfig, tp: number): boolean {
  return model.numAttentionHeads % tp === 0 && model.intermediateSize % tp === 0;
}

export interface GenerateOptions {
  repoRoot: string;
  sharedDir: string;
  /** Restrict to these GPU ids (tests). */
  gpuIds?: readonly string[];
  /** Skip the paper's TPS points and DistServe (tests). */
  perOperatorOnly?: boolean;
}

export function generateAccuracyData(options: GenerateOptions): AccuracyData {
  const gpus = value(loadBuiltinGpus(), 'gpus');
  const models = value(loadBuiltinModels(), 'models');
  const efficiency = value(fsPlannerData.efficiency(), 'efficiency');
  const gpuById = (id: string): GpuSpec => {
    const gpu = gpus.find((g) => g.id === id);
    if (!gpu) throw new Error(`gpus.json lacks ${id}`);
    return gpu;
  };
  const modelById = (id: string): ModelConfig => {
    const model = models.find((m) => m.id === id);
    if (!model) throw new Error(`models.json lacks ${id}`);
    return model;
  };
  const rows: ResultRow[] = [];
  const perOperatorCoverage: AccuracyData['perOperatorCoverage'] = {};
  const refitReport: AccuracyData['refit'] = {};
  const calibrationReport: CalibrationReport[] = [];
  const shipped = createRooflinePredictor({ profiles: efficiency.byGpuId, fallback: efficiency.fallback });
  if (!fsPlannerData.kernelTables) throw new Error('fsPlannerData cannot load kernel tables');
  const kernelTables = value(fsPlannerData.kernelTables(), 'kernel tables');
  const profiled = createPredictor('profiled', efficiency, kernelTables);

  // (a) per-operator sums.
  for (const source of MEASURED_GPUS) {
    if (options.gpuIds && !options.gpuIds.includes(source.gpuId)) continue;
    const gpu = gpuById(source.gpuId);
    const tables = loadGpuTables(options.sharedDir, source);
    const indexed = indexTables(tables);
    const coverage: SkipCounts = {
      total: 0,
      measured: 0,
      composed: 0,
      missing: { gemm: 0, attention: 0, 'all-reduce': 0, heads: 0 },
    };
    const found: { model: ModelConfig; tp: number; point: PointShape; seconds: number; composed: boolean }[] =
      [];
    const used = new Set<string>();
    for (const modelId of PER_OPERATOR_MODELS) {
      const model = modelById(modelId);
      for (const tp of TENSOR_PARALLEL) {
        for (const point of gridPoints()) {
          coverage.total += 1;
          if (!usable(model, tp)) {
            coverage.missing.heads += 1;
            continue;
          }
          const measured = measureLayerStep(indexed, model, tp, point);
          if (!measured.ok) {
            coverage.missing[measured.missing] += 1;
            continue;
          }
          coverage.measured += 1;
          if (measured.value.composed) coverage.composed += 1;
          for (const key of measured.value.kernelKeys) used.add(key);
          found.push({
            model,
            tp,
            point,
            seconds: measured.value.seconds,
            composed: measured.value.composed,
          });
        }
      }
    }
    perOperatorCoverage[source.gpuId] = coverage;
    if (found.length === 0) continue;

    // Held-out refit: the efficiency fit's own training split, minus every kernel shape any point uses.
    const shippedProfile = efficiency.byGpuId[source.gpuId];
    if (!shippedProfile) throw new Error(`efficiency.json lacks ${source.gpuId}`);
    const peaks = {
      flopPerSecond: peakFlopPerSecond(gpu, 'bf16').value,
      hbmBytesPerSecond: gpu.hbmBytesPerSecond,
    };
    const samples = samplesOf(tables);
    const refit = { ...shippedProfile };
    let excluded = 0;
    for (const kernelClass of KERNEL_CLASSES) {
      const { train } = splitByShape(samples[kernelClass]);
      const kept = train.filter((s) => !used.has(s.shapeKey));
      excluded += train.length - kept.length;
      refit[kernelClass] = roundEfficiency(fitRoofline(kept, peaks).efficiency);
    }
    refitReport[source.gpuId] = {
      refit: {
        gemm: refit.gemm,
        prefillAttention: refit.prefillAttention,
        decodeAttention: refit.decodeAttention,
      },
      excludedShapes: excluded,
    };
    const heldOut = createRooflinePredictor({
      profiles: { [source.gpuId]: refit },
      fallback: efficiency.fallback,
    });
    for (const f of found) {
      const ctx: StepContext = {
        model: f.model,
        gpu,
        precision: 'bf16',
        tensorParallel: f.tp,
        gpuInterconnect: source.interconnect,
      };
      const tags = [`${f.model.id}`, ...stepTags(f.point, f.tp, f.composed)];
      const base = {
        dataset: 'per-operator',
        gpu: source.gpuId,
        metric: f.point.stage,
        measured: f.seconds,
        tags,
      };
      rows.push({
        ...base,
        predictor: 'roofline',
        split: 'held-out',
        predicted: predictStep(heldOut, ctx, f.point) - rooflineLmHeadSeconds(ctx, refit, f.point.batch),
      });
      rows.push({
        ...base,
        predictor: 'roofline (shipped efficiencies)',
        split: 'in-sample',
        predicted:
          predictStep(shipped, ctx, f.point) - rooflineLmHeadSeconds(ctx, shippedProfile, f.point.batch),
      });
      rows.push({
        ...base,
        predictor: 'paper',
        split: 'held-out',
        predicted: predictStep(paperPredictor, ctx, f.point),
      });
      // Interpolates in the tables these sums are built from: a consistency check, not held out.
      const gpuTables = kernelTables[source.gpuId];
      if (gpuTables) {
        rows.push({
          ...base,
          predictor: PROFILED_PREDICTOR,
          split: 'in-sample',
          predicted:
            predictStep(profiled, ctx, f.point) -
            profiledLmHeadSeconds(ctx, gpuTables, shippedProfile, f.point.batch),
        });
      }
    }

    // Calibrated: the held-out refit roofline corrected by one CTCF (α, β) per stage fitted with
    // fitCtcf on 4 of 5 folds of this GPU's points (folds by a hash of the shape), scored on the 5th.
    // The sums leave the LM head out, so it is added back to the measurement the fit sees (the CTCF
    // scales the decoder layers only) and taken out of the calibrated prediction again.
    const ctxOf = (f: (typeof found)[number]): StepContext => ({
      model: f.model,
      gpu,
      precision: 'bf16',
      tensorParallel: f.tp,
      gpuInterconnect: source.interconnect,
    });
    const calPoints: CalibrationPoint[] = found.map((f) => {
      const ctx = ctxOf(f);
      return { ctx, point: f.point, seconds: f.seconds + rooflineLmHeadSeconds(ctx, refit, f.point.batch) };
    });
    const folds = crossValidatedCalibrations(calPoints, heldOut, `per-operator ${source.gpuId}`);
    calibrationReport.push({
      dataset: 'per-operator',
      gpu: source.gpuId,
      base: 'roofline (held-out refit)',
      points: calPoints.length,
      folds,
    });
    for (const f of found) {
      const ctx = ctxOf(f);
      const fold = folds[foldOf(f.model, f.tp, f.point)] as FoldCalibration;
      rows.push({
        dataset: 'per-operator',
        gpu: source.gpuId,
        metric: f.point.stage,
        measured: f.seconds,
        tags: [`${f.model.id}`, ...stepTags(f.point, f.tp, f.composed)],
        predictor: CALIBRATED_PREDICTOR,
        split: 'held-out',
        predicted:
          predictStep(heldOut, ctx, f.point, fold.calibration) -
          rooflineLmHeadSeconds(ctx, refit, f.point.batch),
      });
    }
  }
  if (options.perOperatorOnly)
    return {
      rows,
      perOperatorCoverage,
      refit: refitReport,
      distServeSkipped: [],
      calibration: calibrationReport,
    };

  // (b) DistServe's fitted A100 curves (whole steps: LM head included on both sides).
  const distServeSkipped: string[] = [];
  const folder = join(options.sharedDir, 'profiling/distserve-fitted');
  const maxTokens = parseMaxTokens(readFileSync(join(folder, 'max_num_tokens.csv'), 'utf8'));
  const a100 = gpuById('A100-80GB');
  for (const engine of ['vllm', 'distserve'] as const) {
    const dataset = `DistServe fit (${engine} engine)`;
    const calPoints: (CalibrationPoint & { tags: string[] })[] = [];
    const name = `profiler-a100-80g.${engine}.json`;
    const file = parseDistServeFile(JSON.parse(readFileSync(join(folder, name), 'utf8')), name);
    for (const [modelId, byTp] of Object.entries(file)) {
      const model = models.find((m) => m.id === modelId);
      for (const [tpText, curves] of Object.entries(byTp)) {
        const tp = Number(tpText);
        if (!model || (tp > 1 && !efficiency.byGpuId['A100-80GB']?.allReduce[tpText])) {
          distServeSkipped.push(`${engine} ${modelId} TP ${tp}`);
          continue;
        }
        const capacity = maxTokens.get(`${modelId}:${tp}`) ?? Number.POSITIVE_INFINITY;
        const points: PointShape[] = [];
        for (const batch of DISTSERVE_GRID.prefillBatches)
          for (const tokens of DISTSERVE_GRID.prefillTokens) points.push({ stage: 'prefill', batch, tokens });
        for (const batch of DISTSERVE_GRID.decodeBatches)
          for (const tokens of DISTSERVE_GRID.decodeTokens)
            if (batch * tokens <= capacity) points.push({ stage: 'decode', batch, tokens });
        const ctx: StepContext = {
          model,
          gpu: a100,
          precision: 'fp16',
          tensorParallel: tp,
          gpuInterconnect: 'nvlink',
        };
        for (const point of points) {
          const measured = distServeSeconds(curves, point);
          const tags = [modelId, ...stepTags(point, tp, false)];
          calPoints.push({ ctx, point, seconds: measured, tags });
          const base = {
            dataset,
            gpu: 'A100-80GB',
            metric: point.stage,
            measured,
            tags,
          };
          const predictors: [string, TimePredictor][] = [
            ['roofline', shipped],
            ['paper', paperPredictor],
            [PROFILED_PREDICTOR, profiled],
          ];
          for (const [id, predictor] of predictors) {
            rows.push({
              ...base,
              predictor: id,
              split: 'held-out',
              predicted: predictStep(predictor, ctx, point),
            });
          }
        }
      }
    }
    // Calibrated: the shipped roofline with one CTCF per stage fitted on 4 of 5 folds of this grid.
    const folds = crossValidatedCalibrations(calPoints, shipped, dataset);
    calibrationReport.push({
      dataset,
      gpu: 'A100-80GB',
      base: 'roofline (shipped efficiencies)',
      points: calPoints.length,
      folds,
    });
    for (const p of calPoints) {
      const fold = folds[foldOf(p.ctx.model, p.ctx.tensorParallel, p.point)] as FoldCalibration;
      rows.push({
        dataset,
        gpu: 'A100-80GB',
        metric: p.point.stage,
        measured: p.seconds,
        tags: p.tags,
        predictor: CALIBRATED_PREDICTOR,
        split: 'held-out',
        predicted: predictStep(shipped, p.ctx, p.point, fold.calibration),
      });
    }
  }

  // (c) the InferSave paper's TPS points (scripts/paper-reproduction): online fitted the calibration.
  const reproductionInputs = loadReproductionInputs(options.repoRoot, options.sharedDir);
  const reproduction = reproducePaper(reproductionInputs);
  const profiledTps = (instanceId: string, workload: 'online' | 'offline'): number =>
    profiledTokensPerSecond(reproductionInputs, instanceId, workload, profiled);
  const gpuOfInstance = new Map(
    value(fsPlannerData.catalog('paper-2025'), 'paper-2025').instances.map((i) => [i.id, i.gpuId]),
  );
  for (const p of reproduction.points) {
    const gpu = gpuOfInstance.get(p.instance) ?? p.instance;
    const split: Split = p.usedForFit ? 'fit' : 'held-out';
    const base = {
      dataset: `InferSave paper TPS (${p.workload})`,
      gpu,
      metric: 'tps' as const,
      measured: p.measuredTokensPerSecond,
      tags: [p.workload, p.instance],
    };
    rows.push({ ...base, predictor: 'paper', split: 'held-out', predicted: p.paperEquationsTokensPerSecond });
    rows.push({ ...base, predictor: 'roofline', split: 'held-out', predicted: p.rooflineTokensPerSecond });
    rows.push({
      ...base,
      predictor: PROFILED_PREDICTOR,
      split: 'held-out',
      predicted: profiledTps(p.instance, p.workload),
    });
    rows.push({
      ...base,
      predictor: 'calibrated (paper-2025-online)',
      split,
      predicted: p.calibratedTokensPerSecond,
    });
    // --engine flexgen: FlexGen's cost model (no fit on these points), at the paper's stated C_off and at
    // FlexGen's policy as the planner derives it. g6e.xlarge's offline row is a transcription error.
    if (p.flexgenAtPaperOffloadTokensPerSecond !== undefined && p.instance !== 'g6e.xlarge') {
      rows.push({
        ...base,
        predictor: FLEXGEN_AT_PAPER_OFFLOAD,
        split: 'held-out',
        predicted: p.flexgenAtPaperOffloadTokensPerSecond,
      });
      rows.push({
        ...base,
        predictor: FLEXGEN_AT_POLICY,
        split: 'held-out',
        predicted: p.flexgenAtPolicyTokensPerSecond,
      });
    }
  }
  return { rows, perOperatorCoverage, refit: refitReport, distServeSkipped, calibration: calibrationReport };
}

/**
 * The paper TPS of one instance with the profiled predictor, as scripts/paper-reproduction times the
 * roofline (fp16, TP 1, offload allowed, per-batch TPS). GPUs without kernel tables get the roofline.
 */
function profiledTokensPerSecond(
  inputs: ReturnType<typeof loadReproductionInputs>,
  instanceId: string,
  workload: 'online' | 'offline',
  predictor: TimePredictor,
): number {
  const instance = inputs.catalog.instances.find((i) => i.id === instanceId);
  const gpu = inputs.catalog.gpus.find((g) => g.id === instance?.gpuId);
  if (!instance || !gpu) throw new Error(`paper catalog lacks ${instanceId}`);
  const e = evaluatePlacement({
    model: inputs.model,
    gpu,
    gpuCount: instance.gpuCount,
    hostMemoryBytes: instance.hostMemoryBytes,
    gpuInterconnect: instance.gpuInterconnect,
    precision: 'fp16',
    tensorParallel: 1,
    task: inputs.measured.workloads[workload],
    priceUsdPerHour: 1,
    billing: inputs.catalog.billing,
    sloTokensPerSecond: 0,
    predictor,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
    hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
    allowOffload: true,
  });
  return e.feasible ? e.time.tokensPerSecond : 0;
}
