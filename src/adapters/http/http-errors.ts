import type { Issue } from '../../core/issue.js';
import { describeIssue } from '../../messages/messages.js';
import { FIELD_WORDING } from '../../messages/wording.js';

/** A response the API sends: status and JSON body. Plain data, so a worker can post it back. */
export interface HttpOutcome {
  status: number;
  body: unknown;
  /** Extra response headers (Retry-After on load shedding). */
  headers?: Record<string, string>;
}

/** The request field an issue names (`inputTokens`; an adapter's older `--flag` path becomes its field). */
export function fieldOf(path: string | undefined): string | null {
  if (path === undefined || path === '') return null;
  return FIELD_WORDING.field(path);
}

/** One issue as the API reports it. */
export function issueBody(issue: Issue) {
  return {
    code: issue.code,
    message: describeIssue(issue),
    field: fieldOf(issue.path),
    details: issue.details ?? {},
  };
}

/** An error response: the first issue as `error`, all of them as `issues`. */
export function errorOutcome(status: number, issues: Issue[]): HttpOutcome {
  const list = issues.map(issueBody);
  const first = list[0] ?? { code: 'internal-error', message: 'internal error', field: null, details: {} };
  return { status, body: { error: first, issues: list } };
}

/** A bug, not bad input: a generic message, no stack, no details. */
export const INTERNAL_ERROR: HttpOutcome = errorOutcome(500, [
  { code: 'internal-error', message: 'internal error: this is a bug in infersave, please report it' },
]);
