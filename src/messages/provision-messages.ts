import type { Issue } from '../core/issue.js';
import { formatSeconds } from './format.js';
import { fieldRef } from './wording.js';

const s = (i: Issue, key: string) => String(i.details?.[key] ?? '');
const n = (i: Issue, key: string) => Number(i.details?.[key] ?? 0);

/** Sentences for provisioning issue codes. */
export const provisionMessages: Record<string, (issue: Issue) => string> = {
  'empty-trace': (i) =>
    `${fieldRef(i.path ?? 'trace')}: the trace has no requests${s(i, 'source') ? ` (${s(i, 'source')})` : ''} — check the file and {{traceFormat}}`,
  'window-longer-than-trace': (i) =>
    `${fieldRef(i.path ?? 'window')}: a window of ${formatSeconds(n(i, 'windowSeconds'))} is longer than the trace (${formatSeconds(n(i, 'traceSeconds'))} from first to last request) — use a shorter {{window}}`,
  'type-unservable': (i) =>
    `${s(i, 'type') || 'a query type'}: no rate meets the latency targets on one whole ${s(i, 'gpu') || 'GPU'} — its requests get one GPU each window and will miss the SLO; relax the targets or pick a larger {{gpu}}`,
  'provision-model-does-not-fit': (i) =>
    `${s(i, 'model') || 'the model'} does not fit one ${s(i, 'gpu') || 'GPU'} with room for the trace's longest request — pick a larger {{gpu}} or a smaller {{precision}}`,
};
