import type { Issue } from '../core/issue.js';
import { formatNumber } from './format.js';

const text = (issue: Issue, key: string, fallback: string): string => {
  const v = issue.details?.[key];
  return v === undefined ? fallback : String(v);
};
const whole = (issue: Issue, key: string): string => {
  const v = issue.details?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? formatNumber(v, 0) : '?';
};

const listed = (issue: Issue, key: string): string => {
  const v = issue.details?.[key];
  return Array.isArray(v) ? v.join(', ') : String(v ?? '?');
};

/** Sentences for CTCF fitting (`infersave calibrate`) and for applying a fitted calibration. */
export const calibrationMessages: Record<string, (issue: Issue) => string> = {
  'serving-fit-unsimulated': (i) =>
    `${text(i, 'file', 'a measurement file')}: the simulator gave no TTFT or TPOT for a serving run (outputs of one token, or a run it cannot serve); fit it from its step samples instead ({{fitThrough}} steps)`,
  'serving-fit-out-of-range': (i) =>
    `${text(i, 'file', 'a measurement file')}: fitting its serving runs through the simulator needs a ${text(i, 'stage', 'stage')} scale of ${formatNumber(Number(i.details?.alpha), 3)}, outside ${text(i, 'min', '?')}–${text(i, 'max', '?')}: these runs do not measure the model, GPU, tensor-parallel degree or precision the file names — check them (or fit its step samples with {{fitThrough}} steps)`,
  'serving-fit-faster-than-hardware': (i) =>
    `${text(i, 'file', 'a measurement file')}: its serving runs fit a ${text(i, 'stage', 'stage')} scale of ${formatNumber(Number(i.details?.alpha), 3)}, below ${formatNumber(Number(i.details?.minimumAlpha), 3)} — faster than the GPU at 100 % of peak FLOP/s and bandwidth; check the GPU, model, precision, tensor-parallel degree and units of the file`,
  'serving-fit-not-converged': (i) =>
    `${text(i, 'file', 'a measurement file')}: the fit through the simulator had not settled after ${whole(i, 'iterations')} rounds; it keeps the last scales (mean error TTFT ${formatNumber(Number(i.details?.ttftMeanAbsPctError), 1)} %, TPOT ${formatNumber(Number(i.details?.tpotMeanAbsPctError), 1)} %)`,
  'serving-fit-too-large': (i) =>
    `${whole(i, 'servingRuns')} serving runs to fit through the simulator exceed this server's limit of ${whole(i, 'maxServingFitRuns')} (each is simulated many times): send fewer, fit their step samples with {{fitThrough}} steps, or run the same fit without a time limit — infersave calibrate FILES --out calibration.json, or the library's createPlanner().calibrate`,
  'serving-fit-engine-assumed': (i) =>
    `${text(i, 'file', 'a measurement file')}: engine '${text(i, 'engine', '?')}' has no profile; its serving runs are fitted with ${text(i, 'assumed', 'vllm')}'s step overheads, which the fitted scales then correct`,
  'serving-fit-needs-roofline': (i) =>
    `${text(i, 'file', 'a measurement file')}: serving runs are fitted through the simulator, whose steps the roofline times; for the ${text(i, 'predictor', '?')} predictor its step samples are fitted instead`,
  'calibration-sample-untimed': (i) =>
    `${text(i, 'file', 'a measurement file')}: sample ${text(i, 'sample', '?')} (${text(i, 'stage', 'step')}) cannot be timed by the ${text(i, 'predictor', 'chosen')} predictor (a decode step needs at least 2 context tokens); skipped`,
  'calibration-extrapolated': (i) => {
    const low = whole(i, 'low');
    const high = whole(i, 'high');
    const asked = low === high ? low : `${low}–${high}`;
    return (
      `calibration ${text(i, 'calibration', '?')} for ${text(i, 'target', 'this placement')} (${text(i, 'stage', 'a stage')}) ` +
      `was fitted on ${text(i, 'quantity', 'values')} ${whole(i, 'min')}–${whole(i, 'max')}, this asks ${asked}: extrapolated`
    );
  },
  'calibration-transferred': (i) =>
    `calibration ${text(i, 'calibration', '?')} (${text(i, 'stage', 'a stage')}) has no entry for ${text(i, 'to', 'this placement')}: ` +
    `using the one fitted for ${text(i, 'from', 'another key')}, transferred across ${listed(i, 'fields')} (expect a larger error; calibrate this key to remove this warning)`,
  'calibration-not-transferable': (i) =>
    `calibration ${text(i, 'calibration', '?')} (${text(i, 'stage', 'a stage')}) has no entry for ${text(i, 'to', 'this placement')}; ` +
    `the one fitted for ${text(i, 'from', 'another key')} is a step-time curve or has a negative β, which describe that model and layout only: ` +
    `not applied, this stage is uncalibrated (calibrate this key)`,
  'measurement-faster-than-hardware': (i) =>
    `${text(i, 'instance', '?')} ${text(i, 'model', '')} (${text(i, 'stage', 'step')}): ${whole(i, 'count')} sample(s) measured faster than the hardware can run them at 100 % of peak FLOP/s and HBM bandwidth — ` +
    `${text(i, 'samples', '?')}; check the GPU, model, precision, tensor-parallel degree and units of those samples`,
  'calibration-faster-than-hardware': (i) =>
    `${text(i, 'instance', '?')} ${text(i, 'model', '')} (${text(i, 'stage', 'step')}): refused — the fitted calibration claims more than the hardware can do ` +
    `(faster than a roofline at 100 % of peak FLOP/s and HBM bandwidth) at ${text(i, 'samples', '?')}; check those measurements`,
  'step-time-invalid': (i) =>
    `the step timer returned ${text(i, 'seconds', '?')} s for a step of ${text(i, 'step', '?')}: a time must be positive and finite. ` +
    `This comes from the calibration (${text(i, 'calibration', 'none')}); refit it with infersave calibrate or drop {{calibration}}`,
  'calibration-no-samples': () =>
    'no measurement sample could be fitted: the calibration would be empty (check the files and the predictor)',
};
