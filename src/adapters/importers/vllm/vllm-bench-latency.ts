import { z } from 'zod';
import { fail, type Result } from '../../../core/issue.js';
import type { Measurement } from '../../../core/measurement.js';
import {
  formatIssues,
  type MeasurementImportOptions,
  requireNumbers,
  requireSetup,
  validated,
} from '../measurement-import.js';
import { batchRunSample } from './batch-run-sample.js';

/**
 * `vllm bench latency --output-json` as written by vllm/benchmarks/latency.py (vllm-project/vllm, commit
 * 7142f6a, 2025; the same keys since benchmarks/benchmark_latency.py of v0.6): `avg_latency` (seconds),
 * `latencies` (seconds, one per `--num-iters` iteration) and `percentiles` (seconds, keyed by the
 * percentage as a string: "10", "25", "50", "75", "90", "99"). The command's arguments are not in it.
 */
export const vllmBenchLatencySchema = z.looseObject({
  avg_latency: z.number().positive(),
  latencies: z.array(z.number().positive()).min(1),
  percentiles: z.record(z.string(), z.number()),
});

const FORMAT = 'vllm-bench-latency';

/**
 * One sample from a latency run: the median latency of one batch (`batchSize` prompts of `inputLen`
 * tokens, `outputLen` tokens each; vLLM's defaults 8, 32 and 128 are not assumed). `--output-len 1` makes
 * it a prefill sample; a longer run becomes a mean decode-step sample only with `prefillSeconds` from such
 * a run (see `batchRunSample`). Assumes `--n 1` and no beam search.
 */
export function importVllmBenchLatency(
  raw: unknown,
  file: string,
  options: MeasurementImportOptions,
): Result<Measurement> {
  const parsed = vllmBenchLatencySchema.safeParse(raw);
  const setup = requireSetup(options, file, FORMAT);
  const needed = requireNumbers(options, file, FORMAT, {
    batchSize: '--batch-size',
    inputLen: '--input-len',
    outputLen: '--output-len',
  });
  if (!parsed.success || !setup.ok || !needed.values) {
    return fail(
      ...(parsed.success ? [] : formatIssues(parsed.error, file, FORMAT)),
      ...(setup.ok ? [] : setup.issues),
      ...needed.issues,
    );
  }
  const { batchSize, inputLen, outputLen } = needed.values;
  const seconds = parsed.data.percentiles['50'] ?? median(parsed.data.latencies);
  const run = { batchSize, inputLen, outputLen, seconds };
  const sample = batchRunSample(
    options.prefillSeconds === undefined ? run : { ...run, prefillSeconds: options.prefillSeconds },
    file,
    FORMAT,
  );
  if (!sample.ok) return sample;
  const iterations = parsed.data.latencies.length;
  const notes =
    outputLen === 1
      ? `median of ${iterations} whole-batch latencies with --output-len 1: prefill plus sampling and scheduling overhead`
      : `mean decode step: (median latency of ${iterations} iterations − prefillSeconds ${options.prefillSeconds}) / (${outputLen} − 1), at the mean KV length`;
  return validated(
    {
      schemaVersion: 1,
      ...setup.value,
      software: { engine: 'vllm', version: options.engineVersion ?? 'unknown', notes },
      samples: [sample.value],
      provenance: {
        source: 'vllm bench latency',
        file,
        ...(options.command === undefined ? {} : { command: options.command }),
      },
    },
    file,
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}
