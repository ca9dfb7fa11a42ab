import { z } from 'zod';
import type { EngineProfile } from '../core/engine-profile.js';
import { fail, ok, type Result } from '../core/issue.js';
import { QUANTIZATION_FORMATS } from '../core/quantization-support.js';
import { schemaIssues } from './schema-issues.js';
import { sourcesSchema } from './source-schema.js';

const seconds = z.number().finite().nonnegative();

const stepOverheadsSchema = z.strictObject({
  prefillKernelScale: z.number().finite().positive(),
  decodeKernelScale: z.number().finite().positive(),
  perStepSeconds: seconds,
  perSequenceSeconds: seconds,
  perLayerSeconds: seconds,
  tensorParallelSecondsPerLayer: seconds,
});

/**
 * `data/v1/engines/<engine>.json`: one serving engine's KV-cache and scheduler defaults, offload support,
 * fitted step overheads (written by scripts/step-model, which rewrites only `stepOverheads` and
 * `stepOverheadsFit`), the values transferred from another engine, and sources. Sections owned by
 * other features (quantization support, admission details) are added here as fields of their own.
 */
export const engineFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  description: z.string().min(1),
  kvCache: z.strictObject({
    blockSizeTokens: z.number().int().positive(),
    gpuMemoryUtilization: z.number().gt(0).lte(1),
    admission: z.enum([
      'on-demand-preempt-recompute',
      'reserve-whole-sequence',
      'estimated-ratio-retract',
      'static-batch',
    ]),
  }),
  scheduler: z.strictObject({
    defaultMaxBatchedTokens: z.number().int().positive(),
    chunkedPrefill: z.boolean(),
  }),
  offload: z.strictObject({
    supported: z.boolean(),
    mechanism: z.enum(['none', 'kv-connector', 'flexgen-policy']),
  }),
  stepOverheads: z
    .strictObject({
      default: stepOverheadsSchema,
      byGpu: z.record(z.string().min(1), stepOverheadsSchema),
    })
    .optional(),
  /** The fit's own report (points, errors, groups); read by docs, not by predictions. */
  stepOverheadsFit: z.record(z.string(), z.unknown()).optional(),
  /** What each quantization format needs, from the engine's documented support table (pinned version). */
  quantization: z
    .strictObject({
      engineVersion: z.string().min(1),
      computeCapabilityByArchitecture: z.record(z.string().min(1), z.number().positive()),
      formats: z.partialRecord(
        z.enum(QUANTIZATION_FORMATS),
        z.strictObject({ minComputeCapability: z.number().positive() }),
      ),
    })
    .optional(),
  transferred: z.array(
    z.strictObject({
      fields: z.array(z.string().min(1)).min(1),
      fromEngine: z.string().min(1),
      reason: z.string().min(1),
    }),
  ),
  sources: sourcesSchema,
});

/** Parses one engine file; every problem at once, with the file in its details. */
export function parseEngineFile(raw: unknown, file?: string): Result<EngineProfile> {
  const parsed = engineFileSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      ...schemaIssues(parsed.error).map((i) => (file ? { ...i, details: { ...i.details, file } } : i)),
    );
  }
  const { schemaVersion: _v, stepOverheadsFit: _fit, ...profile } = parsed.data;
  return ok(profile);
}
