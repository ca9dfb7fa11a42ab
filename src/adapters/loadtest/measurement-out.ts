import type { Measurement, MeasurementSample } from '../../core/measurement.js';
import type { Precision } from '../../core/precision.js';
import type { BenchSummary } from './stats.js';

export interface MeasurementTarget {
  gpu: string;
  gpuCount: number;
  precision: Precision;
  model: string;
  url: string;
  concurrency: number;
  inputTokens: number;
  outputTokens: number;
  command: string;
  date: string;
}

/**
 * The run as a measurement file `infersave calibrate` reads: one decode sample (median TPOT, at the
 * observed mean concurrency, context = prompt + half the output) and, only at concurrency 1 where TTFT
 * is one prefill without queueing behind other requests, one prefill sample (median TTFT).
 */
export function benchMeasurement(summary: BenchSummary, t: MeasurementTarget): Measurement | undefined {
  if (!summary.tpot) return undefined;
  const prompt = Math.max(1, Math.round(summary.meanPromptTokensReported ?? t.inputTokens));
  const samples: MeasurementSample[] = [
    {
      stage: 'decode',
      batchSize: Math.max(1, Number(summary.meanConcurrency.toFixed(3))),
      inputTokens: 1,
      contextTokens: Math.max(1, Math.round(prompt + t.outputTokens / 2)),
      offloadFraction: 0,
      seconds: summary.tpot.p50,
    },
  ];
  if (t.concurrency === 1 && summary.ttft) {
    samples.push({
      stage: 'prefill',
      batchSize: 1,
      inputTokens: prompt,
      contextTokens: prompt,
      offloadFraction: 0,
      seconds: summary.ttft.p50,
    });
  }
  const promptNote =
    summary.meanPromptTokensReported === undefined
      ? `prompt ≈ ${t.inputTokens} tokens (approximate: no tokenizer; the server reported none)`
      : `prompt = ${prompt} tokens as the server reported`;
  return {
    schemaVersion: 1,
    hardware: { gpu: t.gpu, gpuCount: t.gpuCount },
    software: {
      engine: 'openai-compatible-endpoint',
      version: 'unknown',
      notes:
        `End-to-end serving numbers from infersave bench against ${t.url}, not engine step times: ` +
        'they include HTTP, SSE framing, tokenization, scheduling and queueing. Decode: median TPOT ' +
        `((e2e − TTFT) / (tokens − 1)) over ${summary.tpot.count} requests at ${summary.meanConcurrency.toFixed(2)} ` +
        `requests in flight on average (batch size), context = prompt + output/2. ` +
        (t.concurrency === 1
          ? 'Prefill: median TTFT at concurrency 1. '
          : 'No prefill sample: TTFT at concurrency > 1 includes queueing. ') +
        `${promptNote}; output ${t.outputTokens} tokens requested.`,
    },
    model: { id: t.model },
    precision: t.precision,
    tensorParallel: t.gpuCount,
    samples,
    ...(summary.ttft && summary.tpot.p50 > 0 && summary.ttft.p50 > 0 && t.outputTokens >= 2
      ? {
          servingRuns: [
            {
              concurrency: t.concurrency,
              inputTokens: prompt,
              outputTokens: t.outputTokens,
              ttftSeconds: summary.ttft.p50,
              tpotSeconds: summary.tpot.p50,
              requests: summary.tpot.count,
            },
          ],
        }
      : {}),
    provenance: { source: 'infersave bench', date: t.date, command: t.command },
  };
}
