import type { Issue } from '../core/issue.js';
import { formatNumber } from './format.js';

type Detail = NonNullable<Issue['details']>[string] | undefined;

function text(value: Detail): string {
  if (value === undefined) return '?';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const file = (issue: Issue): string => text(issue.details?.file ?? issue.path);
const count = (value: Detail): string => (typeof value === 'number' ? formatNumber(value, 0) : text(value));
const FORMATS = 'azure, mooncake, burstgpt or plain (arrival_s,input_tokens,output_tokens)';

/** Sentences for the issue codes the trace importers (src/adapters/importers/traces) produce. */
export const workloadMessages: Record<string, (issue: Issue) => string> = {
  'trace-row-invalid': (issue) =>
    `${issue.path ?? 'trace'}: bad row: ${issue.message ?? 'invalid value'} — fix or delete the row (rows that fail to parse are skipped unless the import is set to fail on bad rows).`,
  'trace-header-invalid': (issue) =>
    `${issue.path ?? file(issue)}: the ${text(issue.details?.format)} header lacks ${text(issue.details?.missing)} (found: ${text(
      issue.details?.found,
    )}) — rename the columns, or choose the right format.`,
  'trace-format-unknown': (issue) =>
    `${file(issue)}: cannot tell the trace format from its first line '${text(issue.details?.firstLine)}' — name it: ${FORMATS}.`,
  'trace-file-unreadable': (issue) => {
    // Node's own message starts with the error code ("ENOENT: no such file…"): say the code once.
    const reason = text(issue.details?.reason);
    const message = issue.message?.startsWith(`${reason}: `)
      ? issue.message.slice(reason.length + 2)
      : issue.message;
    return `${file(issue)}: cannot read the trace (${reason}${message ? `: ${message}` : ''}) — check the path.`;
  },
  'trace-empty': (issue) => {
    const filter = [issue.details?.model, issue.details?.logType].filter((f) => f !== undefined).map(text);
    return `${file(issue)}: no requests to import (${count(issue.details?.read)} rows read, ${count(
      issue.details?.skipped,
    )} bad, ${count(issue.details?.filtered)} filtered out${
      filter.length > 0 ? ` by ${filter.join(', ')}` : ''
    }) — check the file${filter.length > 0 ? ' and the filters' : ''}.`;
  },
  'trace-rows-rejected': (issue) =>
    `${file(issue)}: ${count(issue.details?.badRows)} bad rows${
      issue.details?.stoppedAtLine !== undefined
        ? ` (reading stopped at line ${text(issue.details.stoppedAtLine)})`
        : ''
    }; nothing imported — fix them, or skip bad rows instead of failing.`,
  'trace-rows-skipped': (issue) =>
    `${file(issue)}: skipped ${count(issue.details?.skipped)} bad rows of ${count(issue.details?.read)} (${count(
      issue.details?.shown,
    )} shown above).`,
  'trace-unsorted': (issue) =>
    `${file(issue)}: rows were not in arrival order (${count(issue.details?.outOfOrder)} earlier than the row before); sorted by arrival time.`,
  'trace-failed-requests-dropped': (issue) =>
    `${file(issue)}: left out ${count(issue.details?.failedRequests)} failed requests (Response tokens 0) of ${count(
      issue.details?.read,
    )} rows; keep them to simulate them as prompt-only requests.`,
  'trace-filter-unsupported': (issue) =>
    `${file(issue)}: the ${text(issue.details?.option)} filter applies to BurstGPT traces only; ignored for this ${text(
      issue.details?.format,
    )} trace.`,
};
