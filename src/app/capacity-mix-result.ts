import type { Issue } from '../core/issue.js';
import type { CapacityMixPrices } from './capacity-mix-prices.js';
import type { CapacityMixRequest } from './capacity-mix-request.js';

/** The JSON contract of `infersave capacity-mix` / POST /v1/capacity-mix (the use case: capacity-mix.ts). */
export const CAPACITY_MIX_STRATEGIES = ['mix', 'all-on-demand', 'all-reserved'] as const;
export type CapacityMixStrategy = (typeof CAPACITY_MIX_STRATEGIES)[number];

export interface CapacityMixTotals {
  reservedReplicas: number;
  reservedUsd: number;
  onDemandReplicaHours: number;
  onDemandUsd: number;
  /** Batch replica-hours on idle reserved replicas, and elsewhere (on `batch.runsOn`). */
  batchOnReservedReplicaHours: number;
  batchElsewhereReplicaHours: number;
  batchUsd: number;
  totalUsd: number;
  /** totalUsd scaled to a 30-day month. */
  usdPerMonth: number;
}

export interface CapacityMixWindowRow {
  window: number;
  startSeconds: number;
  endSeconds: number;
  requests: number;
  /** The interactive share's arrival rate (requests × (1 − batchFraction) ÷ window). */
  interactiveRequestsPerSecond: number;
  /** ⌈interactive rate ÷ one replica's capacity at the SLO⌉. */
  replicasNeeded: number;
  reserved: number;
  onDemand: number;
  /** Replay of the trace (absent for a profile): share of the window's interactive requests within every target. */
  sloAttainment?: number | null;
}

export interface CapacityMixResult {
  schemaVersion: 1;
  settings: CapacityMixRequest & {
    /** The planned model's id: the catalog's, or the config.json's (`servedModelName`, else its Hub id). */
    model: string;
    precision: string;
    trace: string;
    traceRequests: number;
    demand: 'trace' | 'profile';
    windows: number;
    horizonHours: number;
    engine: string;
    /** The engine the simulation ran (vLLM's settings for the GPU), for the deployable output. */
    engineLimits: { maxNumSeqs: number; maxNumBatchedTokens: number; maxModelLen: number };
  };
  prices: CapacityMixPrices;
  /** One replica (one whole GPU) at the SLO, from the simulator on the trace's request sizes. */
  capacity: {
    requestsPerSecondPerReplica: number;
    relativeUncertainty: number | null;
    saturatedRequestsPerSecondPerReplica: number;
    simulations: number;
  };
  batch: {
    requests: number;
    replicaHours: number;
    /** Where batch work beyond the idle reserved time runs: the cheaper per replica-hour. */
    runsOn: 'spot' | 'on-demand';
    /** Spot's expected replica-hours per replica-hour of work (reruns of interrupted batches and restarts). */
    spotExpectedStretch: number | null;
    effectiveUsdPerReplicaHour: number;
  } | null;
  plans: Record<CapacityMixStrategy, CapacityMixTotals>;
  savings: {
    vsAllOnDemand: { usd: number; fraction: number };
    vsAllReserved: { usd: number; fraction: number };
  };
  solver: { method: string; exact: true; candidates: number };
  /** The HPA target the simulation supports: requests waiting per replica at the SLO's maximum rate. */
  autoscaling: {
    metric: 'vllm:num_requests_waiting';
    queueDepthPerReplica: number;
    maxQueueDepthPerReplica: number;
    runningPerReplica: number;
    atRequestsPerSecond: number;
    minReplicas: number;
    maxReplicas: number;
    /** One replica simulated at shares of its capacity: the queue the HPA would see, and the SLO there. */
    queueCurve: {
      requestsPerSecond: number;
      shareOfCapacity: number;
      queueDepthPerReplica: number;
      meetsSlo: boolean;
    }[];
    /** Whether on that curve the target parts the rates meeting the SLO (queue ≤ target) from those missing it. */
    separatesSlo: boolean;
  } | null;
  /** The trace replayed through the mix plan (interactive requests only); null for a profile. */
  replay: {
    requests: number;
    sloAttainment: number | null;
    windowsMeetingSlo: number;
    windows: number;
  } | null;
  windows: CapacityMixWindowRow[];
  warnings: Issue[];
}
