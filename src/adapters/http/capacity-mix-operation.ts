import { capacityMix } from '../../app/capacity-mix.js';
import { capacityMixRequestSchema, parseCapacityMixRequest } from '../../app/capacity-mix-request.js';
import { loadCapacityMixData } from '../../app/fleet-data.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import type { PlannerData } from '../../app/planner-data.js';
import { modelConfigField } from '../../app/request-schemas.js';
import type { Issue } from '../../core/issue.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { withInlineModelConfig } from './inline-model-config.js';
import { inlineTraceSchema, readInlineTrace } from './inline-trace.js';

/**
 * POST /v1/capacity-mix: the capacity-mix options plus the trace inline, columnar (arrival ascending); a
 * config.json is sent as the object itself, never a path.
 */
export const CapacityMixBody = capacityMixRequestSchema.extend({
  requests: inlineTraceSchema,
  modelConfig: modelConfigField,
});

/** The capacity mix over an inline trace of at most `maxRequests` requests (a capacity bisection and a replay). */
export function runCapacityMixOperation(input: unknown, data: PlannerData, maxRequests: number): HttpOutcome {
  const body = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const { requests, ...rest } = body;
  const sent = rest.modelConfig;
  if (sent !== undefined && (typeof sent !== 'object' || sent === null || Array.isArray(sent)))
    return errorOutcome(400, [
      {
        code: 'invalid-option',
        path: 'modelConfig',
        message:
          "a config.json's content as a JSON object { … }, never a path: the server reads no client path",
      },
    ]);
  // A config.json sent as JSON: parsed as --model-config parses a file (the model's planner data only).
  const inline = withInlineModelConfig(rest, data);
  const request = parseCapacityMixRequest(inline.raw);
  const trace = readInlineTrace(requests, maxRequests);
  if (trace.tooLarge) return errorOutcome(422, [trace.tooLarge]);
  const issues: Issue[] = [...(request.ok ? [] : request.issues), ...trace.issues];
  if (!request.ok || !trace.workload || issues.length > 0) return errorOutcome(400, issues);
  const loaded = loadCapacityMixData(inline.data, request.value);
  // A catalog that fails to load is the server's fault; a sent config.json that does not parse is the client's.
  if (!loaded.ok)
    return errorOutcome(
      loaded.issues.some((i) => i.path?.startsWith('modelConfig')) ? 400 : 500,
      loaded.issues,
    );
  const result = capacityMix(request.value, trace.workload, loaded.value);
  if (result.ok)
    return {
      status: 200,
      body: withWordedWarnings({ ...result.value, warnings: [...loaded.warnings, ...result.value.warnings] }),
    };
  const tooLarge = result.issues.every((i) => i.code === 'capacity-mix-too-large');
  return errorOutcome(tooLarge ? 422 : 400, result.issues);
}
