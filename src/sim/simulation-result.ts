import type { StepComposition } from '../core/step-timer.js';
import type { QueryType } from './query-type.js';

/** How each request ended. */
export const REQUEST_OUTCOME = { unfinished: 0, completed: 1, rejected: 2 } as const;

/** Why a request was turned away at arrival (it could never be served by this replica configuration). */
export type RejectionReason =
  /** Its prompt needs more KV blocks than a replica has. */
  | 'prompt-exceeds-kv-capacity'
  /** Prompt + output (its longest KV footprint) needs more blocks than a replica has. */
  | 'sequence-exceeds-kv-capacity'
  /** Without chunked prefill, its prompt is longer than the step token budget. */
  | 'prompt-exceeds-token-budget';

export const REJECTION_REASONS: readonly RejectionReason[] = [
  'prompt-exceeds-kv-capacity',
  'sequence-exceeds-kv-capacity',
  'prompt-exceeds-token-budget',
];

/** Per-request results, indexed like the workload. Seconds; NaN where a value does not apply. */
export interface RequestMetrics {
  /** When it arrived (the workload's time, or the closed loop's release time). */
  arrivalSeconds: Float64Array;
  /** First output token − arrival. */
  ttftSeconds: Float64Array;
  /** (e2e − ttft) / (output − 1): mean time between later tokens; NaN for one-token outputs. */
  tpotSeconds: Float64Array;
  /** Last token − arrival. */
  e2eSeconds: Float64Array;
  /** First admission (scheduled into a step) − arrival. */
  queueingSeconds: Float64Array;
  /** Replica it was routed to; −1 when rejected or never arrived. */
  replica: Int32Array;
  /** REQUEST_OUTCOME code. */
  outcome: Uint8Array;
  /** Index into REJECTION_REASONS, −1 when not rejected. */
  rejectionReason: Int8Array;
  /** Times it was preempted. */
  preemptions: Uint32Array;
  /** Prompt tokens served from the prefix cache, summed over its admissions. */
  prefixHitTokens: Float64Array;
}

/** Nearest-rank percentiles (see percentile.ts), mean and max, seconds. */
export interface LatencyStats {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Throughput {
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  /** Input + output tokens of completed requests per second. */
  totalTokensPerSecond: number;
}

/** Metrics of one set of requests (all, or one query type). Occupancy means are per replica, time-weighted. */
export interface RequestGroupSummary {
  count: number;
  completed: number;
  rejected: number;
  /** Neither completed nor rejected (only when a guard stopped the run). */
  unfinished: number;
  throughput: Throughput;
  /** Over completed requests; null when none completed (TPOT: none with two or more output tokens). */
  ttftSeconds: LatencyStats | null;
  tpotSeconds: LatencyStats | null;
  e2eSeconds: LatencyStats | null;
  queueingSeconds: LatencyStats | null;
  /** Share of all `count` requests (rejected and unfinished ones fail) that met every SLO limit given; null without an SLO. */
  goodput: { fraction: number; requestsPerSecond: number } | null;
  preemptions: number;
  /** Prompt tokens served from cache ÷ prompt tokens at admission (0 when none were admitted). */
  prefixCache: { hitTokens: number; promptTokens: number; hitRate: number };
  /** Time-weighted means per replica: requests holding KV, requests queued (waiting or swapped), KV blocks they hold. */
  meanRunning: number;
  meanWaiting: number;
  meanKvBlocks: number;
}

export interface SimulationSummary extends RequestGroupSummary {
  seed: number;
  replicas: number;
  /** Last event − first arrival. */
  makespanSeconds: number;
  steps: number;
  /**
   * Replica busy time: Σ step seconds over replicas, and the part in steps carrying prompt tokens
   * (compute-bound prefill) — the power model's activity (busy share = stepSeconds ÷ (replicas × makespan)).
   */
  busy: { stepSeconds: number; promptStepSeconds: number };
  rejectedByReason: Record<RejectionReason, number>;
  /** Sequences per engine step, over all steps. */
  batchSize: { mean: number; max: number };
  /** Fraction of a replica's KV blocks held (time-weighted mean over replicas; max over replicas and time). */
  kvBlockUtilisation: { mean: number; max: number };
  /** Requests queued at a replica (time-weighted mean per replica; max over replicas and time). */
  queueDepth: { mean: number; max: number };
  preemption: { recompute: number; swap: number; deviceToHostBytes: number; hostToDeviceBytes: number };
  prefixCacheEvictions: number;
  byQueryType: Record<QueryType, RequestGroupSummary>;
  queryTypeThresholdTokens: number;
  /** Set when a guard (maxSimulatedSeconds / maxSteps) stopped the run early. */
  /**
   * Why the run stopped early: a limit, or `invalid-step-time` — the step timer returned a time that is
   * not positive and finite (`stepSeconds`, for the composition `step`), which no result may rest on.
   */
  truncated:
    | { reason: 'max-simulated-seconds' | 'max-steps'; atSeconds: number }
    | { reason: 'invalid-step-time'; atSeconds: number; stepSeconds: number; step: StepComposition }
    | null;
}

/** Fleet state sampled every `timelineIntervalSeconds` (state after all events up to each time). */
export interface SimulationTimeline {
  timeSeconds: Float64Array;
  running: Float64Array;
  waiting: Float64Array;
  kvBlocksUsed: Float64Array;
  /** Output tokens produced in the interval ending at the sample ÷ interval. */
  outputTokensPerSecond: Float64Array;
  /** Prompt tokens computed in the interval ending at the sample ÷ interval. */
  promptTokensPerSecond: Float64Array;
}

export interface SimulationResult {
  requests: RequestMetrics;
  summary: SimulationSummary;
  timeline?: SimulationTimeline;
  /** With `activityWindows`: per pool (one pool without a fleet), per window. */
  activity?: PoolActivity[];
}

/** One pool's Σ step seconds over its replicas per window, and the part in steps carrying prompt tokens. */
export interface PoolActivity {
  stepSeconds: Float64Array;
  promptStepSeconds: Float64Array;
}
