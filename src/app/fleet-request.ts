import { z } from 'zod';
import { fail, ok, type Result } from '../core/issue.js';
import { PRECISIONS } from '../core/precision.js';
import { requestSchemaIssues } from './request-schema-issues.js';

/**
 * `infersave fleet` / POST /v1/fleet: the cheapest mix of instance types for a request-size distribution
 * at a rate within latency SLOs. Every default lives here (printed with the answer; docs/economics.md).
 *
 * Size buckets: a request with p prompt tokens and o output tokens falls in input range i when
 * edge[i−1] < p ≤ edge[i] (the first range starts at 1, the last is open above), and likewise for outputs;
 * buckets are the input × output ranges. The defaults split prompts at 512, 2048 and 8192 tokens and
 * outputs at 128 and 512: 12 buckets, of which only those with requests count.
 */
export const FLEET_DEFAULTS = {
  inputBucketEdges: [512, 2048, 8192],
  outputBucketEdges: [128, 512],
  pricing: 'on-demand',
  percentile: 95,
  /** Requests per capacity probe (Poisson arrivals with the bucket's own sizes). */
  probeRequests: 200,
  /** Requests of the synthetic replay when the sizes come as a distribution (a trace replays itself). */
  replayRequests: 2000,
  /** 0: solve exactly. */
  mipRelativeGap: 0,
  /** The best fleet found by then is returned, marked as not proven optimal. */
  timeLimitSeconds: 30,
  seed: 1,
} as const;

const edges = z
  .array(z.number().int().positive())
  .max(32)
  .refine((e) => e.every((x, i) => i === 0 || x > (e[i - 1] as number)), {
    message: 'bucket edges must be strictly ascending token counts (e.g. 512,2048,8192)',
  });

/** One row of a request-size distribution: a size and its relative weight (any positive scale). */
export const fleetDistributionRowSchema = z.strictObject({
  inputTokens: z.number().int().positive(),
  outputTokens: z.number().int().positive(),
  weight: z.number().min(0).finite(),
});
export type FleetDistributionRow = z.infer<typeof fleetDistributionRowSchema>;

export const fleetRequestSchema = z.strictObject({
  model: z.string().min(1),
  precision: z.enum(PRECISIONS).optional(),
  /** Providers to rent from (default: every cloud catalog not opt-in). */
  clouds: z.array(z.string().min(1)).optional(),
  /** One region per cloud, `region` or `cloud:region` (default: each cloud's default region). */
  regions: z.array(z.string().min(1)).optional(),
  /** Instance id patterns (`g5.*,a2-*`); default all. */
  instances: z.array(z.string().min(1)).optional(),
  pricing: z.enum(['on-demand', 'reserved', 'spot']).default(FLEET_DEFAULTS.pricing),
  /** With spot: interruptions per instance-hour and the time to replace one (both required; no default). */
  spotInterruptionsPerHour: z.number().positive().finite().optional(),
  spotRestartSeconds: z.number().positive().finite().optional(),
  /** Latency targets at `percentile`; at least one. */
  slo: z
    .strictObject({
      ttftSeconds: z.number().positive().optional(),
      tpotSeconds: z.number().positive().optional(),
      e2eSeconds: z.number().positive().optional(),
    })
    .refine((s) => Object.values(s).some((v) => v !== undefined), {
      message: 'give at least one latency target (e.g. {{sloE2eP95}} 20s)',
    }),
  percentile: z.union([z.literal(95), z.literal(99)]).default(FLEET_DEFAULTS.percentile),
  /** Total arrival rate; default a trace's own mean rate (required with a distribution). */
  requestsPerSecond: z.number().positive().finite().optional(),
  inputBucketEdges: edges.default([...FLEET_DEFAULTS.inputBucketEdges]),
  outputBucketEdges: edges.default([...FLEET_DEFAULTS.outputBucketEdges]),
  /**
   * Plan on this share of each type's simulated capacity. Omit to search: 100 %, then ×0.9 per try until
   * the replay meets the targets (not below 30 %).
   */
  maxUtilization: z.number().gt(0).max(1).optional(),
  /** Mélange's slice factor: each bucket in k equal slices, each on one type; omit to split freely. */
  sliceFactor: z.number().int().min(1).max(64).optional(),
  probeRequests: z.number().int().min(50).max(5000).default(FLEET_DEFAULTS.probeRequests),
  replayRequests: z.number().int().min(100).max(100_000).default(FLEET_DEFAULTS.replayRequests),
  mipRelativeGap: z.number().min(0).max(0.1).default(FLEET_DEFAULTS.mipRelativeGap),
  timeLimitSeconds: z.number().positive().max(600).default(FLEET_DEFAULTS.timeLimitSeconds),
  seed: z.number().int().min(0).default(FLEET_DEFAULTS.seed),
});

export type FleetRequest = z.infer<typeof fleetRequestSchema>;

/** Flags or a body → a FleetRequest with defaults, or one issue per bad field. */
export function parseFleetRequest(
  raw: unknown,
  fieldToFlag: (path: string) => string = (p) => p,
): Result<FleetRequest> {
  const parsed = fleetRequestSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return fail(...requestSchemaIssues(parsed.error, fieldToFlag));
}
