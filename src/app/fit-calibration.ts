import { parseHfConfig } from '../catalog/parse-hf-config.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { Measurement, ServingRun } from '../core/measurement.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { type CtcfFit, type CtcfGroupReport, fitCtcf, type ResolvedMeasurement } from './fit-ctcf.js';
import {
  fitServingCalibration,
  type ServingFitReport,
  type ServingMeasurement,
} from './fit-serving-calibration.js';
import { issueJson } from './issue-json.js';
import { lookupById } from './lookup.js';
import type { PlannerData } from './planner-data.js';
import { createPredictor, type PredictorId } from './predictors.js';
import { DEFAULTS } from './settings.js';

/** --gpu, --instance, --model, --precision: used where a file does not say. */
export interface MeasurementOverrides {
  gpu?: string;
  instance?: string;
  model?: string;
  precision?: Precision;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A native measurement file missing its GPU, instance, model or precision gets them from the flags. */
export function fillNative(raw: unknown, overrides: MeasurementOverrides): unknown {
  if (!isObject(raw) || !('samples' in raw)) return raw;
  const hardware = isObject(raw.hardware) ? { ...raw.hardware } : {};
  const model = isObject(raw.model) ? { ...raw.model } : {};
  if (hardware.gpu === undefined && overrides.gpu !== undefined) hardware.gpu = overrides.gpu;
  if (hardware.instance === undefined && overrides.instance !== undefined)
    hardware.instance = overrides.instance;
  if (model.id === undefined && overrides.model !== undefined) model.id = overrides.model;
  return {
    ...raw,
    hardware,
    model,
    ...(raw.precision === undefined && overrides.precision !== undefined
      ? { precision: overrides.precision }
      : {}),
  };
}

/** The catalog model, GPU, instance and link of each measurement. */
function resolveMeasurements(
  read: readonly { file: string; m: Measurement }[],
  data: PlannerData,
  catalogId: string,
): Result<ResolvedMeasurement[]> {
  const models = data.models();
  const gpus = data.gpus();
  if (!models.ok) return models;
  if (!gpus.ok) return gpus;
  const issues: Issue[] = [];
  const resolved: ResolvedMeasurement[] = [];
  const inFile = (file: string, i: Issue): Issue => ({ ...i, details: { ...i.details, file } });
  for (const { file, m } of read) {
    let model: Result<ModelConfig> = lookupById(models.value, m.model.id, 'unknown-model', 'model.id');
    if (!model.ok && m.model.config) model = parseHfConfig(m.model.config, m.model.id);
    let instance: ResolvedMeasurement['instance'];
    let interconnect: ResolvedMeasurement['gpuInterconnect'] | undefined;
    let gpuId = m.hardware.gpu;
    if (m.hardware.instance !== undefined) {
      const catalog = data.catalog(catalogId);
      if (!catalog.ok) return catalog;
      const found = lookupById(
        catalog.value.instances,
        m.hardware.instance,
        'unknown-instance',
        'hardware.instance',
      );
      if (!found.ok) {
        issues.push(...found.issues.map((i) => inFile(file, i)));
        continue;
      }
      instance = found.value.id;
      interconnect = found.value.gpuInterconnect;
      if (gpuId === '') gpuId = found.value.gpuId;
    }
    const gpu = lookupById(gpus.value, gpuId, 'unknown-gpu-id', 'hardware.gpu');
    if (!model.ok || !gpu.ok) {
      issues.push(...[model, gpu].flatMap((r) => (r.ok ? [] : r.issues.map((i) => inFile(file, i)))));
      continue;
    }
    const linked = gpu.value.nvlinkBytesPerSecond !== undefined ? 'nvlink' : 'pcie';
    resolved.push({
      label: file,
      model: model.value,
      gpu: gpu.value,
      ...(instance !== undefined ? { instance } : {}),
      precision: m.precision,
      tensorParallel: m.tensorParallel,
      gpuInterconnect: interconnect ?? (m.tensorParallel > 1 ? linked : 'none'),
      samples: m.samples,
      engine: m.software.engine,
      ...(m.servingRuns && m.servingRuns.length > 0 ? { servingRuns: m.servingRuns } : {}),
    });
  }
  return issues.length > 0 ? fail(...issues) : ok(resolved);
}

function groupJson(g: CtcfGroupReport) {
  return { ...g, betaMicrosecondsPerLayer: g.betaSeconds * 1e6 };
}

/** A fit's calibration file and report, or the issues that stopped it (exit code 2: bad input; 1: no fit). */
export type CalibrateOutcome =
  | { ok: false; exitCode: 1 | 2; issues: Issue[] }
  | {
      ok: true;
      fit: CtcfFit;
      /** Files with serving runs, fitted through the simulator (their entries are in `fit.entries`). */
      servingFits: ServingFitReport[];
      predictor: TimePredictor;
      file: {
        schemaVersion: 1;
        id: string;
        description: string;
        predictors: Record<string, CtcfFit['entries']>;
        sources: { title: string; fields: string[]; note: string }[];
      };
    };

/**
 * Fits CTCF to measurements already read (each labelled: a file name, or `measurements[i]`), writing
 * nothing: the calibration file's content and the fit.
 */
export function fitCalibration(
  read: readonly { file: string; m: Measurement }[],
  data: PlannerData,
  options: { predictor: PredictorId; id: string; catalog: string; fitThrough?: FitThrough },
): CalibrateOutcome {
  const resolved = resolveMeasurements(read, data, options.catalog);
  if (!resolved.ok) return { ok: false, exitCode: 2, issues: resolved.issues };
  const efficiency = data.efficiency();
  if (!efficiency.ok) return { ok: false, exitCode: 2, issues: efficiency.issues };
  const predictor = createPredictor(options.predictor, efficiency.value);
  const { serving, steps, notes } = splitByFit(
    resolved.value,
    predictor.id,
    options.fitThrough ?? 'simulator',
  );
  const fit: CtcfFit =
    steps.length > 0 ? fitCtcf(steps, predictor) : { entries: [], groups: [], failures: [] };
  fit.failures.push(...notes);
  const servingFits: ServingFitReport[] = [];
  const engines = data.engines?.();
  const profiles = engines?.ok ? engines.value : [];
  for (const m of serving) {
    const own = profiles.find((e) => e.id === m.engine);
    const engine = own ?? profiles.find((e) => e.id === DEFAULTS.engine);
    if (!own)
      fit.failures.push({
        code: 'serving-fit-engine-assumed',
        details: { file: m.label, engine: m.engine ?? 'unknown', assumed: DEFAULTS.engine },
      });
    const fitted = fitServingCalibration(m, { efficiency: efficiency.value, ...(engine ? { engine } : {}) });
    if (!fitted.ok) {
      fit.failures.push(...fitted.issues);
      continue;
    }
    fit.entries.push(...fitted.value.entries);
    fit.failures.push(...fitted.warnings);
    servingFits.push(fitted.value.report);
  }
  if (fit.entries.length === 0) {
    const issues = fit.failures.length > 0 ? fit.failures : [{ code: 'calibration-no-samples' }];
    return { ok: false, exitCode: 1, issues };
  }
  const file = {
    schemaVersion: 1 as const,
    id: options.id,
    description: `CTCF fitted by infersave calibrate for the ${predictor.id} predictor from ${read.length} measurement file(s)`,
    predictors: { [predictor.id]: fit.entries },
    sources: read.map(({ file: f, m }) => ({
      title: `${m.software.engine} ${m.software.version} measurements of ${m.model.id} on ${m.hardware.instance ?? m.hardware.gpu}`,
      fields: ['alpha', 'betaSeconds', 'curve'],
      note: `file ${f}; ${m.samples.length} samples; provenance: ${m.provenance.source}`,
    })),
  };
  return { ok: true, fit, servingFits, predictor, file };
}

/** How files with serving runs are fitted: through the simulator (default), or from their step samples. */
export type FitThrough = 'simulator' | 'steps';

/**
 * Serving runs a calibration would simulate: those of measurements with serving runs, when they are fitted
 * through the simulator (the default) for the roofline (the simulator's step timer). The rule `splitByFit`
 * applies; HTTP bounds a request's work by it.
 */
export function servingRunsToFit(
  measurements: readonly { servingRuns?: readonly ServingRun[] }[],
  predictorId: string,
  through: FitThrough,
): number {
  if (through !== 'simulator' || predictorId !== 'roofline') return 0;
  return measurements.reduce((n, m) => n + (m.servingRuns?.length ?? 0), 0);
}

/**
 * Which measurements are fitted through the simulator (those with serving runs, for the roofline, unless
 * `steps` is asked) and which from their step samples; a note for each file with serving runs that a
 * non-roofline predictor cannot fit that way.
 */
function splitByFit(
  resolved: readonly ResolvedMeasurement[],
  predictorId: string,
  through: FitThrough,
): { serving: ServingMeasurement[]; steps: ResolvedMeasurement[]; notes: Issue[] } {
  const serving: ServingMeasurement[] = [];
  const steps: ResolvedMeasurement[] = [];
  const notes: Issue[] = [];
  for (const m of resolved) {
    const runs = m.servingRuns;
    if (runs && servingRunsToFit([m], predictorId, through) > 0) {
      serving.push({ ...m, servingRuns: runs });
      continue;
    }
    if (through === 'simulator' && runs && runs.length > 0)
      notes.push({ code: 'serving-fit-needs-roofline', details: { file: m.label, predictor: predictorId } });
    steps.push(m);
  }
  return { serving, steps, notes };
}

/** `calibrate --json`: the calibration file and the fit report; `out` where a file was written. */
export function calibrateJson(fitted: Extract<CalibrateOutcome, { ok: true }>, out?: string) {
  return {
    schemaVersion: 1,
    predictor: fitted.predictor.id,
    ...(out !== undefined ? { out } : {}),
    calibration: fitted.file,
    groups: fitted.fit.groups.map(groupJson),
    servingFits: fitted.servingFits,
    warnings: fitted.fit.failures.map(issueJson),
  };
}
