import { z } from 'zod';
import { KV_CACHE_DTYPES, PRECISIONS } from '../core/precision.js';

/**
 * Each use case's request, as JSON fields: the one schema the HTTP body, the library call and a
 * `--request plan.yaml` file are checked against (the CLI's flags are the same fields in kebab case). Types
 * are checked here; values (a positive whole number, a duration with its unit, a known model) by the use
 * case, which reports every bad one at once and applies the defaults (settings.ts). Fields that name a file
 * on the machine that runs the use case (--trace, --model-config, --timeline, --out) are CLI flags only.
 */

/** A number, or the text a flag would hold ("128", "0.9", "1s"). */
const numeric = z.union([z.number(), z.string()]);
/** One value or a comma-separated list, as a string or an array of strings. */
const list = z.union([z.string(), z.array(z.string())]);
/** A whole number ≥ 1 (a JSON-only field: no flag carries it as text). */
const whole = z.number().int().positive();
/** A token count: N, or "MIN-MAX" drawn uniformly. */
const lengths = numeric.describe('N, or "MIN-MAX" drawn uniformly');

const model = { model: z.string().describe('catalog model id, e.g. facebook/opt-2.7b (GET /v1/models)') };

/** The model by catalog id or as a config.json sent in the body (one of the two; the app layer checks). */
/** A config.json sent in a request body: the object itself, never a path (the server reads no client path). */
export const modelConfigField = z
  .record(z.string(), z.unknown(), {
    error: "a config.json's content as a JSON object { … }, never a path: the server reads no client path",
  })
  .optional()
  .describe("a Hugging Face config.json's content, as a JSON object (instead of model; never a path)");

const inlineModel = {
  model: model.model.optional(),
  modelConfig: modelConfigField,
  servedModelName: z
    .string()
    .optional()
    .describe(
      'the id vllm serve loads and the plan names, for a modelConfig without a Hub id in _name_or_path',
    ),
};

const memoryShares = {
  gpuMemoryUtilization: numeric.optional().describe('share of GPU memory the engine may use (0, 1]'),
  hostMemoryUtilization: numeric.optional().describe('share of host RAM offloaded KV may use (0, 1]'),
};

const energy = {
  electricityUsdPerKwh: numeric.optional().describe('electricity price, $ per kWh (default 0.12)'),
  pue: numeric.optional().describe('data-centre PUE, 1–3 (default: the provider’s)'),
  gridGco2PerKwh: numeric
    .optional()
    .describe('grid carbon intensity, g CO2e per kWh (default: the region’s)'),
};
const clock = {
  gpuClockMhz: numeric
    .optional()
    .describe('SM clock within the GPU’s documented range (default: its highest)'),
};

/** One placement: a catalog instance, or bare GPUs. */
const hardware = {
  instance: z.string().optional().describe('a catalog instance, e.g. g6.xlarge'),
  catalog: z.string().optional().describe('catalog of the instance (default: the cloud that lists it)'),
  region: z.string().optional().describe('price region'),
  gpu: z.string().optional().describe('bare GPUs instead of an instance, e.g. H100-SXM'),
  gpuCount: numeric.optional().describe('number of bare GPUs (default 1)'),
  mig: z.string().optional().describe('one MIG slice of the bare GPU, e.g. 3g.40gb'),
  hostMemoryGib: numeric.optional().describe('host RAM beside the bare GPUs, GiB'),
  interconnect: z.enum(['nvlink', 'pcie']).optional().describe('GPU link of the bare GPUs'),
  tensorParallel: numeric.optional().describe('tensor-parallel degree'),
};

/** A synthetic workload (over HTTP the only kind: a trace is a file). */
const synthetic = {
  rate: numeric.optional().describe('arrival rate, requests per second'),
  requests: numeric.optional().describe('number of requests (or duration)'),
  duration: numeric.optional().describe('generate arrivals for this long, e.g. "10m" (or requests)'),
  arrival: z.enum(['poisson', 'gamma', 'constant']).optional().describe('arrival process (default poisson)'),
  cv: numeric.optional().describe('gamma arrivals: coefficient of variation of the gaps (default 2)'),
  seed: numeric.optional().describe('seed of the synthetic workload (default 1)'),
  inputTokens: lengths.describe('prompt tokens per request: N, or "MIN-MAX" drawn uniformly'),
  outputTokens: lengths.describe('generated tokens per request: N, or "MIN-MAX" drawn uniformly'),
};

/** vLLM's scheduler (defaults: vLLM's own for the GPU) and the router. */
const engine = {
  maxNumSeqs: numeric.optional().describe('vLLM max_num_seqs'),
  maxNumBatchedTokens: numeric.optional().describe('vLLM max_num_batched_tokens'),
  chunkedPrefill: z.boolean().optional().describe('false turns chunked prefill off'),
  prefixCaching: z.boolean().optional().describe('false turns prefix caching off'),
  schedulerReserveFullIsl: z
    .boolean()
    .optional()
    .describe('false admits a request when its first prompt chunk fits (vLLM default: the whole prompt)'),
  preemption: z.enum(['recompute', 'swap']).optional().describe('when KV blocks run out (default recompute)'),
  router: z.enum(['least-outstanding-tokens', 'round-robin']).optional(),
};

const latencySlos = {
  queryTypeThreshold: numeric
    .optional()
    .describe('tokens from which a prompt or output counts as long, for the query types (default 500)'),
  sloTtftP95: numeric.optional().describe('P95 time to first token, e.g. "1s"'),
  sloTpotP95: numeric.optional().describe('P95 time per output token, e.g. "100ms"'),
  sloE2eP95: numeric.optional().describe('P95 end-to-end latency, e.g. "20s"'),
};

const kvCacheDtype = {
  kvCacheDtype: z.enum(KV_CACHE_DTYPES).optional().describe('KV cache dtype: auto (the precision’s) or fp8'),
};

const stepTimer = {
  precision: list.optional().describe('fp32, bf16, fp16, fp8, int8, int4 (default: the checkpoint’s dtype)'),
  ...kvCacheDtype,
  calibration: z.string().optional().describe('a built-in CTCF calibration name'),
  ...memoryShares,
};

const probe = {
  probeRequests: numeric
    .optional()
    .describe('requests of the traffic shape each probe simulates (default 1000)'),
};

/** The throughput workload and time model of recommend and predict. */
const batchWorkload = {
  ...model,
  inputTokens: numeric.describe('prompt tokens per request'),
  outputTokens: numeric.describe('generated tokens per request'),
  batchSize: numeric.describe('requests processed together'),
  requests: numeric.optional().describe('requests in the whole task (default: one batch)'),
  precision: list.optional().describe('fp32, bf16, fp16, fp8, int8, int4'),
  ...kvCacheDtype,
  predictor: z.string().optional().describe('roofline (default), paper or profiled'),
  calibration: z.string().optional().describe('a built-in CTCF calibration name'),
  engine: z.string().optional().describe('serving engine: vllm (default), sglang, trtllm, flexgen, none'),
  offloadPercent: numeric
    .optional()
    .describe(
      "with engine flexgen: the KV cache's share in CPU memory, 0–100 (default: FlexGen's policy search)",
    ),
  ...memoryShares,
};

/** Which instance types, priced how. */
const market = {
  catalog: z
    .string()
    .optional()
    .describe('one price catalog instead of clouds: aws, gcp, azure, lambda or paper-2025'),
  cloud: list.optional().describe('clouds to search (default aws,gcp,azure,lambda), each at its own region'),
  region: z
    .string()
    .optional()
    .describe(
      'price regions, comma-separated (default: each cloud’s); a bare name prices every cloud that has it and leaves the others out; cloud:region is exact',
    ),
  instances: list.optional().describe('instance type patterns, e.g. g4dn.*,g6.*'),
  arch: list.optional().describe('host CPU architectures allowed: x86_64, arm64 (default: both)'),
  margin: z
    .string()
    .optional()
    .describe('SLO checked at the p90 (default) or p50 edge of the held-out error band, or none'),
  maxPrice: numeric.optional().describe('maximum instance price, $ per hour'),
  top: numeric.optional().describe('candidates to return (default 5)'),
};

const reservedDiscount = numeric
  .optional()
  .describe(
    'with pricing reserved: your commitment as a fraction off on-demand, e.g. 0.37 (any cloud or term; default: the catalog’s reserved prices, AWS 1-year no-upfront only)',
  );

/** Recommend under a throughput SLO. */
export const RecommendFields = z
  .strictObject({
    ...batchWorkload,
    ...inlineModel,
    sloTps: numeric.describe('required tokens per second (input + output)'),
    ...market,
    billing: z.enum(['hourly', 'per-second']).optional(),
    pricing: z.enum(['on-demand', 'reserved', 'spot']).optional(),
    reservedDiscount,
    spotInterruptionsPerHour: numeric
      .optional()
      .describe('with pricing spot: expected interruptions per instance-hour (required)'),
    spotRestart: numeric
      .optional()
      .describe(
        'with pricing spot: time to replace an interrupted instance and reload (default 0 for batch work)',
      ),
    objective: z
      .enum(['cost', 'energy', 'carbon'])
      .optional()
      .describe('rank by cost (default), energy or carbon'),
    ...energy,
  })
  .describe('recommend under a throughput SLO');

/** Recommend instance type and count under P95 latency SLOs, judged by simulation. */
export const RecommendLatencyFields = z
  .strictObject({
    ...inlineModel,
    ...synthetic,
    ...engine,
    ...stepTimer,
    ...latencySlos,
    ...probe,
    ...market,
    pricing: z
      .enum(['on-demand', 'reserved', 'spot'])
      .optional()
      .describe('on-demand (default), reserved, or spot (only when asked: its SLO impact is stated)'),
    reservedDiscount,
    spotInterruptionsPerHour: numeric
      .optional()
      .describe(
        'with pricing spot: expected interruptions per instance-hour (required; no provider publishes one)',
      ),
    spotRestart: numeric
      .optional()
      .describe(
        'with pricing spot: time to replace an interrupted instance and load the model, e.g. "10m" (required; no provider publishes one)',
      ),
  })
  .describe('recommend instance type and count under P95 latency SLOs (synthetic workload)');

/** Explain one placement. */
export const PredictFields = z
  .strictObject({
    ...batchWorkload,
    ...inlineModel,
    ...hardware,
    concurrency: numeric
      .optional()
      .describe('also simulate a closed loop at this concurrency: TTFT and TPOT percentiles (atConcurrency)'),
    sloTps: numeric.optional().describe('optional SLO to check against'),
    ...energy,
    ...clock,
  })
  .describe('predict one placement');

/** Simulate serving on one placement. */
export const SimulateFields = z
  .strictObject({
    ...inlineModel,
    ...synthetic,
    concurrency: numeric
      .optional()
      .describe(
        'closed loop: requests in flight at once, each finished one replaced at once (instead of rate)',
      ),
    ...engine,
    ...hardware,
    instancesCount: numeric.optional().describe('instances behind the router (default 1)'),
    ...stepTimer,
    precision: list.optional().describe('one of fp32, bf16, fp16, fp8, int8, int4'),
    ...latencySlos,
    ...energy,
    ...clock,
    timelineInterval: numeric
      .optional()
      .describe(
        'also return the fleet timeline (`timeline`) sampled every this long, e.g. "1s"; at most 1,000 samples (the interval doubles as needed)',
      ),
  })
  .describe('simulate a synthetic workload on one placement');

/** The maximum rate each instance type serves within P95 targets. */
export const CapacityFields = z
  .strictObject({
    ...inlineModel,
    ...synthetic,
    ...engine,
    ...stepTimer,
    precision: z.string().optional().describe('one of fp32, bf16, fp16, fp8, int8, int4'),
    ...latencySlos,
    ...probe,
    instances: list.optional().describe('instance types to try, e.g. g6.*,g5.* (default: the whole catalog)'),
    arch: list.optional().describe('host CPU architectures allowed: x86_64, arm64 (default: both)'),
    instance: z.string().optional().describe('one instance type'),
    gpu: z.string().optional().describe('bare GPUs instead of instance types, e.g. A100-80GB'),
    mig: z.string().optional().describe('one MIG slice of the bare GPU, e.g. 3g.40gb'),
    usdPerGpuHour: numeric.optional().describe('price of one bare GPU, $ per hour (default: the catalog’s)'),
    catalog: z
      .string()
      .optional()
      .describe('price catalog (default: the cloud that lists instance, else aws)'),
    region: z.string().optional().describe('price region (default: the catalog’s)'),
    pricing: z.enum(['on-demand', 'reserved']).optional(),
    instancesCount: numeric.optional().describe('instances of each type serving together (default 1)'),
    byQueryType: z.boolean().optional().describe('also the capacity of each query type alone'),
    ...energy,
  })
  .describe('the maximum request rate each instance type serves within P95 targets');

/** Self-hosting against hosted APIs: $/M input and output tokens, break-even volume, the cost curve. */
export const CompareApiFields = z
  .strictObject({
    ...inlineModel,
    inputTokens: numeric.describe('prompt tokens per request'),
    outputTokens: numeric.describe('generated tokens per request'),
    batchSize: numeric.describe('requests an engine serves together'),
    precision: list
      .optional()
      .describe('fp32, bf16, fp16, fp8, int8, int4 (default: the checkpoint’s dtype)'),
    predictor: z.string().optional().describe('roofline (default), paper or profiled'),
    calibration: z.string().optional().describe('a built-in CTCF calibration name'),
    ...memoryShares,
    cloud: list.optional().describe('clouds to self-host on (default aws,gcp,azure,lambda)'),
    region: list.optional().describe('one region per cloud; cloud:region where a name exists in two clouds'),
    pricing: list
      .optional()
      .describe('self-hosting prices: on-demand, reserved, spot (default on-demand,reserved)'),
    instances: list.optional().describe('only these instance types, e.g. g6e.*,p5.*'),
    apiModel: list
      .optional()
      .describe(
        'hosted API models by LiteLLM id, e.g. groq/llama-3.3-70b-versatile (data/v1/api-prices.json)',
      ),
    apiUsdPerMillionInput: numeric.optional().describe('or an API price, $ per million input tokens'),
    apiUsdPerMillionOutput: numeric.optional().describe('and $ per million output tokens'),
    tokensPerMonth: numeric.optional().describe('monthly volume (input + output tokens) to cost'),
    requestsPerSecond: numeric.optional().describe('or a steady request rate to cost'),
    maxUtilization: numeric
      .optional()
      .describe('share of an instance’s throughput to plan on (0, 1], default 1'),
    curvePoints: numeric
      .optional()
      .describe('points of the cost-vs-volume curve, evenly spaced from 0 (2 to 1,000; default 41)'),
  })
  .describe('self-hosting vs hosted APIs: $/M tokens, monthly cost, break-even volume, cost-vs-volume curve');

/** Fit a CTCF calibration from measurements given inline (never file paths). */
export const CalibrateFields = z
  .strictObject({
    measurements: z
      .array(z.unknown())
      .min(1, 'give one or more measurements')
      .describe(
        'measurements as JSON: the native format (docs/measurements.md), vLLM bench latency/throughput/serve, GuideLLM, infersave bench or profiler JSON',
      ),
    predictor: z.enum(['roofline', 'paper']).optional().describe('predictor to calibrate (default roofline)'),
    id: z.string().min(1).optional().describe('calibration id (default "calibration")'),
    gpu: z.string().optional().describe('catalog GPU, where a measurement names none'),
    gpuCount: whole.optional().describe('GPUs the benchmark ran on, where its format does not say'),
    tensorParallel: whole.optional().describe('tensor-parallel degree, where the format does not say'),
    batchSize: whole.optional().describe('vllm bench latency: its --batch-size'),
    inputLen: whole.optional().describe('vllm bench latency/throughput: its --input-len'),
    outputLen: whole.optional().describe('vllm bench latency/throughput: its --output-len'),
    maxNumSeqs: whole.optional().describe('vllm bench throughput: the engine’s --max-num-seqs'),
    concurrency: whole.optional().describe('vllm bench serve: --max-concurrency, where the file has none'),
    prefillSeconds: z
      .number()
      .positive()
      .optional()
      .describe('median prefill of the same batch (an --output-len 1 latency run), seconds'),
    engine: z.string().optional().describe('serving engine behind a GuideLLM run, e.g. vllm'),
    engineVersion: z.string().optional().describe('engine version; the files do not record it'),
    instance: z.string().optional().describe('catalog instance type, where a measurement names none'),
    catalog: z.string().optional().describe('catalog for instance types (default aws)'),
    model: z.string().optional().describe('catalog model, where a measurement names none'),
    precision: z.enum(PRECISIONS).optional().describe('precision, where a measurement names none'),
    fitThrough: z
      .enum(['simulator', 'steps'])
      .optional()
      .describe(
        'serving benchmarks (vllm bench serve, infersave bench): fit their TTFT and TPOT through the serving simulator (default) or their derived step samples',
      ),
  })
  .describe('calibrate from measurements given inline');

/** Instance listing filters. */
export const InstancesFields = z.strictObject({
  gpu: z.string().optional(),
  region: z.string().optional(),
  catalog: z.string().optional(),
});
