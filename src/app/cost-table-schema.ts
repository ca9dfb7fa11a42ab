import { z } from 'zod';

/**
 * The hardware cost table's JSON contract (OASIS's HCT: configuration → MSRR, power, J/token, $/M
 * tokens), shared by the table's producers (a predicted sweep, or `bench` concurrency ramps) and its
 * consumers (`provision`). One row per (model, hardware, SM clock, max concurrent sequences, variant,
 * query type, rate definition). Shards of one sweep merge by concatenating rows (see mergeCostTables).
 */

export const COST_TABLE_QUERY_TYPES = ['SISO', 'SILO', 'LISO', 'LILO'] as const;
export const COST_TABLE_VARIANTS = ['standard', 'prefix-caching', 'chunked-prefill'] as const;
/**
 * `open-loop-poisson`: the highest Poisson arrival rate meeting the latency SLO (what `capacity`
 * bisects; what provisioning consumes). `closed-loop-ramp`: OASIS's phase 1, the throughput at the
 * highest concurrency whose P95 (or P99) latency meets the SLO.
 */
export const COST_TABLE_RATE_DEFINITIONS = ['open-loop-poisson', 'closed-loop-ramp'] as const;

export const costTableHardwareSchema = z.strictObject({
  kind: z.enum(['gpu', 'mig', 'instance']),
  /** Catalog GPU id (the parent GPU for a MIG slice). */
  gpu: z.string().min(1),
  migProfile: z.string().min(1).nullable(),
  instance: z.string().min(1).nullable(),
  gpuCount: z.number().int().positive(),
});

export const costTableRowSchema = z.strictObject({
  hardware: costTableHardwareSchema,
  /** SM clock; null = the GPU's default (highest documented) clock. */
  gpuClockMhz: z.number().int().positive().nullable(),
  /** Engine batch limit: max concurrent sequences (vLLM --max-num-seqs). */
  maxNumSeqs: z.number().int().positive(),
  variant: z.enum(COST_TABLE_VARIANTS),
  queryType: z.enum(COST_TABLE_QUERY_TYPES),
  rateDefinition: z.enum(COST_TABLE_RATE_DEFINITIONS),
  /** Maximum serviceable request rate (requests/s); 0 when no rate met the SLO. */
  maxServiceableRequestsPerSecond: z.number().nonnegative().finite(),
  /** Closed-loop ramp only: the concurrency at that rate; null for open-loop rows. */
  concurrencyAtMax: z.number().int().positive().nullable(),
  /** At that rate (0, like J/token, when no rate met the SLO). */
  averagePowerWatts: z.number().nonnegative().finite(),
  joulesPerToken: z.number().nonnegative(),
  joulesPerOutputToken: z.number().nonnegative(),
  /** Hardware $ per million tokens (input + output) at that rate; null when the hardware has no price. */
  usdPerMillionTokens: z.number().nonnegative().nullable(),
  /** Electricity $ per million tokens (input + output) at that rate, facility energy (× PUE). */
  energyUsdPerMillionTokens: z.number().nonnegative(),
  /** The judged percentile of end-to-end latency at that rate, seconds (null: nothing met the SLO). */
  e2eSecondsAtMax: z.number().nonnegative().nullable(),
  /** True when the power figures come from the model scaled to an unmeasured GPU (or a MIG slice). */
  powerEstimated: z.boolean(),
  source: z.enum(['predicted', 'measured']),
});

export const costTableSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('infersave-cost-table'),
  model: z.string().min(1),
  /** Query-type threshold: ≤ threshold tokens is "small" (OASIS: 500). */
  queryTypeThresholdTokens: z.number().int().positive(),
  slo: z.strictObject({
    percentile: z.union([z.literal(95), z.literal(99)]),
    e2eSeconds: z.number().positive().nullable(),
    ttftSeconds: z.number().positive().nullable(),
    tpotSeconds: z.number().positive().nullable(),
  }),
  /** Which deterministic slice of the sweep this file holds; null for a whole table. */
  shard: z
    .strictObject({ index: z.number().int().nonnegative(), count: z.number().int().positive() })
    .nullable(),
  rows: z.array(costTableRowSchema),
  /** Configurations that serve nothing at all (the model does not fit the slice, …), with the reason. */
  unservable: z
    .array(
      z.strictObject({
        hardware: z.string().min(1),
        gpuClockMhz: z.number().int().positive().nullable(),
        maxNumSeqs: z.number().int().positive(),
        variant: z.enum(COST_TABLE_VARIANTS),
        queryType: z.enum(COST_TABLE_QUERY_TYPES),
        reason: z.string(),
      }),
    )
    .default([]),
  /** The best configuration per (hardware, query type, rate definition) by settings.best (a view of rows). */
  best: z.array(costTableRowSchema).default([]),
  /** How the table was produced (sweep settings, sources of prices and power); informational. */
  settings: z.record(z.string(), z.unknown()).default({}),
});

export type CostTableRow = z.infer<typeof costTableRowSchema>;
export type CostTable = z.infer<typeof costTableSchema>;
