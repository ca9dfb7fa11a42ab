import { z } from 'zod';
import { fleet } from '../../app/fleet.js';
import type { FleetSource } from '../../app/fleet-buckets.js';
import { loadFleetData } from '../../app/fleet-data.js';
import {
  fleetDistributionRowSchema,
  fleetRequestSchema,
  parseFleetRequest,
} from '../../app/fleet-request.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { Issue } from '../../core/issue.js';
import { loadHighsSolver } from '../solver/highs-milp-solver.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { inlineTraceSchema, readInlineTrace } from './inline-trace.js';

/** POST /v1/fleet: the fleet options, the engine, and the sizes as an inline trace or a distribution. */
export const FleetBody = fleetRequestSchema.extend({
  engine: z.string().min(1).optional(),
  requests: inlineTraceSchema.optional(),
  distribution: z.array(fleetDistributionRowSchema).optional(),
});

/** The fleet use case (capacity bisections, a MILP, replays): runs in the worker pool, off the event loop. */
export async function runFleetOperation(
  input: unknown,
  data: PlannerData,
  maxRequests: number,
): Promise<HttpOutcome> {
  const body = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const { requests, distribution, engine, ...options } = body;
  const request = parseFleetRequest(options);
  const issues: Issue[] = request.ok ? [] : [...request.issues];
  const trace = readInlineTrace(requests, maxRequests, false);
  if (trace.tooLarge) return errorOutcome(422, [trace.tooLarge]);
  issues.push(...trace.issues);
  const rows = FleetBody.shape.distribution.safeParse(distribution);
  if ((requests === undefined) === (distribution === undefined))
    issues.push({
      code: 'invalid-field',
      path: 'requests',
      message:
        'give the sizes as requests { arrivalSeconds, inputTokens, outputTokens } or distribution [{ inputTokens, outputTokens, weight }], one of them',
    });
  if (!rows.success)
    issues.push({
      code: 'invalid-field',
      path: 'distribution',
      message: 'expected [{ inputTokens, outputTokens, weight }] with whole token counts ≥ 1 and weights ≥ 0',
    });
  if (engine !== undefined && typeof engine !== 'string')
    issues.push({ code: 'invalid-field', path: 'engine', message: 'expected an engine id (vllm, none, …)' });
  if (!request.ok || issues.length > 0) return errorOutcome(400, issues);
  const loaded = loadFleetData(data, typeof engine === 'string' ? engine : 'vllm');
  if (!loaded.ok)
    return errorOutcome(loaded.issues.some((i) => i.code === 'unknown-engine') ? 400 : 500, loaded.issues);
  const source: FleetSource = trace.workload
    ? { kind: 'trace', workload: trace.workload }
    : { kind: 'distribution', rows: rows.success ? (rows.data ?? []) : [], source: 'request body' };
  const result = fleet(request.value, source, loaded.value, await loadHighsSolver());
  if (!result.ok) {
    const infeasible = result.issues.every((i) => i.code === 'fleet-infeasible');
    return errorOutcome(infeasible ? 422 : 400, result.issues);
  }
  return { status: 200, body: withWordedWarnings(result.value) };
}
