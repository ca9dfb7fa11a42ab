import { capacityJson } from '../../app/capacity-json.js';
import { evaluateCapacity } from '../../app/evaluate-capacity.js';
import { evaluateRecommendLatency } from '../../app/evaluate-recommend-latency.js';
import type { PlannerData } from '../../app/planner-data.js';
import { latencyRecommendJson } from '../../app/recommend-latency-json.js';
import { CapacityFields, RecommendLatencyFields } from '../../app/request-schemas.js';
import { bodyOptions, simulationTooLarge } from './body-fields.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { withInlineModelConfig } from './inline-model-config.js';

/**
 * POST /v1/recommend-latency: instance type and count under P95 latency SLOs, judged by simulating a
 * synthetic workload (the CLI's `recommend --slo-*-p95`). No pick is an answer: 200 with pick null.
 */
export async function runRecommendLatencyOperation(
  input: unknown,
  data: PlannerData,
  maxRequests: number,
): Promise<HttpOutcome> {
  const body = bodyOptions(RecommendLatencyFields, input, data);
  if (body.invalid.length > 0 || body.missing.length > 0) {
    return errorOutcome(
      400,
      body.problems(await validationIssues(body.raw, body.missing.length, data, 'recommend-latency')),
    );
  }
  const tooLarge = simulationTooLarge(body.raw, maxRequests);
  if (tooLarge) return tooLarge;
  const inline = withInlineModelConfig(body.raw, data);
  const outcome = await evaluateRecommendLatency(inline.raw, inline.data);
  if (!outcome.ok) return errorOutcome(400, outcome.issues);
  return { status: 200, body: latencyRecommendJson(outcome.settings, outcome.result, outcome.warnings) };
}

/** POST /v1/capacity: the maximum rate each instance type serves within P95 targets (synthetic workload). */
export async function runCapacityOperation(
  input: unknown,
  data: PlannerData,
  maxRequests: number,
): Promise<HttpOutcome> {
  const body = bodyOptions(CapacityFields, input, data);
  if (body.invalid.length > 0 || body.missing.length > 0) {
    return errorOutcome(
      400,
      body.problems(await validationIssues(body.raw, body.missing.length, data, 'capacity')),
    );
  }
  const tooLarge = simulationTooLarge(body.raw, maxRequests);
  if (tooLarge) return tooLarge;
  const inline = withInlineModelConfig(body.raw, data);
  const outcome = await evaluateCapacity(inline.raw, inline.data);
  if (!outcome.ok) return errorOutcome(400, outcome.issues);
  const { settings, rows, rejected, warnings } = outcome;
  return { status: 200, body: capacityJson(settings, rows, rejected, warnings) };
}

/**
 * The use case's own issues for a body with a required field missing, so all are reported at once: it then
 * stops at validation, nothing is simulated. (With only wrong types, it is not run: it would simulate.)
 */
async function validationIssues(
  raw: Record<string, unknown>,
  missing: number,
  data: PlannerData,
  name: string,
) {
  if (missing === 0) return [];
  const inline = withInlineModelConfig(raw, data);
  const outcome =
    name === 'capacity'
      ? await evaluateCapacity(inline.raw, inline.data)
      : await evaluateRecommendLatency(inline.raw, inline.data);
  return outcome.ok ? [] : outcome.issues;
}
