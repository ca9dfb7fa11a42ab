import { z } from 'zod';
import { fail, ok, type Result } from '../core/issue.js';
import { PRECISIONS } from '../core/precision.js';
import { DIURNAL_DEFAULTS } from './diurnal-profile.js';
import { requestSchemaIssues } from './request-schema-issues.js';

/**
 * `infersave capacity-mix` / POST /v1/capacity-mix: reserved baseline, on-demand burst and spot batch
 * capacity over a trace or a diurnal profile. Every default lives here (printed with the answer;
 * docs/economics.md).
 */
export const CAPACITY_MIX_DEFAULTS = {
  gpu: 'A100-80GB',
  cloud: 'aws',
  windowSeconds: 300,
  /** Assumed time for a new replica to load the model and start serving (not measured), as provision's. */
  scaleUpDelaySeconds: 60,
  percentile: 95,
  probeRequests: 300,
  batchFraction: 0,
  seed: 1,
} as const;

const seconds = z.number().positive().finite();
const usd = z.number().positive().finite();

export const capacityMixProfileSchema = z.strictObject({
  /** Mean arrival rate over a whole day, requests/s. */
  meanRequestsPerSecond: z.number().positive().max(1e6),
  amplitude: z.number().min(0).max(1).default(DIURNAL_DEFAULTS.amplitude),
  peakHour: z.number().min(0).max(24).default(DIURNAL_DEFAULTS.peakHour),
  days: z.number().positive().max(366).default(DIURNAL_DEFAULTS.days),
});

export const capacityMixRequestSchema = z.strictObject({
  /** A catalog model; or `modelConfig`. */
  model: z.string().min(1).optional(),
  /** A Hugging Face config.json to plan instead of a catalog model: its path (CLI; HTTP sends the object). */
  modelConfig: z.string().min(1).optional(),
  /** The id the plan names, for a config.json without a Hub id in _name_or_path. */
  servedModelName: z.string().min(1).optional(),
  precision: z.enum(PRECISIONS).optional(),
  /** One replica = one whole GPU of this type. */
  gpu: z.string().min(1).default(CAPACITY_MIX_DEFAULTS.gpu),
  /** The cloud catalog the prices come from (aws, gcp, azure, lambda). */
  cloud: z.string().min(1).default(CAPACITY_MIX_DEFAULTS.cloud),
  /** Price region (default: the cloud's default region). */
  region: z.string().min(1).optional(),
  /** Planning window; at least a minute (the four clouds bill per second with a one-minute minimum). */
  windowSeconds: z
    .number()
    .min(60, { message: 'a window of at least 1m: the clouds bill a started instance for a minute at least' })
    .max(86_400, { message: 'a window of at most 24h' })
    .default(CAPACITY_MIX_DEFAULTS.windowSeconds),
  scaleUpDelaySeconds: z.number().min(0).max(86_400).default(CAPACITY_MIX_DEFAULTS.scaleUpDelaySeconds),
  /** Latency targets at `percentile`; at least one. */
  slo: z
    .strictObject({
      ttftSeconds: seconds.optional(),
      tpotSeconds: seconds.optional(),
      e2eSeconds: seconds.optional(),
    })
    .refine((s) => Object.values(s).some((v) => v !== undefined), {
      message: 'give at least one latency target (e.g. {{sloE2eP95}} 20s)',
    }),
  percentile: z.union([z.literal(95), z.literal(99)]).default(CAPACITY_MIX_DEFAULTS.percentile),
  probeRequests: z.number().int().min(50).max(5000).default(CAPACITY_MIX_DEFAULTS.probeRequests),
  /** On-demand $ per GPU-hour (default: the catalog's cheapest instance with the GPU ÷ its GPUs). */
  usdPerGpuHour: usd.optional(),
  /** Reserved (committed) $ per GPU-hour; default: that instance's 1-year reserved price where the catalog has one. */
  reservedUsdPerGpuHour: usd.optional(),
  /** Or the commitment's discount off on-demand, 0–1 (e.g. 0.37): for clouds whose catalog has no reserved price. */
  reservedDiscount: z.number().gt(0).lt(1).optional(),
  /** Spot $ per GPU-hour (default: the catalog's spot price of that instance where it has one). */
  spotUsdPerGpuHour: usd.optional(),
  /** Share of requests that are deferrable batch work (run at full throughput, on idle reserved or spot). */
  batchFraction: z.number().min(0).max(1).default(CAPACITY_MIX_DEFAULTS.batchFraction),
  /** With batch work on spot: interruptions per instance-hour and the time to replace one (no default). */
  spotInterruptionsPerHour: z.number().min(0).max(1000).optional(),
  spotRestartSeconds: z.number().min(0).max(86_400).optional(),
  /** A diurnal profile for the demand; without it the trace's own arrivals are the demand. */
  profile: capacityMixProfileSchema.optional(),
  seed: z.number().int().min(0).default(CAPACITY_MIX_DEFAULTS.seed),
});

export type CapacityMixRequest = z.infer<typeof capacityMixRequestSchema>;

/** Flags or a body → a CapacityMixRequest with defaults, or one issue per bad field. */
export function parseCapacityMixRequest(
  raw: unknown,
  fieldToFlag: (path: string) => string = (p) => p,
): Result<CapacityMixRequest> {
  const parsed = capacityMixRequestSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return fail(...requestSchemaIssues(parsed.error, fieldToFlag));
}
