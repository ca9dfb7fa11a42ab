import { z } from 'zod';
import { sourcesSchema } from './source-schema.js';

const positive = z.number().positive();

/** The memory keys a GPU entry may use; exactly one, in the unit its source publishes. */
export const GPU_MEMORY_KEYS = ['memoryGB', 'memoryGiB', 'memoryMiB'] as const;

/**
 * One GPU as stored in `data/v1/gpus.json` (and in a cloud file's own `gpus`). Peaks are dense
 * (no 2:4 sparsity); `fp32Tflops` is the CUDA-core (non-tensor) FP32 peak; `fp16DenseTflops` the
 * fp16/bf16 tensor-core peak; bandwidths are per direction.
 */
export const gpuEntrySchema = z
  .strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    architecture: z.string().min(1),
    memoryGB: positive.optional(),
    memoryGiB: positive.optional(),
    memoryMiB: positive.optional(),
    hbmGBPerSecond: positive,
    fp32Tflops: positive,
    fp16DenseTflops: positive,
    fp8DenseTflops: positive.optional(),
    /** Dense FP4 (NVFP4/MXFP4) tensor-core peak, Blackwell and later. */
    fp4DenseTflops: positive.optional(),
    int8DenseTops: positive.optional(),
    pcieGBPerSecondPerDirection: positive,
    nvlinkGBPerSecondPerDirection: positive.optional(),
    tdpWatts: positive,
    sources: sourcesSchema,
  })
  .superRefine((gpu, ctx) => {
    const present = GPU_MEMORY_KEYS.filter((key) => gpu[key] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: present.length > 1 ? [present[1] ?? 'memoryGiB'] : [],
        message:
          present.length === 0
            ? `one memory key is required: ${GPU_MEMORY_KEYS.join(', ')}`
            : `only one memory key is allowed, found ${present.join(' and ')}`,
      });
    }
  });

export type GpuEntry = z.infer<typeof gpuEntrySchema>;

export const gpuFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  description: z.string().min(1),
  gpus: z.array(gpuEntrySchema).min(1),
});
