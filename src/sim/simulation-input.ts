import type { StepTimer } from '../core/step-timer.js';
import type { FleetSchedule } from './fleet.js';
import type { KvAdmission } from './kv-admission.js';
import type { Workload } from './workload.js';

/** One replica's engine: how it times steps and the vLLM scheduler and cache settings it runs with. */
export interface ReplicaConfig {
  stepTimer: StepTimer;
  /** vLLM `max_num_seqs`: most sequences running (admitted, holding KV) at once. */
  maxNumSeqs: number;
  /** vLLM `max_num_batched_tokens`: token budget of one step (prompt tokens + one per decode). */
  maxNumBatchedTokens: number;
  /** Split long prompts across steps within the token budget, sharing steps with decodes. */
  chunkedPrefill: boolean;
  /** Tokens per KV block (vLLM's default 16). */
  blockTokens: number;
  /** GPU KV capacity of the replica, in blocks. */
  kvBlocks: number;
  /** Bytes of one block on one GPU: what a swap moves over PCIe per block. */
  kvBlockBytes: number;
  /** What happens to a running request when a decode needs a block and none is free. */
  preemption: 'recompute' | 'swap';
  /** Host memory for swapped-out blocks, in blocks (0: none, so swap falls back to recompute). */
  hostKvBlocks: number;
  /** Reuse KV blocks of prompt prefixes seen before (needs `workload.prefix`). */
  prefixCaching: boolean;
  /** When a waiting request may enter the KV cache (sim/kv-admission.ts); absent: its first chunk fits. */
  admission?: KvAdmission;
}

/** Latency limits a request must meet to count towards goodput (any subset). */
export interface LatencySlo {
  ttftSeconds?: number;
  tpotSeconds?: number;
  e2eSeconds?: number;
}

export type RouterPolicy = 'round-robin' | 'least-outstanding-tokens';

export interface SimulationInput {
  workload: Workload;
  /** Identical replicas behind the router (ignored when `fleet` is given). */
  replicas: number;
  replica: ReplicaConfig;
  /**
   * Replicas of several kinds whose numbers change over time, routed by query type (sim/fleet.ts).
   * When given, it replaces `replicas` and `replica`.
   */
  fleet?: FleetSchedule;
  router: RouterPolicy;
  /** τ for the SISO/SILO/LISO/LILO breakdown (default 500 tokens). */
  queryTypeThresholdTokens?: number;
  /** Goodput: share of requests meeting these limits. */
  slo?: LatencySlo;
  /** Sample fleet state every this many seconds (omit for no timeline). */
  timelineIntervalSeconds?: number;
  /** Fewer samples than this (even): the interval doubles each time the timeline reaches it. */
  timelineMaxSamples?: number;
  /**
   * Record each pool's busy time per window (`count` windows of `windowSeconds` from `startSeconds`; a
   * step counts in the window it starts in, the first or last window taking steps outside them).
   */
  activityWindows?: ActivityWindows;
  /** Stop once simulated time passes this (requests not finished by then count as unfinished). */
  maxSimulatedSeconds?: number;
  /** Stop after this many engine steps over all replicas. */
  maxSteps?: number;
  /**
   * Closed loop: ignore the workload's arrival times; `concurrency` requests start at time 0 and each
   * finished (or rejected) request is replaced at once by the next workload request, in order.
   */
  closedLoop?: { concurrency: number };
  /** Reserved for randomised choices; the current model makes none, so results depend on it only by echo. */
  seed: number;
}

/** Windows over which a simulation records each pool's busy time (the power model's activity). */
export interface ActivityWindows {
  startSeconds: number;
  windowSeconds: number;
  count: number;
}
