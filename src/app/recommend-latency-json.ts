import type { Issue } from '../core/issue.js';
import type { Margin } from '../core/prediction-band.js';
import { describeIssue } from '../messages/messages.js';
import { issueJson } from './issue-json.js';
import type { LatencySloTargets } from './latency-slo.js';
import type { LatencyCandidate, LatencyRecommendResult } from './recommend-latency.js';
import type { WorkloadDescription } from './serving-inputs.js';
import type { SchedulerSettings } from './serving-replica.js';
import type { TraceRowCounts } from './trace-source.js';

export interface LatencyRecommendSettings {
  mode: 'latency';
  model: string;
  catalog: string;
  catalogAsOf: string;
  region: string;
  pricing: string;
  /** With spot pricing: the interruption rate and replacement time the SLO impact rests on (user-given). */
  spotInterruptionsPerHour?: number;
  spotReplacementSeconds?: number;
  /** With reserved pricing: the reserved prices' term and source (the catalog's, or the user's discount). */
  reservedPrices?: string;
  precisions: string[];
  /** The rate to serve, and whether it was given or is the trace's own mean rate. */
  requestsPerSecond: number;
  rateFrom: '--rate' | 'trace-mean';
  sloP95: LatencySloTargets;
  /** The edge of the step-time band every fleet was simulated at (`--margin`, default p90). */
  margin: Margin;
  /** Budget for the whole fleet. */
  maxPriceUsdPerHour: number | null;
  router: string;
  schedulerOverrides: SchedulerSettings;
  calibration: string | null;
  gpuMemoryUtilization: number;
  seed: number;
  workload: WorkloadDescription;
  trace: { path: string; format: string; rows: TraceRowCounts } | null;
  probeRequests: number;
  /** τ of each candidate's per-query-type breakdown. */
  queryTypeThresholdTokens: number;
}

function candidateJson(c: LatencyCandidate) {
  return {
    ...c,
    maxRequestsPerSecondUpperBound: Number.isFinite(c.maxRequestsPerSecondUpperBound)
      ? c.maxRequestsPerSecondUpperBound
      : null,
    verdict: {
      ...c.verdict,
      worstRatio: Number.isFinite(c.verdict.worstRatio) ? c.verdict.worstRatio : null,
    },
    byQueryType: Object.fromEntries(
      Object.entries(c.byQueryType).map(([t, v]) => [
        t,
        { ...v, worstRatio: Number.isFinite(v.worstRatio) ? v.worstRatio : null },
      ]),
    ),
    warnings: c.warnings.map(issueJson),
  };
}

/** `recommend --slo-*-p95 … --json` (schemaVersion 1, settings.mode 'latency'). */
export function latencyRecommendJson(
  s: LatencyRecommendSettings,
  r: LatencyRecommendResult,
  warnings: Issue[],
) {
  return {
    schemaVersion: 1,
    settings: s,
    pick: r.pick ? candidateJson(r.pick) : null,
    candidates: r.candidates.map(candidateJson),
    rejected: r.rejected.map((j) => ({
      instance: j.instance,
      reason: j.reason.code,
      message: describeIssue(j.reason),
      details: j.reason.details ?? {},
    })),
    noPick: r.noPick ? issueJson(r.noPick) : null,
    warnings: warnings.map(issueJson),
  };
}
