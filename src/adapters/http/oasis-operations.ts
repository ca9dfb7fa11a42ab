import { z } from 'zod';
import { withWordedWarnings } from '../../app/issue-json.js';
import { pack } from '../../app/pack.js';
import { packRequestSchema, parsePackRequest } from '../../app/pack-request.js';
import { provision } from '../../app/provision.js';
import { parseProvisionRequest, provisionRequestSchema } from '../../app/provision-request.js';
import { type CatalogLoaders, catalogBundle } from '../fs/catalog-bundle.js';
import { loadHighsSolver } from '../solver/highs-milp-solver.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { inlineTraceSchema, readInlineTrace } from './inline-trace.js';

/** POST /v1/pack: the tenants file's schema as the body. */
export const PackBody = packRequestSchema;

/** POST /v1/provision: the provision options plus the trace inline, columnar (arrival ascending). */
export const ProvisionBody = provisionRequestSchema.extend({ requests: inlineTraceSchema });

export const OasisResponse = z.looseObject({ schemaVersion: z.literal(1) });

/** Packing solves a MILP: this runs in the worker pool, off the event loop. */
export async function runPackOperation(input: unknown, data: CatalogLoaders): Promise<HttpOutcome> {
  const request = parsePackRequest(input, 'body');
  if (!request.ok) return errorOutcome(400, request.issues);
  const bundle = catalogBundle(data);
  if (!bundle.ok) return errorOutcome(500, bundle.issues);
  const result = pack(request.value, bundle.value, await loadHighsSolver());
  if (!result.ok) {
    const infeasible = result.issues.every((i) => i.code === 'packing-infeasible');
    return errorOutcome(infeasible ? 422 : 400, result.issues);
  }
  return { status: 200, body: withWordedWarnings(result.value) };
}

/** Provisioning over an inline trace of at most `maxRequests` requests. */
export function runProvisionOperation(
  input: unknown,
  data: CatalogLoaders,
  maxRequests: number,
): HttpOutcome {
  const body = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const { requests, ...options } = body;
  const request = parseProvisionRequest(options);
  const trace = readInlineTrace(requests, maxRequests);
  if (trace.tooLarge) return errorOutcome(422, [trace.tooLarge]);
  const issues = [...(request.ok ? [] : request.issues), ...trace.issues];
  if (!request.ok || !trace.workload || issues.length > 0) return errorOutcome(400, issues);
  const bundle = catalogBundle(data);
  if (!bundle.ok) return errorOutcome(500, bundle.issues);
  const workload = trace.workload;
  const result = provision(request.value, workload, bundle.value);
  return result.ok
    ? { status: 200, body: withWordedWarnings(result.value) }
    : errorOutcome(400, result.issues);
}
