import { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { Measurement, MeasurementSample } from '../core/measurement.js';
import { PRECISIONS } from '../core/precision.js';
import { schemaIssues } from './schema-issues.js';

const positive = (description: string) => z.number().positive().describe(description);

const sampleSchema = z
  .strictObject({
    stage: z
      .enum(['prefill', 'decode'])
      .describe('prefill: the prompt pass; decode: one new token per sequence'),
    batchSize: positive('sequences in the step (a mean, possibly fractional, for serving-derived samples)'),
    inputTokens: positive('prefill: prompt tokens per sequence; decode: 1'),
    contextTokens: positive('tokens each sequence attends to: prompt length (prefill), KV length (decode)'),
    offloadFraction: z.number().min(0).max(1).describe('share of the KV cache held in host memory, 0–1'),
    seconds: positive('measured wall time of the step in seconds (median of repeats where known)'),
    powerWatts: positive('mean board power during the step, watts').optional(),
    smClockMHz: positive('SM clock during the step, MHz').optional(),
  })
  .refine((s) => s.contextTokens >= s.inputTokens, {
    message: 'contextTokens must be at least inputTokens (a sequence attends to its own new tokens)',
    path: ['contextTokens'],
  });

const servingRunSchema = z
  .strictObject({
    concurrency: positive('requests in flight (the benchmark’s concurrency)'),
    inputTokens: positive('mean prompt tokens per request'),
    outputTokens: positive('mean output tokens per request'),
    ttftSeconds: positive('median time to first token, seconds'),
    tpotSeconds: positive('median time per output token after the first, seconds'),
    requests: z.number().int().positive().describe('requests completed'),
  })
  .describe('one closed-loop serving run, end to end at the client');

/** The measurement file format (docs/measurements.md): mirrors `Measurement` in src/core/measurement.ts. */
export const measurementSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    hardware: z.strictObject({
      gpu: z.string().min(1).describe('catalog GPU id (e.g. H100-SXM), else the name the device reports'),
      gpuCount: z.number().int().positive(),
      instance: z.string().min(1).optional().describe('cloud instance type, when known'),
    }),
    software: z.strictObject({
      engine: z.string().min(1).describe('e.g. vllm, infersave-profiler'),
      version: z.string().min(1),
      notes: z.string().optional().describe('what the numbers include and how they were derived'),
    }),
    model: z.strictObject({
      id: z.string().min(1).describe('catalog model id or Hugging Face repo id'),
      config: z.record(z.string(), z.unknown()).optional().describe('Hugging Face config.json fields'),
    }),
    precision: z.enum(PRECISIONS),
    tensorParallel: z.number().int().positive(),
    samples: z.array(sampleSchema).min(1, 'a measurement needs at least one sample'),
    servingRuns: z
      .array(servingRunSchema)
      .optional()
      .describe(
        'the serving runs the samples were derived from (calibrate fits these through the simulator)',
      ),
    provenance: z.strictObject({
      source: z.string().min(1).describe('tool that produced the numbers'),
      date: z.string().optional(),
      command: z.string().optional(),
      file: z.string().optional(),
    }),
  })
  .describe('InferSave timing measurements: one model on one hardware and software setup');

type Parsed = z.infer<typeof measurementSchema>;
// Compile-time proof that the schema and the shared `Measurement` type describe the same thing.
const _toMeasurement = (value: Parsed): Measurement => value;
const _toParsed = (value: Measurement): Parsed => value;
void _toMeasurement;
void _toParsed;

/**
 * The JSON Schema of the measurement file (docs/schemas/measurement.schema.json), from zod's own converter.
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function measurementJsonSchema(): Record<string, unknown> {
  return {
    title: 'InferSave measurement',
    ...z.toJSONSchema(measurementSchema, { io: 'input' }),
  };
}

/**
 * Parses a decoded measurement file. Every problem is reported (code `measurement-invalid`, the path as
 * `samples[12].seconds`, the file and the sample index in the details); nothing is returned unless the
 * whole file is valid.
 */
export function parseMeasurementFile(raw: unknown, file: string): Result<Measurement> {
  const parsed = measurementSchema.safeParse(raw);
  if (!parsed.success) return fail(...measurementIssues(parsed.error, file));
  const { samples, servingRuns, ...rest } = parsed.data;
  return ok({
    ...rest,
    samples: samples.map((sample): MeasurementSample => ({ ...sample })),
    ...(servingRuns ? { servingRuns: servingRuns.map((run) => ({ ...run })) } : {}),
  });
}

function measurementIssues(error: z.ZodError, file: string): Issue[] {
  return schemaIssues(error).map((issue, i): Issue => {
    const zodPath = error.issues[i]?.path ?? [];
    const details: NonNullable<Issue['details']> = { ...issue.details, file };
    if (zodPath[0] === 'samples' && typeof zodPath[1] === 'number') details.sampleIndex = zodPath[1];
    return { ...issue, code: 'measurement-invalid', details };
  });
}
