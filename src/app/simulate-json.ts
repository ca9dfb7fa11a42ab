import type { Issue } from '../core/issue.js';
import type { SimulationSummary } from '../sim/simulation-result.js';
import { issueJson } from './issue-json.js';
import type { LatencySloTargets, SloVerdict } from './latency-slo.js';
import { latencyRatios, type Uncertainty, uncertaintyJson } from './prediction-uncertainty.js';
import type { WorkloadDescription } from './serving-inputs.js';
import type { SchedulerSettings } from './serving-replica.js';
import type { TraceRowCounts } from './trace-source.js';

/** What a simulation ran: placement, engine, workload. Printed with it, and `settings` in its JSON. */
export interface SimulateSettings {
  model: string;
  /** Catalog instance, or null for bare GPUs. */
  instance: string | null;
  gpu: string;
  gpuCount: number;
  priceUsdPerHour: number | null;
  region: string | null;
  precision: string;
  tensorParallel: number;
  replicasPerInstance: number;
  instances: number;
  replicas: number;
  kvBlocksPerReplica: number;
  kvTokensPerReplica: number;
  scheduler: Required<SchedulerSettings>;
  router: string;
  calibration: string | null;
  gpuMemoryUtilization: number;
  seed: number;
  workload: WorkloadDescription;
  trace: { path: string; format: string; rows: TraceRowCounts } | null;
  sloP95: LatencySloTargets | null;
  /**
   * Closed loop (--concurrency N): N requests in flight from time 0, each finished one replaced at once by
   * the next of the workload (arrival times ignored), as vllm bench serve --max-concurrency, GuideLLM and
   * AIPerf measure; null for open-loop arrivals.
   */
  concurrency: number | null;
}

/** `simulate --json` (schemaVersion 1): settings, the summary (no per-request arrays), the SLO verdict. */
export function simulateJson(
  settings: SimulateSettings,
  summary: SimulationSummary,
  verdict: SloVerdict | null,
  warnings: Issue[],
  uncertainty?: Uncertainty,
) {
  return {
    schemaVersion: 1,
    settings,
    summary,
    ...(uncertainty
      ? {
          uncertainty: {
            ...uncertaintyJson(uncertainty),
            /** p10–p90 of measured / predicted applied to the latency percentiles (queueing not re-simulated). */
            latencyMeasuredOverPredicted: latencyRatios(uncertainty) ?? null,
          },
        }
      : {}),
    slo: verdict
      ? { ...verdict, worstRatio: Number.isFinite(verdict.worstRatio) ? verdict.worstRatio : null }
      : null,
    warnings: warnings.map(issueJson),
  };
}
