import { z } from 'zod';
import { fail, type Issue, type Result } from '../../../core/issue.js';
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
 * `vllm bench throughput --output-json` as written by vllm/benchmarks/throughput.py (vllm-project/vllm,
 * commit 1a91bc2, 2025; the same keys since benchmarks/benchmark_throughput.py of v0.4): `elapsed_time`
 * (seconds for all requests), `num_requests`, `total_num_tokens` (prompt + output tokens of all requests),
 * `requests_per_second`, `tokens_per_second` (total tokens per second).
 */
export const vllmBenchThroughputSchema = z.looseObject({
  elapsed_time: z.number().positive(),
  num_requests: z.number().int().positive(),
  total_num_tokens: z.number().int().positive(),
  requests_per_second: z.number().positive(),
  tokens_per_second: z.number().positive(),
});

const FORMAT = 'vllm-bench-throughput';

/**
 * One sample from a throughput run, only where the run was one fixed batch: the random dataset with fixed
 * `--input-len`/`--output-len` (checked: `total_num_tokens` must equal `num_requests × (inputLen +
 * outputLen)`) and no more requests than `--max-num-seqs` (checked), so all sequences prefill together
 * and decode in lockstep. Then it is read like a latency run of batch `num_requests` (see
 * `batchRunSample`). Caveat: a KV cache too small for the batch makes vLLM preempt, which this file
 * cannot show; the note says so.
 */
export function importVllmBenchThroughput(
  raw: unknown,
  file: string,
  options: MeasurementImportOptions,
): Result<Measurement> {
  const parsed = vllmBenchThroughputSchema.safeParse(raw);
  const setup = requireSetup(options, file, FORMAT);
  const needed = requireNumbers(options, file, FORMAT, {
    inputLen: '--input-len',
    outputLen: '--output-len',
    maxNumSeqs: '--max-num-seqs',
  });
  if (!parsed.success || !setup.ok || !needed.values) {
    return fail(
      ...(parsed.success ? [] : formatIssues(parsed.error, file, FORMAT)),
      ...(setup.ok ? [] : setup.issues),
      ...needed.issues,
    );
  }
  const { inputLen, outputLen, maxNumSeqs } = needed.values;
  const { num_requests: numRequests, total_num_tokens: totalNumTokens, elapsed_time: seconds } = parsed.data;
  const expectedTokens = numRequests * (inputLen + outputLen);
  if (totalNumTokens !== expectedTokens) {
    const issue: Issue = {
      code: 'vllm-throughput-lengths-vary',
      path: 'total_num_tokens',
      details: { file, format: FORMAT, totalNumTokens, expectedTokens, inputLen, outputLen, numRequests },
    };
    return fail(issue);
  }
  if (numRequests > maxNumSeqs) {
    const issue: Issue = {
      code: 'vllm-throughput-not-one-batch',
      path: 'num_requests',
      details: { file, format: FORMAT, numRequests, maxNumSeqs },
    };
    return fail(issue);
  }
  const run = { batchSize: numRequests, inputLen, outputLen, seconds };
  const sample = batchRunSample(
    options.prefillSeconds === undefined ? run : { ...run, prefillSeconds: options.prefillSeconds },
    file,
    FORMAT,
  );
  if (!sample.ok) return sample;
  const notes = `one batch of ${numRequests} requests (≤ --max-num-seqs ${maxNumSeqs}); ${
    outputLen === 1
      ? 'elapsed_time is the prefill'
      : 'decode step = (elapsed_time − prefillSeconds) / (outputLen − 1)'
  }; assumes the KV cache held the whole batch (no preemption)`;
  return validated(
    {
      schemaVersion: 1,
      ...setup.value,
      software: { engine: 'vllm', version: options.engineVersion ?? 'unknown', notes },
      samples: [sample.value],
      provenance: {
        source: 'vllm bench throughput',
        file,
        ...(options.command === undefined ? {} : { command: options.command }),
      },
    },
    file,
  );
}
