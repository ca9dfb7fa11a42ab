import { basename } from 'node:path';
import Table from 'cli-table3';
import {
  calibrateJson,
  fillNative,
  fitCalibration,
  type MeasurementOverrides,
} from '../../app/fit-calibration.js';
import type { CtcfFit, CtcfGroupReport } from '../../app/fit-ctcf.js';
import type { ServingFitReport } from '../../app/fit-serving-calibration.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { isPredictorId, PREDICTOR_IDS, type PredictorId } from '../../app/predictors.js';
import { DEFAULTS } from '../../app/settings.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import type { Measurement } from '../../core/measurement.js';
import { formatNumber } from '../../messages/format.js';
import type { CommandOutput } from '../command-output.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { readJsonFile } from '../fs/read-json-file.js';
import type { MeasurementImportOptions } from '../importers/measurement-import.js';
import { importMeasurement } from '../importers/measurements.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

/**
 * Reads every file first (native measurement JSON, vLLM bench or GuideLLM results, through the
 * importers): one bad file or sample rejects the whole run, so nothing is half-imported.
 */
function readMeasurements(
  files: readonly string[],
  overrides: MeasurementOverrides,
  setup: MeasurementImportOptions,
): Result<{ file: string; m: Measurement }[]> {
  const issues: Issue[] = [];
  const read: { file: string; m: Measurement }[] = [];
  for (const file of files) {
    const raw = readJsonFile(file);
    const imported = raw.ok
      ? importMeasurement(fillNative(raw.value, overrides), file, { ...setup, ...overrides })
      : raw;
    if (imported.ok) read.push({ file, m: imported.value });
    else issues.push(...imported.issues);
  }
  return issues.length > 0 ? fail(...issues) : ok(read);
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

/** The serving runs fitted through the simulator: the scales found and each run before and after. */
function renderServingFits(fits: readonly ServingFitReport[]): string {
  if (fits.length === 0) return '';
  const ms = (s: number) => formatNumber(s * 1000, 1);
  const blocks = fits.map((f) => {
    const table = new Table({
      head: [
        'concurrency',
        'in → out',
        'TTFT ms measured',
        'before',
        'after',
        'TPOT ms measured',
        'before',
        'after',
      ],
      ...COMPACT_TABLE,
    });
    for (const r of f.runs)
      table.push([
        formatNumber(r.concurrency, 0),
        `${formatNumber(r.inputTokens, 0)} → ${formatNumber(r.outputTokens, 0)}`,
        ms(r.measured.ttftSeconds),
        ms(r.uncalibrated.ttftSeconds),
        ms(r.calibrated.ttftSeconds),
        ms(r.measured.tpotSeconds),
        ms(r.uncalibrated.tpotSeconds),
        ms(r.calibrated.tpotSeconds),
      ]);
    return (
      `${f.key} (${f.label}): α prefill ${formatNumber(f.alphaPrefill, 3)}, α decode ${formatNumber(f.alphaDecode, 3)} after ${f.iterations} round(s)${f.converged ? '' : ' (not settled)'}; mean error TTFT ${pct(f.ttftMeanAbsPctError)}, TPOT ${pct(f.tpotMeanAbsPctError)}\n` +
      `${table.toString()}\n`
    );
  });
  return `Serving runs fitted through the simulator (closed loop at each run's concurrency, engine step overheads kept; median TTFT → α prefill, median TPOT → α decode):\n${blocks.join('')}\n`;
}

/** `infersave calibrate <files...> --out calibration.json`: fits CTCF from measured step times or serving runs. */
export function runCalibrate(
  files: string[],
  raw: Record<string, unknown>,
  data: PlannerData,
): CommandOutput {
  const o = new OptionReader(raw);
  const out = o.required('out', o.text, 'the calibration file to write, e.g. calibration.json');
  if (out !== undefined)
    o.issues.push(...outputFileIssues(out, '--out', { force: o.flag('force'), inputs: files }));
  const predictorId = o.text('predictor') ?? DEFAULTS.predictor;
  if (!isPredictorId(predictorId)) {
    o.issues.push({
      code: 'unknown-predictor',
      path: '--predictor',
      details: { value: predictorId, known: [...PREDICTOR_IDS] },
    });
  }
  const fitThrough = o.text('fitThrough') ?? 'simulator';
  if (fitThrough !== 'simulator' && fitThrough !== 'steps')
    o.issues.push({
      code: 'invalid-option',
      path: 'fitThrough',
      message: `'${fitThrough}' is not a way to fit: simulator (serving runs through the simulator) or steps`,
    });
  const precision = o.precisions('precision')?.[0];
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
  // What a benchmark tool's file does not record (the same fields as POST /v1/calibrate's).
  const setup: MeasurementImportOptions = {};
  const whole = {
    gpuCount: o.positiveInteger('gpuCount'),
    tensorParallel: o.positiveInteger('tensorParallel'),
    batchSize: o.positiveInteger('batchSize'),
    inputLen: o.positiveInteger('inputLen'),
    outputLen: o.positiveInteger('outputLen'),
    maxNumSeqs: o.positiveInteger('maxNumSeqs'),
    concurrency: o.positiveInteger('concurrency'),
  };
  for (const [k, v] of Object.entries(whole)) if (v !== undefined) Object.assign(setup, { [k]: v });
  const prefillSeconds = o.positiveNumber('prefillSeconds');
  if (prefillSeconds !== undefined) setup.prefillSeconds = prefillSeconds;
  const engine = o.text('engine');
  if (engine !== undefined) setup.engine = engine;
  const engineVersion = o.text('engineVersion');
  if (engineVersion !== undefined) setup.engineVersion = engineVersion;
  // Every problem at once: the measurement files are read even when a flag is wrong.
  const read = readMeasurements(files, overrides, setup);
  const problems = [...o.issues, ...(read.ok ? [] : read.issues)];
  if (problems.length > 0 || !read.ok)
    return { exitCode: 2, stdout: '', stderr: renderErrors(problems, 'calibrate') };
  const outPath = out as string;
  const fitted = fitCalibration(read.value, data, {
    predictor: predictorId as PredictorId,
    id: o.text('id') ?? basename(outPath).replace(/\.json$/i, ''),
    catalog: o.text('catalog') ?? DEFAULTS.catalog,
    fitThrough: fitThrough === 'steps' ? 'steps' : 'simulator',
  });
  if (!fitted.ok)
    return { exitCode: fitted.exitCode, stdout: '', stderr: renderErrors(fitted.issues, 'calibrate') };
  const { fit, predictor, file } = fitted;
  const reason = writeOutputFile(outPath, `${JSON.stringify(file, null, 2)}\n`);
  if (reason !== undefined) {
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
  return {
    exitCode: 0,
    stdout: `${renderServingFits(fitted.servingFits)}${fit.groups.length > 0 || fitted.servingFits.length === 0 ? renderTable(fit, predictor.id, outPath, warnings) : `Wrote ${outPath}.\n${warnings.length > 0 ? `\n${renderWarnings(warnings)}` : ''}`}`,
    stderr: '',
  };
}
