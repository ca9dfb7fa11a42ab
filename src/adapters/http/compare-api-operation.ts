import { evaluateCompareApi } from '../../app/evaluate-compare-api.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import type { PlannerData } from '../../app/planner-data.js';
import { bodyOptions } from './body-fields.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { withInlineModelConfig } from './inline-model-config.js';
import { CompareApiBody } from './schemas.js';

/**
 * POST /v1/compare-api: self-hosting vs hosted APIs (the CLI's `compare-api --json`). Every problem at once:
 * wrong types and missing fields with the use case's own checks of the other fields. No instance that can
 * self-host the workload is valid input the planner cannot serve: 422.
 */
export function runCompareApiOperation(input: unknown, data: PlannerData): HttpOutcome {
  const body = bodyOptions(CompareApiBody, input, data);
  if (body.invalid.length > 0 && Object.keys(body.raw).length === 0)
    return errorOutcome(400, body.problems([]));
  // A config.json sent as JSON: parsed as --model-config parses a file.
  const inline = withInlineModelConfig(body.raw, data);
  const outcome = evaluateCompareApi(inline.raw, inline.data);
  const rejected = !outcome.ok && outcome.exitCode === 2;
  if (rejected || body.invalid.length > 0 || body.missing.length > 0)
    return errorOutcome(400, body.problems(rejected ? outcome.issues : []));
  if (!outcome.ok) return errorOutcome(422, outcome.issues);
  return { status: 200, body: withWordedWarnings(outcome.value) };
}
