import { z } from 'zod';
import { sourcesSchema } from './source-schema.js';

/** One model as stored in `data/v1/models.json`: its Hugging Face `config.json`, verbatim field names. */
export const modelEntrySchema = z.strictObject({
  /** The Hugging Face repo id, e.g. `meta-llama/Llama-3.1-8B`. */
  id: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  /** The parameter count the model's authors publish (model card or paper). */
  publishedParameterCount: z.int().positive().optional(),
  sources: sourcesSchema,
});

/** @internal Not used by the shipped code: kept for tests and build scripts (knip --production). */
export type ModelEntry = z.infer<typeof modelEntrySchema>;

export const modelsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  description: z.string().min(1),
  models: z.array(modelEntrySchema).min(1),
});
