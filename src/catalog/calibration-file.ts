import { z } from 'zod';
import type { Calibration } from '../core/calibration.js';
import { fail, ok, type Result } from '../core/issue.js';
import { schemaIssues } from './schema-issues.js';

const rangeSchema = z
  .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });

const entrySchema = z
  .object({
    instance: z.string().min(1).optional(),
    gpu: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    tensorParallel: z.number().int().positive().optional(),
    precision: z.string().min(1).optional(),
    engine: z.string().min(1).optional(),
    stage: z.enum(['prefill', 'decode']),
    alpha: z.number().positive(),
    betaSeconds: z.number().finite(),
    curve: z
      .object({
        kind: z.enum(['distserve-prefill', 'distserve-decode']),
        a: z.number().finite(),
        b: z.number().finite(),
        c: z.number().finite(),
      })
      .optional(),
    engineOverheads: z.literal('kept').optional(),
    fit: z
      .object({
        points: z.number().int().nonnegative(),
        meanAbsPctError: z.number().nonnegative(),
        cvMeanAbsPctError: z.number().nonnegative().nullable().optional(),
        range: z
          .object({ batchSize: rangeSchema, inputTokens: rangeSchema, contextTokens: rangeSchema })
          .optional(),
      })
      .optional(),
  })
  .refine((e) => e.instance !== undefined || e.gpu !== undefined, {
    message: 'each entry needs an "instance" or a "gpu" it applies to',
  })
  .refine((e) => e.curve === undefined || (e.curve.b >= 0 && e.curve.c >= 0), {
    message:
      'a step-time curve must not get faster with more tokens, context or sequences: "b" and "c" must be ≥ 0',
    path: ['curve'],
  })
  .refine((e) => e.curve === undefined || e.curve.a + e.curve.b + e.curve.c > 0, {
    message: 'a step-time curve must give a positive time for one sequence of one token (a + b + c > 0)',
    path: ['curve'],
  });

const sourceSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  fields: z.array(z.string()).optional(),
  note: z.string().optional(),
});

/** The calibration file format (`infersave calibrate` writes it; `--calibration file.json` reads it). */
export const calibrationFileSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  description: z.string(),
  predictors: z.record(z.string(), z.array(entrySchema)),
  sources: z.array(sourceSchema).default([]),
});

export function parseCalibrationFile(raw: unknown, file?: string): Result<Calibration> {
  const parsed = calibrationFileSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      ...schemaIssues(parsed.error).map((i) => (file ? { ...i, details: { ...i.details, file } } : i)),
    );
  }
  const { id, description, predictors, sources } = parsed.data;
  return ok({ id, description, predictors, sources });
}
