import { capacityMix } from '../../app/capacity-mix.js';
import { capacityMixRequestSchema, parseCapacityMixRequest } from '../../app/capacity-mix-request.js';
import { loadCapacityMixData } from '../../app/fleet-data.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { Issue } from '../../core/issue.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { inlineTraceSchema, readInlineTrace } from './inline-trace.js';

/** POST /v1/capacity-mix: the capacity-mix options plus the trace inline, columnar (arrival ascending). */
export const CapacityMixBody = capacityMixRequestSchema.extend({ requests: inlineTraceSchema });

/** The capacity mix over an inline trace of at most `maxRequests` requests (a capacity bisection and a replay). */
export function runCapacityMixOperation(input: unknown, data: PlannerData, maxRequests: number): HttpOutcome {
  const body = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const { requests, ...options } = body;
  const request = parseCapacityMixRequest(options);
  const trace = readInlineTrace(requests, maxRequests);
  if (trace.tooLarge) return errorOutcome(422, [trace.tooLarge]);
  const issues: Issue[] = [...(request.ok ? [] : request.issues), ...trace.issues];
  if (!request.ok || !trace.workload || issues.length > 0) return errorOutcome(400, issues);
  const loaded = loadCapacityMixData(data);
  if (!loaded.ok) return errorOutcome(500, loaded.issues);
  const result = capacityMix(request.value, trace.workload, loaded.value);
  if (result.ok) return { status: 200, body: withWordedWarnings(result.value) };
  const tooLarge = result.issues.every((i) => i.code === 'capacity-mix-too-large');
  return errorOutcome(tooLarge ? 422 : 400, result.issues);
}
