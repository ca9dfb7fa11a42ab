import { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { EfficiencyProfile } from '../core/operator-work.js';
import { schemaIssues } from './schema-issues.js';
import { sourcesSchema } from './source-schema.js';

/**
 * data/v1/efficiency.json: the roofline factors fitted per GPU by scripts/fit-efficiency.ts (method and
 * errors in docs/efficiency-fit.md), plus the transferred `fallback` for GPUs without measurements.
 */

const fraction = z.number().gt(0).lte(1);

const operatorEfficiencySchema = z.strictObject({
  computeEfficiency: fraction,
  memoryEfficiency: fraction,
  fixedSeconds: z.number().nonnegative().finite(),
});

/** GPU counts as strings: "2", "4", "8". */
const gpuCountKey = z.string().regex(/^[1-9][0-9]*$/, 'a GPU count such as "2"');

const allReduceCostSchema = z.strictObject({
  latencySeconds: z.number().nonnegative().finite(),
  busBytesPerSecond: z.number().positive().finite(),
});

/** A measured GEMM dtype's factors; `transferredFrom` names the GPUs whose median it is. */
const dtypeEfficiencySchema = operatorEfficiencySchema.extend({
  transferredFrom: z.array(z.string().min(1)).min(1).optional(),
});

function profileSchema<Estimated extends boolean>(estimated: Estimated) {
  return z.strictObject({
    gemm: operatorEfficiencySchema,
    gemmByDtype: z
      .strictObject({
        fp8: dtypeEfficiencySchema.optional(),
        fp8_block: dtypeEfficiencySchema.optional(),
        nvfp4: dtypeEfficiencySchema.optional(),
      })
      .optional(),
    prefillAttention: operatorEfficiencySchema,
    decodeAttention: operatorEfficiencySchema,
    allReduce: z.record(gpuCountKey, allReduceCostSchema),
    estimated: z.literal(estimated),
  });
}

const errorSummarySchema = z.object({
  samples: z.number().int().nonnegative(),
  medianAbsPctError: z.number().nonnegative(),
  p90AbsPctError: z.number().nonnegative(),
});

const kernelFitSchema = errorSummarySchema.extend({
  trainSamples: z.number().int().positive(),
  testSamples: z.number().int().positive(),
  byRegime: z.object({ compute: errorSummarySchema.optional(), memory: errorSummarySchema.optional() }),
});

const classErrorsSchema = z.object({
  gemm: errorSummarySchema,
  prefillAttention: errorSummarySchema,
  decodeAttention: errorSummarySchema,
  allReduce: z.record(gpuCountKey, errorSummarySchema),
});

const measuredGpuSchema = z.object({
  profile: profileSchema(false),
  peakUsed: z.strictObject({
    fp16FlopPerSecond: z.number().positive().finite(),
    fp8FlopPerSecond: z.number().positive().finite().optional(),
    fp4FlopPerSecond: z.number().positive().finite().optional(),
    hbmBytesPerSecond: z.number().positive().finite(),
  }),
  fit: z.object({
    gemm: kernelFitSchema,
    prefillAttention: kernelFitSchema,
    decodeAttention: kernelFitSchema,
    allReduce: z.record(gpuCountKey, errorSummarySchema),
  }),
});

export const efficiencyFileSchema = z.object({
  schemaVersion: z.literal(1),
  generatedBy: z.string().min(1),
  sources: sourcesSchema,
  gpus: z.record(z.string().min(1), measuredGpuSchema),
  fallback: z.object({
    profile: profileSchema(true),
    derivedFrom: z.array(z.string().min(1)).min(1),
    leaveOneGpuOut: z.record(z.string().min(1), classErrorsSchema),
  }),
});

export interface EfficiencyProfiles {
  byGpuId: Record<string, EfficiencyProfile>;
  fallback: EfficiencyProfile;
}

function unknownGpuIssues(
  ids: readonly string[],
  known: ReadonlySet<string>,
  pathOf: (id: string, index: number) => string,
) {
  return ids.flatMap((id, index): Issue[] =>
    known.has(id)
      ? []
      : [
          {
            code: 'catalog-inconsistent',
            path: pathOf(id, index),
            message: `'${id}' is not one of the fitted GPUs`,
            details: { gpuId: id, known: [...known].sort() },
          },
        ],
  );
}

/** Validates an efficiency file; every problem comes back as an Issue with its path. Never throws. */
export function parseEfficiencyFile(raw: unknown): Result<EfficiencyProfiles> {
  const parsed = efficiencyFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const file = parsed.data;
  const known = new Set(Object.keys(file.gpus));
  const issues = [
    ...unknownGpuIssues(file.fallback.derivedFrom, known, (_, index) => `fallback.derivedFrom[${index}]`),
    ...unknownGpuIssues(
      Object.keys(file.fallback.leaveOneGpuOut),
      known,
      (id) => `fallback.leaveOneGpuOut.${id}`,
    ),
  ];
  if (issues.length > 0) return fail(...issues);
  const byGpuId: Record<string, EfficiencyProfile> = {};
  for (const [gpuId, entry] of Object.entries(file.gpus)) byGpuId[gpuId] = entry.profile;
  return ok({ byGpuId, fallback: file.fallback.profile });
}
