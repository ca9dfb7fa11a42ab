import { z } from 'zod';
import { fail, ok, type Result } from '../core/issue.js';
import type { ErrorBandsData } from '../core/prediction-band.js';
import { schemaIssues } from './schema-issues.js';
import { sourcesSchema } from './source-schema.js';

const ratio = z.number().finite().positive();

const bandSchema = z.strictObject({
  engineGroup: z.string().min(1),
  gpuId: z.string().min(1),
  tensorParallel: z.union([z.number().int().positive(), z.literal('all')]),
  stage: z.enum(['prefill', 'decode']),
  n: z.number().int().positive(),
  groups: z.number().int().positive(),
  medianAbsPct: z.number().finite().nonnegative(),
  p90AbsPct: z.number().finite().nonnegative(),
  biasPct: z.number().finite(),
  measuredOverPredictedP10: ratio,
  measuredOverPredictedP50: ratio,
  measuredOverPredictedP90: ratio,
});

const rangeSchema = z.strictObject({
  engineGroup: z.string().min(1),
  gpuIds: z.array(z.string().min(1)).min(1),
  tensorParallel: z.array(z.number().int().positive()).min(1),
  precisions: z.array(z.string().min(1)).min(1),
  models: z.array(z.string().min(1)).min(1),
  prefillBatchTokensMax: z.number().int().positive(),
  decodeBatchMax: z.number().int().positive(),
  decodeContextTokensMax: z.number().int().positive(),
});

/** `data/v1/error-bands.json` (written by scripts/fit-step-model.ts; docs/step-model.md). */
export const errorBandsFileSchema = z.strictObject({
  schemaVersion: z.literal(2),
  generatedBy: z.string().min(1),
  method: z.string().min(1),
  bands: z.array(bandSchema).min(1),
  fittedRanges: z.array(rangeSchema).min(1),
  sources: sourcesSchema,
});

export function parseErrorBandsFile(raw: unknown, path = 'error-bands.json'): Result<ErrorBandsData> {
  const parsed = errorBandsFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error, path));
  const { bands, fittedRanges } = parsed.data;
  return ok({ bands, fittedRanges });
}
