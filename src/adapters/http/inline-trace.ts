import type { Issue } from '../../core/issue.js';

/** A trace sent inline in a body: one entry per request in each array. */
export interface InlineTrace {
  arrivalSeconds: number[];
  inputTokens: number[];
  outputTokens: number[];
}

/**
 * What is wrong with an inline trace that its schema cannot see (arrays of unequal length, arrivals out
 * of order), and whether it is larger than this server simulates. Shared by /v1/provision and /v1/fleet.
 */
export function inlineTraceIssues(
  r: InlineTrace | undefined,
  maxRequests: number,
): { issues: Issue[]; tooLarge?: Issue } {
  const issues: Issue[] = [];
  if (!r) return { issues };
  if (r.inputTokens.length !== r.arrivalSeconds.length || r.outputTokens.length !== r.arrivalSeconds.length)
    issues.push({
      code: 'invalid-field',
      path: 'requests',
      message: 'arrivalSeconds, inputTokens and outputTokens must have one entry per request',
    });
  if (r.arrivalSeconds.some((t, i) => i > 0 && t < (r.arrivalSeconds[i - 1] as number)))
    issues.push({
      code: 'invalid-field',
      path: 'requests.arrivalSeconds',
      message: 'arrival times must be ascending',
    });
  if (r.arrivalSeconds.length <= maxRequests) return { issues };
  return {
    issues,
    tooLarge: {
      code: 'simulation-too-large',
      path: 'requests',
      message: `${r.arrivalSeconds.length} requests exceed this server's limit of ${maxRequests}`,
      details: { requests: r.arrivalSeconds.length, maxSimulateRequests: maxRequests },
    },
  };
}
