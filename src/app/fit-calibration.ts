import { parseHfConfig } from '../catalog/parse-hf-config.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { Measurement } from '../core/measurement.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { describeIssue } from '../messages/messages.js';
import { type CtcfFit, type CtcfGroupReport, fitCtcf, type ResolvedMeasurement } from './fit-ctcf.js';
import { lookupById } from './lookup.js';
import type { PlannerData } from './planner-data.js';
import { createPredictor, type PredictorId } from './predictors.js';

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
  options: { predictor: PredictorId; id: string; catalog: string },
): CalibrateOutcome {
  const resolved = resolveMeasurements(read, data, options.catalog);
  if (!resolved.ok) return { ok: false, exitCode: 2, issues: resolved.issues };
  const efficiency = data.efficiency();
  if (!efficiency.ok) return { ok: false, exitCode: 2, issues: efficiency.issues };
  const predictor = createPredictor(options.predictor, efficiency.value);
  const fit = fitCtcf(resolved.value, predictor);
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
  return { ok: true, fit, predictor, file };
}

/** `calibrate --json`: the calibration file and the fit report; `out` where a file was written. */
export function calibrateJson(fitted: Extract<CalibrateOutcome, { ok: true }>, out?: string) {
  return {
    schemaVersion: 1,
    predictor: fitted.predictor.id,
    ...(out !== undefined ? { out } : {}),
    calibration: fitted.file,
    groups: fitted.fit.groups.map(groupJson),
    warnings: fitted.fit.failures.map((w) => ({
      code: w.code,
      message: describeIssue(w),
      details: w.details ?? {},
    })),
  };
}
