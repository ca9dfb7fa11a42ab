import { z } from 'zod';
import { PRECISIONS } from '../../core/precision.js';

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
    model: workloadFields.model.optional(),
    modelConfig: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("a Hugging Face config.json's content, as a JSON object (instead of model; never a path)"),
    servedModelName: z
      .string()
      .optional()
      .describe('the id vllm serve loads, for a modelConfig without a Hub id in _name_or_path'),
    sloTps: numeric.describe('required tokens per second (input + output)'),
    margin: z
      .string()
      .optional()
      .describe('SLO checked at the p90 (default) or p50 edge of the held-out error band, or none'),
    maxPrice: numeric.optional().describe('maximum instance price, $ per hour'),
    catalog: z.string().optional().describe('price catalog: aws (default) or paper-2025'),
    region: z.string().optional(),
    instances: list.optional().describe('instance type patterns, e.g. g4dn.*,g6.*'),
    arch: list.optional().describe('host CPU architectures allowed: x86_64, arm64 (default: both)'),
    billing: z.enum(['hourly', 'per-second']).optional(),
    pricing: z.enum(['on-demand', 'reserved']).optional(),
    top: numeric.optional().describe('candidates to return (default 5)'),
  })
  .describe('recommend options, as the CLI flags in camelCase');

/** POST /v1/predict: `infersave predict` options. */
export const PredictBody = z
  .strictObject({
    ...workloadFields,
    concurrency: numeric
      .optional()
      .describe('also simulate a closed loop at this concurrency: TTFT and TPOT percentiles (atConcurrency)'),
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

/** A token count: N, or "MIN-MAX" drawn uniformly. */
const lengths = numeric.describe('N, or "MIN-MAX" drawn uniformly');

/** POST /v1/simulate: `infersave simulate` options for a synthetic workload (no trace, no timeline file). */
export const SimulateBody = z
  .strictObject({
    model: z.string().describe('catalog model id (GET /v1/models)'),
    rate: numeric.optional().describe('arrival rate, requests per second (or concurrency)'),
    concurrency: numeric
      .optional()
      .describe(
        'closed loop: requests in flight at once, each finished one replaced at once (instead of rate)',
      ),
    requests: numeric.optional().describe('number of requests (or duration; capped by the server)'),
    duration: numeric.optional().describe('generate arrivals for this long, e.g. "10m" (or requests)'),
    arrival: z.enum(['poisson', 'gamma', 'constant']).optional(),
    cv: numeric.optional().describe('gamma arrivals: coefficient of variation of the gaps (default 2)'),
    inputTokens: lengths,
    outputTokens: lengths,
    seed: numeric.optional().describe('seed of the synthetic workload (default 1)'),
    maxNumSeqs: numeric.optional().describe('vLLM max_num_seqs'),
    maxNumBatchedTokens: numeric.optional().describe('vLLM max_num_batched_tokens'),
    chunkedPrefill: z.boolean().optional().describe('false turns chunked prefill off'),
    prefixCaching: z.boolean().optional().describe('false turns prefix caching off'),
    schedulerReserveFullIsl: z
      .boolean()
      .optional()
      .describe('false admits a request when its first prompt chunk fits (vLLM default: the whole prompt)'),
    preemption: z.enum(['recompute', 'swap']).optional(),
    router: z.enum(['least-outstanding-tokens', 'round-robin']).optional(),
    instance: z.string().optional().describe('a catalog instance, e.g. g6e.xlarge'),
    catalog: z.string().optional(),
    region: z.string().optional(),
    gpu: z.string().optional().describe('bare GPUs instead of an instance, e.g. H100-SXM'),
    gpuCount: numeric.optional(),
    hostMemoryGib: numeric.optional(),
    interconnect: z.enum(['nvlink', 'pcie']).optional(),
    instancesCount: numeric.optional().describe('instances behind the router (default 1)'),
    tensorParallel: numeric.optional(),
    precision: list.optional().describe('one of fp32, bf16, fp16, fp8, int8, int4'),
    calibration: z.string().optional().describe('a built-in CTCF calibration name'),
    gpuMemoryUtilization: numeric.optional(),
    hostMemoryUtilization: numeric.optional(),
    sloTtftP95: numeric.optional().describe('P95 time to first token, e.g. "1s"'),
    sloTpotP95: numeric.optional().describe('P95 time per output token, e.g. "100ms"'),
    sloE2eP95: numeric.optional().describe('P95 end-to-end latency, e.g. "20s"'),
    timelineInterval: numeric
      .optional()
      .describe(
        'also return the fleet timeline (`timeline`) sampled every this long, e.g. "1s"; at most 1,000 samples (the interval doubles as needed)',
      ),
  })
  .describe('simulate options for a synthetic workload, as the CLI flags in camelCase');

/** POST /v1/calibrate: measurements as JSON (never file paths), and the calibrate flags. */
export const CalibrateBody = z
  .strictObject({
    measurements: z
      .array(z.unknown())
      .min(1, 'give one or more measurements')
      .describe('measurement JSON objects (docs/measurements.md)'),
    predictor: z.enum(['roofline', 'paper']).optional().describe('predictor to calibrate (default roofline)'),
    id: z.string().min(1).optional().describe('calibration id (default "calibration")'),
    gpu: z.string().optional().describe('catalog GPU, where a measurement names none'),
    instance: z.string().optional().describe('catalog instance type, where a measurement names none'),
    catalog: z.string().optional().describe('catalog for instance types (default aws)'),
    model: z.string().optional().describe('catalog model, where a measurement names none'),
    precision: z.enum(PRECISIONS).optional().describe('precision, where a measurement names none'),
  })
  .describe('calibrate options, with the measurements inline');

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
  cpuArchitecture: z.enum(['x86_64', 'arm64']),
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

/** `infersave simulate --json` (schemaVersion 1). */
export const SimulateResponse = z.looseObject({ schemaVersion: z.literal(1) });

/** `infersave calibrate --json` without `out`: the calibration file and the fit report. */
export const CalibrateResponse = z.looseObject({
  schemaVersion: z.literal(1),
  predictor: z.string(),
  calibration: z.looseObject({ schemaVersion: z.literal(1), id: z.string() }),
  groups: z.array(z.looseObject({})),
  warnings: z.array(issueJson),
});
