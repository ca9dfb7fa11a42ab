import { z } from 'zod';
import { capacityMix } from '../../app/capacity-mix.js';
import { capacityMixRequestSchema, parseCapacityMixRequest } from '../../app/capacity-mix-request.js';
import { loadCapacityMixData } from '../../app/fleet-data.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { Issue } from '../../core/issue.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { inlineTraceIssues } from './inline-trace.js';

/** POST /v1/capacity-mix: the capacity-mix options plus the trace inline, columnar (arrival ascending). */
export const CapacityMixBody = capacityMixRequestSchema.extend({
  requests: z.strictObject({
    arrivalSeconds: z.array(z.number().min(0)),
    inputTokens: z.array(z.number().int().positive()),
    outputTokens: z.array(z.number().int().positive()),
  }),
});

/** The capacity mix over an inline trace of at most `maxRequests` requests (a capacity bisection and a replay). */
export function runCapacityMixOperation(input: unknown, data: PlannerData, maxRequests: number): HttpOutcome {
  const body = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const { requests, ...options } = body;
  const parsedRequests = CapacityMixBody.shape.requests.safeParse(requests);
  const request = parseCapacityMixRequest(options);
  const issues: Issue[] = request.ok ? [] : [...request.issues];
  if (!parsedRequests.success)
    issues.push({
      code: 'invalid-field',
      path: 'requests',
      message: 'expected { arrivalSeconds, inputTokens, outputTokens } arrays',
    });
  const r = parsedRequests.success ? parsedRequests.data : undefined;
  const checked = inlineTraceIssues(r, maxRequests);
  issues.push(...checked.issues);
  if (checked.tooLarge) return errorOutcome(422, [checked.tooLarge]);
  if (!request.ok || !r || issues.length > 0) return errorOutcome(400, issues);
  const loaded = loadCapacityMixData(data);
  if (!loaded.ok) return errorOutcome(500, loaded.issues);
  const result = capacityMix(
    request.value,
    {
      arrivalSeconds: Float64Array.from(r.arrivalSeconds),
      inputTokens: Uint32Array.from(r.inputTokens),
      outputTokens: Uint32Array.from(r.outputTokens),
      source: 'request body',
    },
    loaded.value,
  );
  if (result.ok) return { status: 200, body: result.value };
  const tooLarge = result.issues.every((i) => i.code === 'capacity-mix-too-large');
  return errorOutcome(tooLarge ? 422 : 400, result.issues);
}
