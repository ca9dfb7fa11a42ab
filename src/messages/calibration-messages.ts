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

/** Sentences for CTCF fitting (`infersave calibrate`) and for applying a fitted calibration. */
export const calibrationMessages: Record<string, (issue: Issue) => string> = {
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
  'calibration-no-samples': () =>
    'no measurement sample could be fitted: the calibration would be empty (check the files and the predictor)',
};
