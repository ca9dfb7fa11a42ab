import { z } from 'zod';

/** A number, or a string the CLI would accept for the same flag ("128", "0.9"). */
const numeric = z.union([z.number(), z.string()]);
/** One value or a comma-separated list, as a string or an array of strings. */
const list = z.union([z.string(), z.array(z.string())]);

/** Workload and model fields shared by recommend and predict: the CLI's flags, camelCased. */
const workloadFields = {
  model: z.string().describe('catalog model id, e.g. facebook/opt-2.7b (GET /v1/models)'),
  inputTokens: numeric.describe('prompt tokens per request'),
  outputTokens: numeric.describe('generated tokens per request'),
  batchSize: numeric.describe('requests processed together'),
  requests: numeric.optional().describe('requests in the whole task (default: one batch)'),
  precision: list.optional().describe('fp32, bf16, fp16, fp8, int8, int4'),
  predictor: z.string().optional().describe('roofline (default), paper or profiled'),
  calibration: z.string().optional().describe('a built-in CTCF calibration name'),
  gpuMemoryUtilization: numeric.optional().describe('share of GPU memory the engine may use (0, 1]'),
  hostMemoryUtilization: numeric.optional().describe('share of host RAM offloaded KV may use (0, 1]'),
};

/** POST /v1/recommend: `infersave recommend --slo-tps …` options. */
export const RecommendBody = z
  .strictObject({
    ...workloadFields,
    sloTps: numeric.describe('required tokens per second (input + output)'),
    maxPrice: numeric.optional().describe('maximum instance price, $ per hour'),
    catalog: z.string().optional().describe('price catalog: aws (default) or paper-2025'),
    region: z.string().optional(),
    instances: list.optional().describe('instance type patterns, e.g. g4dn.*,g6.*'),
    billing: z.enum(['hourly', 'per-second']).optional(),
    pricing: z.enum(['on-demand', 'reserved']).optional(),
    top: numeric.optional().describe('candidates to return (default 5)'),
  })
  .describe('recommend options, as the CLI flags in camelCase');

/** POST /v1/predict: `infersave predict` options. */
export const PredictBody = z
  .strictObject({
    ...workloadFields,
    instance: z.string().optional().describe('a catalog instance, e.g. g6.xlarge'),
    catalog: z.string().optional(),
    region: z.string().optional(),
    gpu: z.string().optional().describe('bare GPUs instead of an instance, e.g. H100-SXM'),
    gpuCount: numeric.optional(),
    hostMemoryGib: numeric.optional(),
    interconnect: z.enum(['nvlink', 'pcie']).optional(),
    tensorParallel: numeric.optional(),
    sloTps: numeric.optional().describe('optional SLO to check against'),
  })
  .describe('predict options, as the CLI flags in camelCase');

/** GET /v1/instances query. */
export const InstancesQuery = z.strictObject({
  gpu: z.string().optional(),
  region: z.string().optional(),
  catalog: z.string().optional(),
});

const issueJson = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const ErrorIssue = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().nullable().describe('the request field at fault (body key or query parameter)'),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Every 4xx/5xx body. `error` is the first issue; `issues` lists them all. */
export const ErrorBody = z.object({ error: ErrorIssue, issues: z.array(ErrorIssue) });

const candidate = z.looseObject({
  instance: z.string(),
  gpu: z.string(),
  gpuCount: z.number(),
  tensorParallel: z.number(),
  precision: z.string(),
  tokensPerSecond: z.number(),
  priceUsdPerHour: z.number(),
  totalUsd: z.number(),
  meetsSlo: z.boolean(),
});

/** `infersave recommend --json` (schemaVersion 1); `pick` is null when nothing qualifies. */
export const RecommendResponse = z.looseObject({
  schemaVersion: z.literal(1),
  settings: z.looseObject({ model: z.string(), catalog: z.string(), region: z.string() }),
  pick: candidate.nullable(),
  candidates: z.array(candidate),
  rejected: z.array(
    z.object({
      instance: z.string(),
      reason: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  baselines: z.looseObject({}),
  noPick: issueJson.nullable(),
  warnings: z.array(issueJson),
});

/** `infersave predict --json` (schemaVersion 1). */
export const PredictResponse = candidate.extend({
  schemaVersion: z.literal(1),
  model: z.string(),
  predictor: z.string(),
  calibration: z.string().nullable(),
  warnings: z.array(issueJson),
});

export const ModelsResponse = z.array(
  z.looseObject({ id: z.string(), modelType: z.string(), parameterCount: z.number() }),
);
export const GpusResponse = z.array(z.looseObject({ id: z.string(), memoryBytes: z.number() }));
export const InstancesResponse = z.object({
  catalog: z.string(),
  asOf: z.string(),
  region: z.string(),
  instances: z.array(
    z.looseObject({
      id: z.string(),
      gpu: z.string(),
      gpuCount: z.number(),
      onDemandUsdPerHour: z.number().nullable(),
      reservedUsdPerHour: z.number().nullable(),
    }),
  ),
});
export const HealthResponse = z.object({ status: z.literal('ok') });
