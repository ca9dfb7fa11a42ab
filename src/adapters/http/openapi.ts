import { z } from 'zod';
import {
  CalibrateBody,
  CalibrateResponse,
  ErrorBody,
  GpusResponse,
  HealthResponse,
  InstancesQuery,
  InstancesResponse,
  ModelsResponse,
  PredictBody,
  PredictResponse,
  RecommendBody,
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
  400: 'invalid input: malformed JSON, a wrong type, an unknown field, or a value the CLI would refuse',
  404: 'no such route',
  405: 'method not allowed on this route',
  413: 'request body larger than the limit',
  415: 'request body is not application/json',
  422: 'valid input the planner cannot serve: an infeasible placement, a grid or simulation over the limit, or measurements no fit can use',
  500: 'a bug: generic message, no details',
  503: 'all workers busy and the queue full, or shutting down',
  504: 'the use case ran past the time limit; its worker was stopped',
};

/** The OpenAPI 3.1 document served at /openapi.json, built from the same zod schemas that validate. */
export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'InferSave HTTP API',
      version,
      description:
        'Cost-efficient LLM serving plans: the CLI use cases as JSON. Request bodies take the CLI flags in camelCase.',
    },
    paths: {
      '/v1/recommend': {
        post: {
          operationId: 'recommend',
          summary: 'rank instances that meet a throughput SLO within a budget',
          requestBody: { required: true, ...json(RecommendBody, 'recommend options') },
          responses: {
            '200': json(RecommendResponse, 'the plan; pick is null (with noPick) when nothing qualifies'),
            ...errors(400, 413, 415, 422, 500, 503, 504),
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
            ...errors(400, 413, 415, 422, 500, 503, 504),
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
            ...errors(400, 413, 415, 422, 500, 503, 504),
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
            ...errors(400, 413, 415, 422, 500, 503, 504),
          },
        },
      },
      '/v1/models': {
        get: {
          operationId: 'models',
          summary: 'the model catalog',
          responses: { '200': json(ModelsResponse, 'models'), ...errors(500) },
        },
      },
      '/v1/gpus': {
        get: {
          operationId: 'gpus',
          summary: 'the GPU catalog',
          responses: { '200': json(GpusResponse, 'GPUs'), ...errors(500) },
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
          responses: { '200': json(InstancesResponse, 'instances'), ...errors(400, 500) },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'liveness',
          responses: { '200': json(HealthResponse, 'up') },
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
