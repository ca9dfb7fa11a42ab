import { z } from 'zod';
import { gpuEntrySchema } from './gpu-file-schema.js';
import { sourcesSchema } from './source-schema.js';

const positive = z.number().positive();

export const regionPriceSchema = z.strictObject({
  region: z.string().min(1),
  onDemandUsdPerHour: positive,
  /** One-year, no-upfront reserved price, where the source gives one. */
  reservedUsdPerHour: positive.optional(),
});

export const instanceEntrySchema = z.strictObject({
  id: z.string().min(1),
  gpuId: z.string().min(1),
  gpuCount: z.int().positive(),
  vcpus: z.int().positive(),
  hostMemoryGiB: positive,
  gpuInterconnect: z.enum(['nvlink', 'pcie', 'none']),
  prices: z.array(regionPriceSchema).min(1),
  /** Sources for this instance only (e.g. a corrected field), on top of the file's `sources`. */
  sources: sourcesSchema.optional(),
});

export type InstanceEntry = z.infer<typeof instanceEntrySchema>;

export const billingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hourly') }),
  z.strictObject({ kind: z.literal('per-second'), minimumSeconds: z.number().nonnegative() }),
]);

/** A priced catalog as stored in `data/v1/clouds/<id>.json`. */
export const cloudFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  provider: z.string().min(1),
  description: z.string().min(1),
  /** ISO date the prices were taken. */
  asOf: z.iso.date(),
  billing: billingSchema,
  defaultRegion: z.string().min(1),
  sources: sourcesSchema,
  /** Faults fixed, rows dropped, types excluded: for reviewers, not used by the parser. */
  dataNotes: z.array(z.string().min(1)).optional(),
  /** GPUs as this catalog describes them; they take precedence over the shared GPU list by id. */
  gpus: z.array(gpuEntrySchema).optional(),
  instances: z.array(instanceEntrySchema).min(1),
});

export type CloudFile = z.infer<typeof cloudFileSchema>;
