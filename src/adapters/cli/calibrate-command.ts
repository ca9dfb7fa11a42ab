import { basename } from 'node:path';
import Table from 'cli-table3';
import {
  calibrateJson,
  fillNative,
  fitCalibration,
  type MeasurementOverrides,
} from '../../app/fit-calibration.js';
import type { CtcfFit, CtcfGroupReport } from '../../app/fit-ctcf.js';
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

/** `infersave calibrate <files...> --out calibration.json`: fits CTCF from measured step times. */
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
  // Every problem at once: the measurement files are read even when a flag is wrong.
  const read = readMeasurements(files, overrides);
  const problems = [...o.issues, ...(read.ok ? [] : read.issues)];
  if (problems.length > 0 || !read.ok)
    return { exitCode: 2, stdout: '', stderr: renderErrors(problems, 'calibrate') };
  const outPath = out as string;
  const fitted = fitCalibration(read.value, data, {
    predictor: predictorId as PredictorId,
    id: o.text('id') ?? basename(outPath).replace(/\.json$/i, ''),
    catalog: o.text('catalog') ?? DEFAULTS.catalog,
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
  return { exitCode: 0, stdout: renderTable(fit, predictor.id, outPath, warnings), stderr: '' };
}
