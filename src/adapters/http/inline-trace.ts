import { z } from 'zod';
import type { Issue } from '../../core/issue.js';
import type { Workload } from '../../sim/workload.js';

/** A trace sent inline in a body (`requests`), columnar: one entry per request in each array. */
export const inlineTraceSchema = z.strictObject({
  arrivalSeconds: z.array(z.number().min(0)),
  inputTokens: z.array(z.number().int().positive()),
  outputTokens: z.array(z.number().int().positive()),
});

export type InlineTrace = z.infer<typeof inlineTraceSchema>;

/**
 * What is wrong with an inline trace that its schema cannot see (arrays of unequal length, arrivals out
 * of order), and whether it is larger than this server simulates.
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

/**
 * A body's `requests` field read as an inline trace — for /v1/provision, /v1/capacity-mix and /v1/fleet:
 * every problem with it (its shape, unequal arrays, arrivals out of order), a refusal when it is larger
 * than this server simulates, and the workload when it is sound. Absent is an issue unless not `required`.
 */
export function readInlineTrace(
  requests: unknown,
  maxRequests: number,
  required = true,
): { issues: Issue[]; tooLarge?: Issue; workload?: Workload } {
  if (requests === undefined && !required) return { issues: [] };
  const parsed = inlineTraceSchema.safeParse(requests);
  if (!parsed.success)
    return {
      issues: [
        {
          code: 'invalid-field',
          path: 'requests',
          message: 'expected { arrivalSeconds, inputTokens, outputTokens } arrays',
        },
      ],
    };
  const r = parsed.data;
  const checked = inlineTraceIssues(r, maxRequests);
  if (checked.tooLarge || checked.issues.length > 0) return checked;
  return {
    issues: [],
    workload: {
      arrivalSeconds: Float64Array.from(r.arrivalSeconds),
      inputTokens: Uint32Array.from(r.inputTokens),
      outputTokens: Uint32Array.from(r.outputTokens),
      source: 'request body',
    },
  };
}
