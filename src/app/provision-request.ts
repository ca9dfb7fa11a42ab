import { z } from 'zod';
import { fail, ok, type Result } from '../core/issue.js';
import { PRECISIONS } from '../core/precision.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS } from '../sim/query-type.js';
import { requestSchemaIssues } from './request-schema-issues.js';

/**
 * `infersave provision` / POST /v1/provision: OASIS's runtime provisioning over a trace. Every default
 * lives here (printed with the answer; documented in docs/oasis.md).
 */
export const PROVISION_DEFAULTS = {
  gpu: 'A100-80GB',
  windowSeconds: 300,
  /** Assumed time for a new replica to load the model and start serving (not measured). */
  scaleUpDelaySeconds: 60,
  percentile: 95,
  queryTypeThresholdTokens: DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS,
  probeRequests: 300,
  pue: 1,
  seed: 1,
} as const;

const seconds = z.number().positive();

export const provisionRequestSchema = z.strictObject({
  model: z.string().min(1),
  precision: z.enum(PRECISIONS).optional(),
  gpu: z.string().min(1).default(PROVISION_DEFAULTS.gpu),
  /** MIG profiles provisioning may use below one GPU (default: every profile of the GPU without media extensions); [] for whole GPUs only. */
  migProfiles: z.array(z.string().min(1)).optional(),
  windowSeconds: seconds.default(PROVISION_DEFAULTS.windowSeconds),
  scaleUpDelaySeconds: z.number().min(0).default(PROVISION_DEFAULTS.scaleUpDelaySeconds),
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
  percentile: z.union([z.literal(95), z.literal(99)]).default(PROVISION_DEFAULTS.percentile),
  queryTypeThresholdTokens: z.number().int().positive().default(PROVISION_DEFAULTS.queryTypeThresholdTokens),
  probeRequests: z.number().int().min(50).max(5000).default(PROVISION_DEFAULTS.probeRequests),
  usdPerGpuHour: z.number().positive().optional(),
  /** Fixed board power of each billed GPU, W; default: the power model at each window's simulated activity. */
  gpuWatts: z.number().positive().optional(),
  pue: z.number().min(1).max(3).default(PROVISION_DEFAULTS.pue),
  /** Grid carbon intensity; without it no emissions are reported. */
  gridGco2PerKwh: z.number().min(0).optional(),
  seed: z.number().int().min(0).default(PROVISION_DEFAULTS.seed),
});

export type ProvisionRequest = z.infer<typeof provisionRequestSchema>;

/** Flags or a body → a ProvisionRequest with defaults, or one issue per bad field. */
export function parseProvisionRequest(
  raw: unknown,
  fieldToFlag: (path: string) => string = (p) => p,
): Result<ProvisionRequest> {
  const parsed = provisionRequestSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return fail(...requestSchemaIssues(parsed.error, fieldToFlag));
}
