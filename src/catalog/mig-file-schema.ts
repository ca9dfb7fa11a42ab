import { z } from 'zod';
import { sourcesSchema } from './source-schema.js';

const fraction = z.number().gt(0).lte(1);
const slices = z.number().int().min(1).max(8);

/** One MIG GPU-instance profile in data/v1/mig.json (see data/README.md). */
export const migProfileEntrySchema = z.strictObject({
  name: z.string().regex(/^\d+g\.\d+gb(\+me)?$/),
  computeSlices: slices,
  memorySlices: slices,
  memoryGiB: z.number().positive(),
  smCount: z.number().int().positive().optional(),
  maxInstances: z.number().int().min(1).max(7),
  placement: z.strictObject({
    startSlices: z.array(z.number().int().min(0).max(7)).min(1),
    sizeSlices: slices,
  }),
  computeFraction: fraction,
  memoryBandwidthFraction: fraction,
  priceShare: fraction,
  estimated: z.array(z.string().min(1)),
  sources: sourcesSchema,
});

export const migFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  description: z.string().min(1),
  gpus: z.array(
    z.strictObject({
      gpuId: z.string().min(1),
      sourceFamily: z.string().min(1),
      totalComputeSlices: z.number().int().positive(),
      totalMemorySlices: z.number().int().positive(),
      fullGpuSmCount: z.number().int().positive().optional(),
      knownValidLayouts: z.array(
        z.strictObject({
          name: z.string().min(1),
          profiles: z.record(z.string(), z.number().int().positive()),
        }),
      ),
      profiles: z.array(migProfileEntrySchema).min(1),
      sources: sourcesSchema,
    }),
  ),
});
