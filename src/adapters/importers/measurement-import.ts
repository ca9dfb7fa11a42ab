import type { z } from 'zod';
import { parseMeasurementFile } from '../../catalog/measurement-file.js';
import { formatPath } from '../../catalog/schema-issues.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import type { Measurement } from '../../core/measurement.js';
import type { Precision } from '../../core/precision.js';

/** The benchmark-tool formats an importer understands, as named in issues and `--format`. */
export type MeasurementFormat =
  | 'measurement'
  | 'vllm-bench-latency'
  | 'vllm-bench-throughput'
  | 'vllm-bench-serve'
  | 'guidellm';

/**
 * What a benchmark file does not say and the caller must: the setup it ran on, and for the offline vLLM
 * benchmarks the command's arguments. An importer that needs one of these and lacks it refuses with
 * `measurement-option-missing` naming it; it never guesses.
 */
export interface MeasurementImportOptions {
  /** Catalog GPU id (e.g. `H100-SXM`). */
  gpu?: string;
  gpuCount?: number;
  instance?: string;
  /** Catalog model id or Hugging Face repo id; `vllm bench serve` files carry their own `model_id`. */
  model?: string;
  precision?: Precision;
  tensorParallel?: number;
  /** Serving engine behind a GuideLLM run (e.g. `vllm`); `unknown` when not given. */
  engine?: string;
  /** Engine version (`vllm --version`); `unknown` when not given (the files do not record it). */
  engineVersion?: string;
  /** The benchmark command line, kept in provenance. */
  command?: string;
  /** `vllm bench latency/throughput`: `--batch-size` (latency) and `--input-len` / `--output-len`. */
  batchSize?: number;
  inputLen?: number;
  outputLen?: number;
  /**
   * Median prefill time (seconds) of the same batch and input length, from a `--output-len 1` latency
   * run: lets a longer run's decode steps be separated from its prefill.
   */
  prefillSeconds?: number;
  /** `vllm bench throughput`: the engine's `--max-num-seqs` (all requests must fit in one batch). */
  maxNumSeqs?: number;
  /** `vllm bench serve`: `--max-concurrency`, when the result file has none. */
  concurrency?: number;
}

/** The hardware/model part of a `Measurement`, from the options, or one issue per missing option. */
export interface MeasurementSetup {
  hardware: Measurement['hardware'];
  model: Measurement['model'];
  precision: Precision;
  tensorParallel: number;
}

export function missingOption(file: string, format: MeasurementFormat, option: string, why?: string): Issue {
  const details: NonNullable<Issue['details']> = { file, format, option };
  if (why !== undefined) details.why = why;
  return { code: 'measurement-option-missing', path: option, details };
}

type NumericOption = 'batchSize' | 'inputLen' | 'outputLen' | 'maxNumSeqs';

/**
 * The numeric options a format needs (keyed by option, valued by the benchmark flag it mirrors): their
 * values, or one `measurement-option-missing` issue per absent option.
 */
export function requireNumbers<K extends NumericOption>(
  options: MeasurementImportOptions,
  file: string,
  format: MeasurementFormat,
  flags: Record<K, string>,
): { values: Record<K, number>; issues: [] } | { values: undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const values = {} as Record<K, number>;
  for (const key of Object.keys(flags) as K[]) {
    const value = options[key];
    if (value === undefined) issues.push(missingOption(file, format, key, flags[key]));
    else values[key] = value;
  }
  return issues.length > 0 ? { values: undefined, issues } : { values, issues: [] };
}

export function requireSetup(
  options: MeasurementImportOptions,
  file: string,
  format: MeasurementFormat,
  fileModel?: string,
): Result<MeasurementSetup> {
  const model = options.model ?? fileModel;
  const { gpu, gpuCount, precision, tensorParallel } = options;
  const missing: Issue[] = [];
  if (gpu === undefined) missing.push(missingOption(file, format, 'gpu'));
  if (gpuCount === undefined) missing.push(missingOption(file, format, 'gpuCount'));
  if (model === undefined) missing.push(missingOption(file, format, 'model'));
  if (precision === undefined) missing.push(missingOption(file, format, 'precision'));
  if (tensorParallel === undefined) missing.push(missingOption(file, format, 'tensorParallel'));
  if (
    gpu === undefined ||
    gpuCount === undefined ||
    model === undefined ||
    precision === undefined ||
    tensorParallel === undefined
  ) {
    return fail(...missing);
  }
  const hardware: Measurement['hardware'] = { gpu, gpuCount };
  if (options.instance !== undefined) hardware.instance = options.instance;
  return ok({ hardware, model: { id: model }, precision, tensorParallel });
}

/** A tool file that does not have the shape its format promises: one issue per problem. */
export function formatIssues(error: z.ZodError, file: string, format: MeasurementFormat): Issue[] {
  return error.issues.map((issue): Issue => {
    const path = formatPath(issue.path);
    return {
      code: 'measurement-import-invalid',
      path: path === '' ? '(root)' : path,
      message: issue.message,
      details: { file, format },
    };
  });
}

/** The importer's result checked against the measurement schema, so no importer can emit a bad file. */
export function validated(measurement: Measurement, file: string): Result<Measurement> {
  return parseMeasurementFile(measurement, file);
}
