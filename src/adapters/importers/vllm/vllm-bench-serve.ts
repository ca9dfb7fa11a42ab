import { z } from 'zod';
import { fail, type Issue, type Result } from '../../../core/issue.js';
import type { Measurement, MeasurementSample } from '../../../core/measurement.js';
import {
  formatIssues,
  type MeasurementImportOptions,
  missingOption,
  requireSetup,
  validated,
} from '../measurement-import.js';

/**
 * `vllm bench serve --save-result` as written by vllm/benchmarks/serve.py (vllm-project/vllm, 2025; the
 * keys of benchmarks/benchmark_serving.py since v0.6): run fields `date` ("%Y%m%d-%H%M%S"), `backend`,
 * `model_id`, `max_concurrency` (null when unbounded), `request_rate` (number or "inf"), `completed`,
 * `total_input_tokens`, `total_output_tokens`, `request_throughput`, `output_throughput`, and
 * `{mean,median,std,p99}_{ttft,tpot,itl,e2el}_ms` in milliseconds. With `--save-detailed` it also keeps
 * per-request `input_lens`, `output_lens`, `ttfts` (seconds), `itls` (seconds, one list per request) and
 * `errors` ("" for a successful request).
 */
export const vllmBenchServeSchema = z.looseObject({
  date: z.string().optional(),
  backend: z.string().optional(),
  model_id: z.string().min(1),
  max_concurrency: z.number().int().positive().nullable().optional(),
  completed: z.number().int().nonnegative(),
  total_input_tokens: z.number().nonnegative(),
  total_output_tokens: z.number().nonnegative(),
  request_throughput: z.number(),
  median_ttft_ms: z.number().nonnegative(),
  median_tpot_ms: z.number().nonnegative(),
  input_lens: z.array(z.number().int().nonnegative()).optional(),
  output_lens: z.array(z.number().int().nonnegative()).optional(),
  ttfts: z.array(z.number().nonnegative()).optional(),
  itls: z.array(z.array(z.number())).optional(),
  errors: z.array(z.string()).optional(),
});

type ServeResult = z.infer<typeof vllmBenchServeSchema>;

const FORMAT = 'vllm-bench-serve';

const CAVEATS =
  'serving-derived: decode samples are the time per output token (TPOT) at the client with up to ' +
  '`concurrency` requests in flight, so a step may also carry other requests’ (chunked) prefills and ' +
  'the batch may be smaller than the concurrency at the start and end; prefill samples (concurrency 1 ' +
  'only) are the time to first token, which adds HTTP, tokenization and queueing to the prefill';

/**
 * Samples from a serving benchmark. Decode: per successful request (with `--save-detailed`) the sum of
 * its inter-token latencies over its `output_len − 1` later tokens, at batch size = the run's
 * concurrency and the request's mean KV length `input_len + output_len / 2`; without per-request data,
 * one sample from `median_tpot_ms` at the mean lengths. Prefill: only when one request ran at a time
 * (`max_concurrency` 1), the TTFT of each request (or `median_ttft_ms`). Concurrency comes from
 * `max_concurrency`, else the `concurrency` option; an unbounded run without it is refused.
 */
export function importVllmBenchServe(
  raw: unknown,
  file: string,
  options: MeasurementImportOptions,
): Result<Measurement> {
  const parsed = vllmBenchServeSchema.safeParse(raw);
  if (!parsed.success) return fail(...formatIssues(parsed.error, file, FORMAT));
  const result = parsed.data;
  const setup = requireSetup(options, file, FORMAT, result.model_id);
  const concurrency = result.max_concurrency ?? options.concurrency;
  const issues = [
    ...(setup.ok ? [] : setup.issues),
    ...(concurrency === undefined
      ? [missingOption(file, FORMAT, 'concurrency', 'the run had no --max-concurrency')]
      : []),
  ];
  if (!setup.ok || concurrency === undefined) return fail(...issues);

  const detailed = detailedSamples(result, concurrency, file);
  if (detailed !== undefined && !detailed.ok) return detailed;
  const samples = detailed?.value ?? summarySamples(result, concurrency);
  if (samples.length === 0) {
    const issue: Issue = {
      code: 'measurement-no-samples',
      path: file,
      details: { file, format: FORMAT, completed: result.completed },
    };
    return fail(issue);
  }
  const provenance: Measurement['provenance'] = { source: 'vllm bench serve', file };
  if (result.date !== undefined) provenance.date = result.date;
  if (options.command !== undefined) provenance.command = options.command;
  return validated(
    {
      schemaVersion: 1,
      ...setup.value,
      software: {
        engine: 'vllm',
        version: options.engineVersion ?? 'unknown',
        notes: `${CAVEATS}; concurrency ${concurrency}${result.backend ? `, backend ${result.backend}` : ''}`,
      },
      samples,
      ...servingRunOf(result, concurrency),
      provenance,
    },
    file,
  );
}

/**
 * The run itself, end to end (`calibrate` fits it through the simulator): the medians of TTFT and TPOT
 * at the mean lengths of its completed requests. None without both medians or with one-token outputs.
 */
function servingRunOf(result: ServeResult, concurrency: number): Pick<Measurement, 'servingRuns'> {
  if (result.completed === 0) return {};
  const inputTokens = result.total_input_tokens / result.completed;
  const outputTokens = result.total_output_tokens / result.completed;
  if (!(result.median_ttft_ms > 0 && result.median_tpot_ms > 0 && inputTokens >= 1 && outputTokens >= 2))
    return {};
  return {
    servingRuns: [
      {
        concurrency,
        inputTokens,
        outputTokens,
        ttftSeconds: result.median_ttft_ms / 1000,
        tpotSeconds: result.median_tpot_ms / 1000,
        requests: result.completed,
      },
    ],
  };
}

/** Per-request samples, or undefined when the file has no per-request data. */
function detailedSamples(
  result: ServeResult,
  concurrency: number,
  file: string,
): Result<MeasurementSample[]> | undefined {
  const { input_lens: inputs, output_lens: outputs, ttfts, itls, errors } = result;
  if (inputs === undefined || outputs === undefined || ttfts === undefined || itls === undefined)
    return undefined;
  const lengths = {
    input_lens: inputs.length,
    output_lens: outputs.length,
    ttfts: ttfts.length,
    itls: itls.length,
  };
  if (
    new Set(Object.values(lengths)).size !== 1 ||
    (errors !== undefined && errors.length !== inputs.length)
  ) {
    const issue: Issue = {
      code: 'measurement-import-invalid',
      path: 'input_lens',
      message: `per-request lists differ in length (${Object.entries(lengths)
        .map(([key, n]) => `${key} ${n}`)
        .join(', ')}${errors === undefined ? '' : `, errors ${errors.length}`})`,
      details: { file, format: FORMAT },
    };
    return { ok: false, issues: [issue] };
  }
  const samples: MeasurementSample[] = [];
  inputs.forEach((inputLen, i) => {
    const outputLen = outputs[i] ?? 0;
    const ttft = ttfts[i] ?? 0;
    const gaps = itls[i] ?? [];
    if ((errors?.[i] ?? '') !== '' || inputLen < 1 || outputLen < 1 || ttft <= 0) return;
    if (concurrency === 1) {
      samples.push(sample('prefill', 1, inputLen, inputLen, ttft));
    }
    const decodeSeconds = gaps.reduce((sum, gap) => sum + gap, 0) / (outputLen - 1);
    if (outputLen >= 2 && gaps.length > 0 && decodeSeconds > 0) {
      samples.push(sample('decode', concurrency, 1, inputLen + outputLen / 2, decodeSeconds));
    }
  });
  return { ok: true, value: samples, warnings: [] };
}

function summarySamples(result: ServeResult, concurrency: number): MeasurementSample[] {
  if (result.completed === 0) return [];
  const meanInput = result.total_input_tokens / result.completed;
  const meanOutput = result.total_output_tokens / result.completed;
  const samples: MeasurementSample[] = [];
  if (concurrency === 1 && result.median_ttft_ms > 0 && meanInput >= 1) {
    samples.push(sample('prefill', 1, meanInput, meanInput, result.median_ttft_ms / 1000));
  }
  if (result.median_tpot_ms > 0 && meanOutput >= 2) {
    samples.push(sample('decode', concurrency, 1, meanInput + meanOutput / 2, result.median_tpot_ms / 1000));
  }
  return samples;
}

function sample(
  stage: MeasurementSample['stage'],
  batchSize: number,
  inputTokens: number,
  contextTokens: number,
  seconds: number,
): MeasurementSample {
  return { stage, batchSize, inputTokens, contextTokens, offloadFraction: 0, seconds };
}
