import type { Issue } from '../core/issue.js';

const s = (i: Issue, key: string) => String(i.details?.[key] ?? '');
const list = (i: Issue, key: string) => {
  const v = i.details?.[key];
  return Array.isArray(v) ? v.join(', ') : String(v ?? '');
};

/** Sentences for MIG issue codes. */
export const migMessages: Record<string, (issue: Issue) => string> = {
  'unknown-mig-profile': (i) =>
    `{{mig}}: ${s(i, 'gpu')} has no MIG profile '${s(i, 'value')}'; valid: ${list(i, 'valid')}`,
  'gpu-without-mig': (i) =>
    `{{mig}}: ${s(i, 'gpu')} does not support MIG (or no MIG data is shipped for it); GPUs with MIG: ${list(i, 'valid')}`,
  'mig-needs-one-gpu': () =>
    '{{mig}}: a MIG slice is one GPU instance: drop {{gpuCount}} (slices have no NVLink, so no tensor parallelism across them)',
  'mig-needs-gpu': () => '{{mig}} needs {{gpu}} (e.g. {{gpu}} A100-80GB {{mig}} 3g.40gb), not {{instance}}',
  'packing-infeasible': (i) =>
    `no packing onto ${s(i, 'gpu')} serves every tenant (${s(i, 'status')})${list(i, 'unservable') ? `: ${list(i, 'unservable')} fit no slice or whole GPU within the SLO — relax its slo, lower its rate or pick a larger gpu` : ''}`,
  'mig-data-estimated': (i) =>
    `MIG slice ${s(i, 'gpu')} ${s(i, 'profile')}: some figures are estimated, not reported by nvidia-smi — ${list(i, 'estimated')}`,
};
