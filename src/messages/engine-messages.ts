import type { Issue } from '../core/issue.js';
import { fieldRef } from './wording.js';

/** Sentences for serving-engine profiles (data/v1/engines/). */
const text = (issue: Issue, key: string, fallback: string): string => {
  const v = issue.details?.[key];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v.join(', ') : String(v);
};

export const engineMessages: Record<string, (issue: Issue) => string> = {
  'unknown-engine': (i) =>
    `${fieldRef(i.path ?? 'engine')}: unknown engine '${text(i, 'value', '?')}' (known: ${text(i, 'known', 'none')})`,
  'engine-overheads-transferred': (i) =>
    `engine ${text(i, 'engine', '?')} has no measured step times of its own: its ${text(i, 'fields', 'step overheads')} are ${text(i, 'fromEngine', 'another engine')}'s`,
  'engine-overheads-other-gpu': (i) =>
    `engine ${text(i, 'engine', '?')} was not measured on ${text(i, 'gpu', 'this GPU')}: its step overheads are the ones fitted on ${text(i, 'measured', 'other GPUs')}`,
  'engine-overheads-unfitted': (i) =>
    `engine ${text(i, 'engine', '?')} has no fitted step overheads: kernels only, optimistic on real serving`,
  'outside-fitted-range': (i) => {
    const v = i.details?.outside;
    const outside = Array.isArray(v) ? v.join('; ') : String(v ?? 'this shape');
    return `extrapolated beyond the measured steps: ${outside} — the real error may exceed the band`;
  },
  'engines-unavailable': (i) =>
    `the serving-engine profiles could not be read${i.message ? `: ${i.message}` : ''}; reinstall infersave`,
};
