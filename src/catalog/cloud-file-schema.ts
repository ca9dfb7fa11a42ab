import { z } from 'zod';
import { gpuEntrySchema } from './gpu-file-schema.js';
import { sourcesSchema } from './source-schema.js';

const positive = z.number().positive();

export const regionPriceSchema = z.strictObject({
  region: z.string().min(1),
  onDemandUsdPerHour: positive,
  /** One-year, no-upfront reserved price, where the source gives one. */
  reservedUsdPerHour: positive.optional(),
  /** Spot (preemptible) price where the source gives one; absent means no spot price is known. */
  spotUsdPerHour: positive.optional(),
  /** Zones of the region that offer this price, where the source lists zones. */
  zones: z.array(z.string().min(1)).min(1).optional(),
});

export const instanceEntrySchema = z.strictObject({
  id: z.string().min(1),
  gpuId: z.string().min(1),
  gpuCount: z.int().positive(),
  vcpus: z.int().positive(),
  hostMemoryGiB: positive,
  gpuInterconnect: z.enum(['nvlink', 'pcie', 'none']),
  /** The host CPU's architecture where it is not x86_64 (AWS G5g: Graviton2, arm64), with a source. */
  cpuArchitecture: z.enum(['x86_64', 'arm64']).optional(),
  prices: z.array(regionPriceSchema).min(1),
  /**
   * How to launch it when that is not just `id`: the provider's machine type to start (GCP hosts that
   * take attached GPUs) and the provider's (SkyPilot's) accelerator name, for deployable output.
   */
  launch: z
    .strictObject({
      instanceType: z.string().min(1),
      acceleratorName: z.string().min(1),
      acceleratorCount: z.int().positive(),
    })
    .optional(),
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
  /**
   * `cloud` (the default): one provider's current prices, part of the multi-cloud catalog that `--cloud`
   * selects from; `snapshot`: a frozen price set (such as a paper's) used only when named with `--catalog`.
   */
  role: z.enum(['cloud', 'snapshot']).optional(),
  /** A cloud left out unless the user names it (`--cloud vast`): e.g. a marketplace not comparable to the others. */
  optIn: z.boolean().optional(),
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
