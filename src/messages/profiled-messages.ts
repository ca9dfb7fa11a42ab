import type { Issue } from '../core/issue.js';

const text = (issue: Issue, key: string, fallback: string): string => {
  const v = issue.details?.[key];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v.join(', ') : String(v);
};

/** Sentences for the profiled predictor (measured per-operator kernel tables). */
export const profiledMessages: Record<string, (issue: Issue) => string> = {
  'profiled-fallback-roofline': (i) =>
    i.details?.reason === 'precision'
      ? `no measured ${text(i, 'precision', '?')} kernels for ${text(i, 'gpu', 'this GPU')} (the tables are bf16): timed by the roofline predictor`
      : `no measured kernel tables for ${text(i, 'gpu', 'this GPU')} (measured: ${text(i, 'measured', 'none')}): timed by the roofline predictor`,
  'profiled-extrapolated': (i) =>
    `${text(i, 'gpu', 'this GPU')}: ${text(i, 'kernels', 'some kernels')} left the measured grid (clamped or scaled from the nearest measured shape): extrapolated`,
  'profiled-attention-roofline': (i) =>
    `${text(i, 'gpu', 'this GPU')}: attention with ${text(i, 'heads', '?')} query / ${text(i, 'kvHeads', '?')} KV heads of dim ${text(i, 'headDim', '?')} per GPU was not measured: timed by the roofline`,
  'profiled-allreduce-roofline': (i) =>
    `${text(i, 'gpu', 'this GPU')}: no measured all-reduce over ${text(i, 'tensorParallel', '?')} GPUs: timed by the fitted all-reduce cost`,
  'profiled-tables-unavailable': (i) =>
    `the profiled predictor's kernel tables could not be read${i.message ? `: ${i.message}` : ''}`,
};
