import { z } from 'zod';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { PRECISIONS } from '../core/precision.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS } from '../sim/query-type.js';
import {
  COST_TABLE_QUERY_TYPES,
  COST_TABLE_RATE_DEFINITIONS,
  COST_TABLE_VARIANTS,
} from './cost-table-schema.js';
import type { CostTableObjective } from './cost-table-select.js';
import { requestSchemaIssues } from './request-schema-issues.js';

/**
 * `infersave cost-table`: OASIS's hardware cost table, predicted. Every default lives here (printed with
 * the answer; documented in docs/oasis.md).
 */
export const COST_TABLE_DEFAULTS = {
  gpu: 'A100-80GB',
  /** OASIS's engine batch sizes span 16–64 (its §3 parameter space). */
  maxNumSeqs: [16, 32, 64],
  /** OASIS §4's SLO: P95 end-to-end latency within 20 s. */
  e2eSeconds: 20,
  percentile: 95,
  queryTypeThresholdTokens: DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS,
  /** OASIS §4's representative lengths: 50 tokens short, 1000 long (its LISO is 1000 in / 50 out). */
  smallTokens: 50,
  largeTokens: 1000,
  /**
   * Requests per open-loop probe. The P95 of 200 fixed-length requests is their 190th latency; its
   * distribution-free 95 % interval spans ranks 183–198 (190 ∓ 1.96·√(200·0.95·0.05), normal approximation to the binomial).
   */
  probeRequests: 200,
  /** A closed loop at concurrency c runs max(3c, this) requests: at least three waves. */
  closedLoopRequests: 60,
  /** Relative width at which the open-loop rate bisection stops. */
  relativeTolerance: 0.05,
  engine: 'vllm',
  best: 'cost' as CostTableObjective,
  seed: 1,
} as const;

const seconds = z.number().positive().finite();

export const costTableRequestSchema = z.strictObject({
  model: z.string().min(1),
  precision: z.enum(PRECISIONS).optional(),
  gpu: z.string().min(1).default(COST_TABLE_DEFAULTS.gpu),
  /** MIG profiles swept beside the whole GPU (default: every profile without media extensions); [] for none. */
  migProfiles: z.array(z.string().min(1)).optional(),
  /** Whether the whole GPU is a row of the table (default yes). */
  wholeGpu: z.boolean().default(true),
  /** SM clocks, MHz (default: the GPU's lowest documented, the midpoint and its highest). */
  gpuClocksMhz: z.array(z.number().int().positive()).min(1).optional(),
  maxNumSeqs: z
    .array(z.number().int().positive().max(4096))
    .min(1)
    .default([...COST_TABLE_DEFAULTS.maxNumSeqs]),
  variants: z
    .array(z.enum(COST_TABLE_VARIANTS))
    .min(1)
    .default([...COST_TABLE_VARIANTS]),
  queryTypes: z
    .array(z.enum(COST_TABLE_QUERY_TYPES))
    .min(1)
    .default([...COST_TABLE_QUERY_TYPES]),
  rateDefinitions: z
    .array(z.enum(COST_TABLE_RATE_DEFINITIONS))
    .min(1)
    .default([...COST_TABLE_RATE_DEFINITIONS]),
  queryTypeThresholdTokens: z.number().int().positive().default(COST_TABLE_DEFAULTS.queryTypeThresholdTokens),
  smallTokens: z.number().int().positive().default(COST_TABLE_DEFAULTS.smallTokens),
  largeTokens: z.number().int().positive().default(COST_TABLE_DEFAULTS.largeTokens),
  /** Latency targets at `percentile` (default: E2E 20 s, OASIS's). */
  slo: z
    .strictObject({
      ttftSeconds: seconds.optional(),
      tpotSeconds: seconds.optional(),
      e2eSeconds: seconds.optional(),
    })
    .default({ e2eSeconds: COST_TABLE_DEFAULTS.e2eSeconds }),
  percentile: z.union([z.literal(95), z.literal(99)]).default(COST_TABLE_DEFAULTS.percentile),
  probeRequests: z.number().int().min(20).max(5000).default(COST_TABLE_DEFAULTS.probeRequests),
  closedLoopRequests: z.number().int().min(8).max(5000).default(COST_TABLE_DEFAULTS.closedLoopRequests),
  relativeTolerance: z.number().min(0.005).max(0.5).default(COST_TABLE_DEFAULTS.relativeTolerance),
  /** Serving engine whose step overheads the simulator adds; `none`: kernels only. */
  engine: z.string().min(1).default(COST_TABLE_DEFAULTS.engine),
  usdPerGpuHour: z.number().positive().finite().optional(),
  electricityUsdPerKwh: z.number().positive().finite().optional(),
  pue: z.number().min(1).max(3).optional(),
  gridGco2PerKwh: z.number().nonnegative().finite().optional(),
  /** Which deterministic slice of the sweep to compute: configuration k goes to shard k mod count. */
  shard: z
    .strictObject({ index: z.number().int().nonnegative(), count: z.number().int().positive().max(10_000) })
    .refine((s) => s.index < s.count, { message: 'the shard index counts from 0 and stays below the count' })
    .optional(),
  best: z.enum(['rate', 'energy', 'cost']).default(COST_TABLE_DEFAULTS.best),
  seed: z.number().int().min(0).default(COST_TABLE_DEFAULTS.seed),
});

export type CostTableRequest = z.infer<typeof costTableRequestSchema>;

/** Flags or a body → a CostTableRequest with defaults, or one issue per bad field (all at once). */
export function parseCostTableRequest(
  raw: unknown,
  fieldToFlag: (path: string) => string = (p) => p,
): Result<CostTableRequest> {
  const parsed = costTableRequestSchema.safeParse(raw);
  const issues: Issue[] = parsed.success ? [] : requestSchemaIssues(parsed.error, fieldToFlag);
  if (parsed.success) {
    const r = parsed.data;
    if (!(r.smallTokens <= r.queryTypeThresholdTokens && r.largeTokens > r.queryTypeThresholdTokens))
      issues.push({
        code: 'invalid-option',
        path: fieldToFlag('smallTokens'),
        message: `short requests need ≤ ${r.queryTypeThresholdTokens} tokens and long ones more (the query-type threshold): got ${r.smallTokens} and ${r.largeTokens}`,
      });
    if (!r.wholeGpu && r.migProfiles !== undefined && r.migProfiles.length === 0)
      issues.push({
        code: 'invalid-option',
        path: fieldToFlag('wholeGpu'),
        message: 'no hardware left: keep the whole GPU or name MIG profiles',
      });
  }
  return parsed.success && issues.length === 0 ? ok(parsed.data) : fail(...issues);
}
