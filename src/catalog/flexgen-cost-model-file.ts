import { z } from 'zod';
import type { FlexgenCostModelData } from '../core/flexgen-cost-model.js';
import { fail, ok, type Result } from '../core/issue.js';
import { schemaIssues } from './schema-issues.js';
import { sourcesSchema } from './source-schema.js';

const rate = z.number().finite().positive();

/** `data/v1/flexgen-cost-model.json` (built by scripts/build-data.ts from FlexGen's fitted T4 constants). */
const flexgenCostModelFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  description: z.string().min(1),
  referenceGpu: z.strictObject({
    id: z.string().min(1),
    fp16FlopPerSecond: rate,
    hbmBytesPerSecond: rate,
    pcieBytesPerSecondPerDirection: rate,
  }),
  constants: z.strictObject({
    cpuToGpuBytesPerSecond: rate,
    gpuToCpuCacheBytesPerSecond: rate,
    gpuToCpuHiddenBytesPerSecond: rate,
    prefillMatmulFlopPerSecond: rate,
    decodeMatmulFlopPerSecond: rate,
    prefillAttentionFlopPerSecond: rate,
    decodeAttentionFlopPerSecond: rate,
    cpuAttentionFlopPerSecond: rate,
    cpuFlopsCorrection: z.strictObject({
      c1: z.number().finite(),
      c2: z.number().finite(),
      c3: z.number().finite(),
    }),
  }),
  memoryRelaxation: z.number().gt(0).lte(1),
  sources: sourcesSchema,
});

/** Parses the FlexGen cost-model file; every problem at once. */
export function parseFlexgenCostModelFile(raw: unknown): Result<FlexgenCostModelData> {
  const parsed = flexgenCostModelFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const { schemaVersion: _v, description: _d, ...data } = parsed.data;
  return ok(data);
}
