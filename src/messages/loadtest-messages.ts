import type { Issue } from '../core/issue.js';

const d = (issue: Issue, key: string): string => {
  const v = issue.details?.[key];
  return Array.isArray(v) ? v.join(', ') : String(v ?? '?');
};

/** Sentences for `infersave bench` (src/adapters/loadtest/). */
export const loadtestMessages: Record<string, (issue: Issue) => string> = {
  'bench-requests-failed': (i) =>
    `${d(i, 'failed')} of ${d(i, 'total')} requests failed (${d(i, 'reasons')}); the latencies and throughput count only the successful ones`,
  'bench-all-failed': (i) =>
    `all ${d(i, 'total')} requests failed (${d(i, 'reason')}${i.details?.detail ? `: ${d(i, 'detail')}` : ''}) — check --url, --model and that the server is up`,
  'bench-prompt-approximate': (i) =>
    `the prompt is ~${d(i, 'tokens')} tokens (one word repeated; no tokenizer) and the server reported no usage.prompt_tokens to check it`,
  'bench-no-decode-sample': (i) =>
    `${d(i, 'file')} not written: no request returned two or more tokens, so there is no TPOT to record (raise --output-tokens)`,
  'bench-out-write-failed': (i) =>
    `cannot write the --out measurement file ${d(i, 'file')}: ${d(i, 'reason')} (the report above is complete)`,
};
