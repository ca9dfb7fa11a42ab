import { parseMeasurementFile } from '../../catalog/measurement-file.js';
import { fail, type Issue, type Result } from '../../core/issue.js';
import type { Measurement } from '../../core/measurement.js';
import { readJsonFile } from '../fs/read-json-file.js';
import { importGuidellmReport } from './guidellm/guidellm-report.js';
import type { MeasurementFormat, MeasurementImportOptions } from './measurement-import.js';
import { importVllmBenchLatency } from './vllm/vllm-bench-latency.js';
import { importVllmBenchServe } from './vllm/vllm-bench-serve.js';
import { importVllmBenchThroughput } from './vllm/vllm-bench-throughput.js';

export type { MeasurementFormat, MeasurementImportOptions } from './measurement-import.js';

export const MEASUREMENT_FORMATS: readonly MeasurementFormat[] = [
  'measurement',
  'vllm-bench-latency',
  'vllm-bench-throughput',
  'vllm-bench-serve',
  'guidellm',
];

const has = (value: Record<string, unknown>, ...keys: string[]) => keys.every((key) => key in value);

/** The format of a decoded file, by the keys only that format writes; undefined when none matches. */
export function detectMeasurementFormat(raw: unknown): MeasurementFormat | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const value = raw as Record<string, unknown>;
  if (has(value, 'schemaVersion', 'samples')) return 'measurement';
  if (has(value, 'avg_latency', 'latencies')) return 'vllm-bench-latency';
  if (has(value, 'elapsed_time', 'num_requests', 'total_num_tokens')) return 'vllm-bench-throughput';
  if (has(value, 'request_throughput') && (has(value, 'median_ttft_ms') || has(value, 'ttfts'))) {
    return 'vllm-bench-serve';
  }
  if (Array.isArray(value.benchmarks)) return 'guidellm';
  return undefined;
}

/** Converts a decoded file of a known format; `format` overrides detection. */
export function importMeasurement(
  raw: unknown,
  file: string,
  options: MeasurementImportOptions & { format?: MeasurementFormat } = {},
): Result<Measurement> {
  const format = options.format ?? detectMeasurementFormat(raw);
  switch (format) {
    case 'measurement':
      return parseMeasurementFile(raw, file);
    case 'vllm-bench-latency':
      return importVllmBenchLatency(raw, file, options);
    case 'vllm-bench-throughput':
      return importVllmBenchThroughput(raw, file, options);
    case 'vllm-bench-serve':
      return importVllmBenchServe(raw, file, options);
    case 'guidellm':
      return importGuidellmReport(raw, file, options);
    case undefined: {
      const keys =
        typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw).slice(0, 8) : [];
      const issue: Issue = {
        code: 'measurement-format-unknown',
        path: file,
        details: { file, keys, known: [...MEASUREMENT_FORMATS] },
      };
      return fail(issue);
    }
  }
}

/**
 * Reads a measurement file of any supported format (native measurement JSON, `vllm bench
 * latency/throughput/serve` results, GuideLLM reports) and returns it as a `Measurement`. Unreadable
 * files and bad JSON give `file-unreadable` / `file-invalid-json`.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function readMeasurementFile(
  path: string,
  options: MeasurementImportOptions & { format?: MeasurementFormat } = {},
): Result<Measurement> {
  const raw = readJsonFile(path);
  if (!raw.ok) return raw;
  return importMeasurement(raw.value, path, options);
}
