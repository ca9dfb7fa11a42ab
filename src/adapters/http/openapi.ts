import { z } from 'zod';
import { CapacityMixBody } from './capacity-mix-operation.js';
import { FleetBody } from './fleet-operation.js';
import { OasisResponse, PackBody, ProvisionBody } from './oasis-operations.js';
import type { HttpLimits } from './operations.js';
import type { HttpGuards } from './request-guards.js';
import {
  CalibrateBody,
  CalibrateResponse,
  CapacityBody,
  CapacityResponse,
  CompareApiBody,
  CompareApiResponse,
  ErrorBody,
  GpusResponse,
  HealthResponse,
  InstancesQuery,
  InstancesResponse,
  ModelsResponse,
  PredictBody,
  PredictResponse,
  RecommendBody,
  RecommendLatencyBody,
  RecommendLatencyResponse,
  RecommendResponse,
  SimulateBody,
  SimulateResponse,
} from './schemas.js';

function schema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any' });
  return json;
}

const json = (s: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/Error${c}` }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input: malformed JSON, JSON nested deeper than x-limits.maxJsonDepth, a wrong type, an unknown field, or a value the CLI would refuse',
  401: 'the server was started with --token and the request has no (or the wrong) Authorization: Bearer header',
  403: 'the Host header is not one of the names a loopback-bound server answers (DNS-rebinding protection)',
  429: 'more requests from this client than x-limits.rateLimit allows; Retry-After says when to retry',
  404: 'no such route',
  405: 'method not allowed on this route',
  413: 'request body larger than x-limits.maxBodyBytes',
  415: 'request body is not application/json',
  422: 'valid input the planner cannot serve: an infeasible placement, a grid or simulation over the limit, more serving runs to fit than x-limits.maxServingFitRuns, or measurements no fit can use',
  500: 'a bug: generic message, no details',
  503: 'load shedding: the queue holds x-limits.maxQueued requests (queue-full), or the request waited its whole time limit without starting (queue-timeout); Retry-After says when to retry. Also while shutting down',
  504: 'the use case ran past x-limits.timeoutMs (time queued included); its worker was stopped',
};

/** Every limit the server enforces, as the document states them (`x-limits`). */
function limitsOf(limits: HttpLimits, guards: HttpGuards) {
  return {
    maxBodyBytes: limits.maxBodyBytes,
    maxJsonDepth: limits.maxJsonDepth,
    timeoutMs: limits.timeoutMs,
    maxQueued: limits.maxQueued,
    maxGridPlacements: limits.maxGridPlacements,
    maxSimulateRequests: limits.maxSimulateRequests,
    maxServingFitRuns: limits.maxServingFitRuns,
    rateLimit: guards.rateLimit ?? null,
    allowedHosts: guards.allowedHosts ?? null,
    corsOrigins: guards.corsOrigins ?? [],
    bearerToken: guards.token !== undefined,
  };
}

/** The OpenAPI 3.1 document served at /openapi.json, built from the same zod schemas that validate. */
export function openApiDocument(version: string, limits: HttpLimits, guards: HttpGuards = {}) {
  const x = limitsOf(limits, guards);
  const rate = x.rateLimit
    ? `${x.rateLimit.perMinute} requests a minute per client (bursts of ${x.rateLimit.burst})`
    : 'none';
  return {
    openapi: '3.1.0',
    info: {
      title: 'InferSave HTTP API',
      version,
      description: [
        'Cost-efficient LLM serving plans: the CLI use cases as JSON. Request bodies take the CLI flags in camelCase.',
        `Limits of this server: bodies up to ${x.maxBodyBytes} bytes (413) nested at most ${x.maxJsonDepth} deep (400 json-too-deep);`,
        `each request answered within ${x.timeoutMs} ms, time queued included (504 timeout, or 503 queue-timeout if it never started);`,
        `at most ${x.maxQueued} requests queued (503 queue-full with Retry-After); rate limit on /v1: ${rate} (429 with Retry-After);`,
        `recommend evaluates at most ${x.maxGridPlacements} placements and simulate generates at most ${x.maxSimulateRequests} requests (422).`,
        x.allowedHosts ? `Host header must name ${x.allowedHosts.join(', ')} (403).` : '',
        x.bearerToken ? 'Every /v1 request needs Authorization: Bearer <token> (401).' : '',
        'Every error body is JSON: {error: {code, message, field, details}, issues: [...]}.',
      ]
        .filter(Boolean)
        .join(' '),
    },
    'x-limits': x,
    ...(x.bearerToken ? { security: [{ bearer: [] }] } : {}),
    paths: {
      '/v1/recommend': {
        post: {
          operationId: 'recommend',
          summary: 'rank instances that meet a throughput SLO within a budget',
          requestBody: { required: true, ...json(RecommendBody, 'recommend options') },
          responses: {
            '200': json(RecommendResponse, 'the plan; pick is null (with noPick) when nothing qualifies'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/recommend-latency': {
        post: {
          operationId: 'recommendLatency',
          summary:
            'choose instance type and count under P95 latency SLOs, judged by simulating a synthetic workload',
          requestBody: { required: true, ...json(RecommendLatencyBody, 'recommend under latency SLOs') },
          responses: {
            '200': json(
              RecommendLatencyResponse,
              'the fleets; pick is null (with noPick) when none qualifies',
            ),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/capacity': {
        post: {
          operationId: 'capacity',
          summary: 'the maximum request rate each instance type serves within P95 latency targets',
          requestBody: {
            required: true,
            ...json(CapacityBody, 'capacity options (synthetic workloads only)'),
          },
          responses: {
            '200': json(CapacityResponse, 'what `infersave capacity --json` prints'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/compare-api': {
        post: {
          operationId: 'compareApi',
          summary:
            'self-hosting vs hosted APIs: $/M input and output tokens, monthly cost, the break-even monthly volume per API, the cost-vs-volume curve',
          requestBody: { required: true, ...json(CompareApiBody, 'compare-api options') },
          responses: {
            '200': json(CompareApiResponse, 'what `infersave compare-api --json` prints'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/predict': {
        post: {
          operationId: 'predict',
          summary: 'explain one placement: memory, offload, per-stage time, TPS, cost',
          requestBody: { required: true, ...json(PredictBody, 'predict options') },
          responses: {
            '200': json(PredictResponse, 'the prediction'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/simulate': {
        post: {
          operationId: 'simulate',
          summary: 'simulate serving a synthetic workload on one placement: latency percentiles, goodput',
          requestBody: {
            required: true,
            ...json(SimulateBody, 'simulate options (synthetic workloads only)'),
          },
          responses: {
            '200': json(SimulateResponse, 'what `infersave simulate --json` prints'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/calibrate': {
        post: {
          operationId: 'calibrate',
          summary: 'fit CTCF from measurements sent inline: the calibration file and the fit report',
          requestBody: { required: true, ...json(CalibrateBody, 'measurements and calibrate options') },
          responses: {
            '200': json(CalibrateResponse, 'what `infersave calibrate --json` prints, without out'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/pack': {
        post: {
          operationId: 'pack',
          summary: 'pack several models onto the fewest GPUs, MIG slices or whole (exact MILP)',
          requestBody: { required: true, ...json(PackBody, 'the tenants file of infersave pack') },
          responses: {
            '200': json(OasisResponse, 'what `infersave pack --json` prints'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/provision': {
        post: {
          operationId: 'provision',
          summary:
            'OASIS provisioning over an inline trace: per-window fleet, SLO attainment, $, kWh, CO2 vs static peak',
          requestBody: {
            required: true,
            ...json(ProvisionBody, 'provision options and the trace, columnar'),
          },
          responses: {
            '200': json(
              OasisResponse,
              'what `infersave provision --json` prints (timeline per strategy and window)',
            ),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/fleet': {
        post: {
          operationId: 'fleet',
          summary:
            'the cheapest mix of instance types across clouds for a request-size distribution within latency SLOs (simulated capacity per size bucket, exact MILP, replayed)',
          requestBody: {
            required: true,
            ...json(
              FleetBody,
              'fleet options and the sizes: an inline trace (columnar) or a weighted distribution',
            ),
          },
          responses: {
            '200': json(OasisResponse, 'what `infersave fleet --json` prints'),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/capacity-mix': {
        post: {
          operationId: 'capacityMix',
          summary:
            'reserved baseline, on-demand burst and spot batch capacity over an inline trace or a diurnal profile: the cheapest mix within latency SLOs (exact), vs all on-demand and all reserved, and the queue-depth autoscaling target',
          requestBody: {
            required: true,
            ...json(
              CapacityMixBody,
              'capacity-mix options and the trace, columnar (its sizes; and its arrivals unless a profile is given)',
            ),
          },
          responses: {
            '200': json(
              OasisResponse,
              'what `infersave capacity-mix --json` prints (the plans and every window)',
            ),
            ...errors(400, 401, 403, 413, 415, 422, 429, 500, 503, 504),
          },
        },
      },
      '/v1/models': {
        get: {
          operationId: 'models',
          summary: 'the model catalog',
          responses: { '200': json(ModelsResponse, 'models'), ...errors(401, 403, 429, 500) },
        },
      },
      '/v1/gpus': {
        get: {
          operationId: 'gpus',
          summary: 'the GPU catalog',
          responses: { '200': json(GpusResponse, 'GPUs'), ...errors(401, 403, 429, 500) },
        },
      },
      '/v1/instances': {
        get: {
          operationId: 'instances',
          summary: 'instance types with prices',
          parameters: Object.keys(InstancesQuery.shape).map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
          })),
          responses: { '200': json(InstancesResponse, 'instances'), ...errors(400, 401, 403, 429, 500) },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'liveness',
          security: [],
          responses: { '200': json(HealthResponse, 'up'), ...errors(403) },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'this document',
          responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'the token given to infersave serve --token' },
      },
      schemas: { Error: schema(ErrorBody) },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([code, description]) => [
          `Error${code}`,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
