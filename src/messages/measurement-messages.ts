import type { Issue } from '../core/issue.js';
import { formatNumber } from './format.js';
import { fieldRef } from './wording.js';

type Detail = NonNullable<Issue['details']>[string] | undefined;

function text(value: Detail): string {
  if (value === undefined) return '?';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const file = (issue: Issue): string => text(issue.details?.file ?? issue.path);
const num = (value: Detail): string => (typeof value === 'number' ? formatNumber(value) : text(value));

const FORMAT_NAMES: Record<string, string> = {
  measurement: 'measurement file',
  'vllm-bench-latency': 'vllm bench latency result',
  'vllm-bench-throughput': 'vllm bench throughput result',
  'vllm-bench-serve': 'vllm bench serve result',
  guidellm: 'GuideLLM report',
};
const format = (issue: Issue): string => {
  const name = text(issue.details?.format);
  return FORMAT_NAMES[name] ?? name;
};

/** Sentences for the measurement file and importer issues (src/catalog/measurement-file.ts, importers). */
export const measurementMessages: Record<string, (issue: Issue) => string> = {
  'measurement-invalid': (issue) =>
    `${file(issue)}: ${issue.path ?? '(root)'}: ${issue.message ?? 'invalid value'} — fix the measurement file (format: docs/measurements.md); nothing was imported.`,
  'measurement-import-invalid': (issue) =>
    `${file(issue)}: not a valid ${format(issue)}: ${issue.path ?? '(root)'}: ${issue.message ?? 'invalid value'} — check the file, or name its format.`,
  'measurement-format-unknown': (issue) =>
    `${file(issue)}: cannot tell what produced this file (keys: ${text(issue.details?.keys) || 'none'}) — name its format: ${text(issue.details?.known)}.`,
  'measurement-option-missing': (issue) => {
    const option = text(issue.details?.option) || (issue.path ?? '');
    return `${file(issue)}: a ${format(issue)} does not record its ${option}${
      issue.details?.why ? ` (${text(issue.details.why)})` : ''
    } — give it with ${fieldRef(option)}.`;
  },
  'measurement-no-samples': (issue) =>
    `${file(issue)}: no usable timings in this ${format(issue)} (no successful request with a first token and at least two output tokens) — check the run.`,
  'measurement-not-a-step': (issue) =>
    `${file(issue)}: a ${format(issue)} with ${num(issue.details?.outputLen)} output tokens times prefill and decode together, not one step — run it with --output-len 1 too and pass that median as prefillSeconds.`,
  'measurement-prefill-too-long': (issue) =>
    `${file(issue)}: prefillSeconds ${num(issue.details?.prefillSeconds)} s is not shorter than the whole run (${num(issue.details?.seconds)} s) — pass the prefill time of the same batch size and input length.`,
  'vllm-throughput-lengths-vary': (issue) =>
    `${file(issue)}: total_num_tokens ${num(issue.details?.totalNumTokens)} ≠ ${num(issue.details?.numRequests)} requests × (${num(issue.details?.inputLen)} + ${num(issue.details?.outputLen)}) tokens: the requests differ in length, so the run is no single batch — use the random dataset with fixed --input-len/--output-len, or check those options.`,
  'vllm-throughput-not-one-batch': (issue) =>
    `${file(issue)}: ${num(issue.details?.numRequests)} requests exceed --max-num-seqs ${num(issue.details?.maxNumSeqs)}, so they ran in several overlapping batches — rerun with --num-prompts ≤ --max-num-seqs.`,
};
