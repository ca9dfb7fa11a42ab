import { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { PRECISIONS } from '../core/precision.js';

/**
 * The tenants file of `infersave pack` and the body of POST /v1/pack (JSON or YAML). Defaults live here
 * and nowhere else. Documented in docs/oasis.md ("Multi-tenant packing").
 */
export const PACK_DEFAULTS = {
  gpu: 'A100-80GB',
  objective: 'gpus',
  allowMig: true,
  probeRequests: 300,
  seed: 1,
} as const;

const positiveSeconds = z.number().positive();

export const packTenantSchema = z.strictObject({
  /** A label for the tables; defaults to the model id. */
  name: z.string().min(1).optional(),
  /** A catalog model id (infersave models). */
  model: z.string().min(1),
  /** Mean arrival rate, requests per second (Poisson). */
  requestsPerSecond: z.number().positive(),
  /** Every request's prompt and output length, tokens. */
  inputTokens: z.number().int().positive().max(1_000_000),
  outputTokens: z.number().int().positive().max(1_000_000),
  /** P95 latency targets, seconds; at least one. */
  slo: z
    .strictObject({
      ttftP95Seconds: positiveSeconds.optional(),
      tpotP95Seconds: positiveSeconds.optional(),
      e2eP95Seconds: positiveSeconds.optional(),
    })
    .refine((s) => Object.values(s).some((v) => v !== undefined), {
      message: 'give at least one of ttftP95Seconds, tpotP95Seconds, e2eP95Seconds',
    }),
  /** Serving precision; default: the checkpoint's dtype. */
  precision: z.enum(PRECISIONS).optional(),
});

export const packRequestSchema = z.strictObject({
  /** The GPU type to pack onto (infersave gpus; MIG profiles from data/v1/mig.json). */
  gpu: z.string().min(1).default(PACK_DEFAULTS.gpu),
  /** $/h of one whole GPU; default: the cheapest AWS on-demand instance with it, divided by its GPUs. */
  usdPerGpuHour: z.number().positive().optional(),
  /** Minimise GPUs or $/h (one GPU type: the same plan, priced). */
  objective: z.enum(['gpus', 'cost']).default(PACK_DEFAULTS.objective),
  /** false: whole GPUs only (the one-GPU-per-model way, still shared when a model needs several). */
  allowMig: z.boolean().default(PACK_DEFAULTS.allowMig),
  /** Requests per capacity probe (the simulator bisects each tenant × slice with this many). */
  probeRequests: z.number().int().min(50).max(5000).default(PACK_DEFAULTS.probeRequests),
  seed: z.number().int().min(0).default(PACK_DEFAULTS.seed),
  tenants: z.array(packTenantSchema).min(1).max(16),
});

export type PackRequest = z.infer<typeof packRequestSchema>;

/** A tenants file or body → a PackRequest with defaults, or one issue per bad field (`where` names the file). */
export function parsePackRequest(raw: unknown, where: string): Result<PackRequest> {
  const parsed = packRequestSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return fail(
    ...parsed.error.issues.map(
      (i): Issue => ({
        code: 'invalid-option',
        path: where,
        message: `${i.path.length > 0 ? `${i.path.map(String).join('.')}: ` : ''}${i.message}${
          'keys' in i && Array.isArray(i.keys) ? ` (${i.keys.join(', ')})` : ''
        }`,
      }),
    ),
  );
}
