import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import Table from 'cli-table3';
import { type CtcfFit, type CtcfGroupReport, fitCtcf, type ResolvedMeasurement } from '../../app/fit-ctcf.js';
import { lookupById } from '../../app/lookup.js';
import { createPredictor, isPredictorId, PREDICTOR_IDS, type PredictorId } from '../../app/predictors.js';
import { DEFAULTS } from '../../app/settings.js';
import { parseHfConfig } from '../../catalog/parse-hf-config.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import type { Measurement } from '../../core/measurement.js';
import type { ModelConfig } from '../../core/model-config.js';
import type { TimePredictor } from '../../core/time-predictor.js';
import { formatNumber } from '../../messages/format.js';
import { describeIssue } from '../../messages/messages.js';
import { readJsonFile } from '../fs/read-json-file.js';
import { importMeasurement, type MeasurementImportOptions } from '../importers/measurements.js';
import { OptionReader } from './option-values.js';
import type { CommandOutput, PlannerData } from './planner-data.js';
import { renderErrors, renderWarnings } from './render-issues.js';
import { COMPACT_TABLE } from './table-style.js';

/** --gpu, --instance, --model, --precision: used where a file does not say. */
export type MeasurementOverrides = Pick<MeasurementImportOptions, 'gpu' | 'instance' | 'model' | 'precision'>;

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

/**
 * Reads every file first (native measurement JSON, vLLM bench or GuideLLM results, through the
 * importers): one bad file or sample rejects the whole run, so nothing is half-imported.
 */
function readMeasurements(
  files: readonly string[],
  overrides: MeasurementOverrides,
): Result<{ file: string; m: Measurement }[]> {
  const issues: Issue[] = [];
  const read: { file: string; m: Measurement }[] = [];
  for (const file of files) {
    const raw = readJsonFile(file);
    const imported = raw.ok ? importMeasurement(fillNative(raw.value, overrides), file, overrides) : raw;
    if (imported.ok) read.push({ file, m: imported.value });
    else issues.push(...imported.issues);
  }
  return issues.length > 0 ? fail(...issues) : ok(read);
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

const SHAPE_LABELS: Record<CtcfGroupReport['chosen'], string> = {
  alpha: 'α',
  'alpha-beta': 'α+β',
  'distserve-prefill': 'prefill curve',
  'distserve-decode': 'decode curve',
};

const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, 1)} %`);

function renderTable(fit: CtcfFit, predictor: string, out: string, warnings: Issue[]): string {
  const table = new Table({
    head: [
      'group',
      'stage',
      'α',
      'β µs/layer',
      'samples',
      'CV α+β',
      'CV α',
      'CV prefill curve',
      'CV decode curve',
      'shape',
      'error before',
      'error after',
      'outliers',
    ],
    ...COMPACT_TABLE,
  });
  for (const g of fit.groups) {
    table.push([
      [
        g.group,
        g.model,
        g.tensorParallel !== undefined ? `TP${g.tensorParallel}` : undefined,
        g.precision,
        g.engine,
      ]
        .filter((v) => v !== undefined)
        .join(' · '),
      g.stage,
      formatNumber(g.alpha, 3),
      formatNumber(g.betaSeconds * 1e6, 2),
      String(g.samples),
      pct(g.cvMeanAbsPctError['alpha-beta']),
      pct(g.cvMeanAbsPctError.alpha),
      pct(g.cvMeanAbsPctError['distserve-prefill']),
      pct(g.cvMeanAbsPctError['distserve-decode']),
      SHAPE_LABELS[g.chosen],
      pct(g.meanAbsPctErrorBefore),
      pct(g.meanAbsPctErrorAfter),
      String(g.outliers),
    ]);
  }
  const head = `CTCF fit for the ${predictor} predictor (Huber-robust least squares; CTCF or a DistServe step-time curve by 5-fold CV, mean absolute % error)\n`;
  return `${head}${table.toString()}\nWrote ${out}.\n${warnings.length > 0 ? `\n${renderWarnings(warnings)}` : ''}`;
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

/** `infersave calibrate <files...> --out calibration.json`: fits CTCF from measured step times. */
export function runCalibrate(
  files: string[],
  raw: Record<string, unknown>,
  data: PlannerData,
): CommandOutput {
  const o = new OptionReader(raw);
  const out = o.required('out', '--out', o.text, 'the calibration file to write, e.g. calibration.json');
  const predictorId = o.text('predictor') ?? DEFAULTS.predictor;
  if (!isPredictorId(predictorId)) {
    o.issues.push({
      code: 'unknown-predictor',
      path: '--predictor',
      details: { value: predictorId, known: [...PREDICTOR_IDS] },
    });
  }
  const precision = o.precisions('precision', '--precision')?.[0];
  const overrides: MeasurementOverrides = {
    ...(o.text('gpu') !== undefined ? { gpu: o.text('gpu') as string } : {}),
    ...(o.text('instance') !== undefined ? { instance: o.text('instance') as string } : {}),
    ...(o.text('model') !== undefined ? { model: o.text('model') as string } : {}),
    ...(precision !== undefined ? { precision } : {}),
  };
  if (files.length === 0)
    o.issues.push({
      code: 'missing-option',
      path: '<files...>',
      message: 'name one or more measurement files',
    });
  if (o.issues.length > 0) return { exitCode: 2, stdout: '', stderr: renderErrors(o.issues, 'calibrate') };
  const read = readMeasurements(files, overrides);
  if (!read.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(read.issues, 'calibrate') };
  const outPath = out as string;
  const fitted = fitCalibration(read.value, data, {
    predictor: predictorId as PredictorId,
    id: o.text('id') ?? basename(outPath).replace(/\.json$/i, ''),
    catalog: o.text('catalog') ?? DEFAULTS.catalog,
  });
  if (!fitted.ok)
    return { exitCode: fitted.exitCode, stdout: '', stderr: renderErrors(fitted.issues, 'calibrate') };
  const { fit, predictor, file } = fitted;
  try {
    writeFileSync(outPath, `${JSON.stringify(file, null, 2)}\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      exitCode: 2,
      stdout: '',
      stderr: renderErrors(
        [{ code: 'invalid-option', path: '--out', message: `cannot write ${outPath}: ${reason}` }],
        'calibrate',
      ),
    };
  }
  const warnings = fit.failures;
  if (o.flag('json')) {
    const json = calibrateJson(fitted, outPath);
    return { exitCode: 0, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' };
  }
  return { exitCode: 0, stdout: renderTable(fit, predictor.id, outPath, warnings), stderr: '' };
}
