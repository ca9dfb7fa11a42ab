import type { Issue } from '../core/issue.js';
import { describeIssue } from '../messages/messages.js';
import type { CapacityRow } from './capacity-sweep.js';
import { issueJson } from './issue-json.js';
import type { LatencySloTargets } from './latency-slo.js';
import type { Rejection } from './recommend.js';
import type { WorkloadDescription } from './serving-inputs.js';
import type { SchedulerSettings } from './serving-replica.js';
import type { TraceRowCounts } from './trace-source.js';

export interface CapacitySettings {
  model: string;
  precision: string;
  catalog: string;
  catalogAsOf: string;
  region: string;
  pricing: string;
  instancesCount: number;
  sloP95: LatencySloTargets;
  router: string;
  /** The engine flags given; the rest are vLLM's defaults for each GPU. */
  schedulerOverrides: SchedulerSettings;
  calibration: string | null;
  gpuMemoryUtilization: number;
  seed: number;
  /** The whole workload as read or generated. */
  workload: WorkloadDescription;
  trace: { path: string; format: string; rows: TraceRowCounts } | null;
  /** Requests of it each probe simulates (its first ones). */
  probeRequests: number;
  /** τ when MSRR per query type was asked for (--by-query-type), else null. */
  queryTypeThresholdTokens: number | null;
  /** Electricity price, PUE and grid intensity behind the energy figures (null without energy data). */
  energy: {
    electricityUsdPerKwh: number;
    pue: number;
    pueSource: string;
    gridGco2PerKwh: number | null;
    gridSource: string | null;
  } | null;
}

/** `capacity --json` (schemaVersion 1). */
export function capacityJson(
  s: CapacitySettings,
  rows: CapacityRow[],
  rejected: Rejection[],
  warnings: Issue[],
) {
  return {
    schemaVersion: 1,
    settings: s,
    results: rows.map((r) => ({ ...r, warnings: r.warnings.map(issueJson) })),
    rejected: rejected.map((j) => ({
      instance: j.instance,
      reason: j.reason.code,
      message: describeIssue(j.reason),
      details: j.reason.details ?? {},
    })),
    warnings: warnings.map(issueJson),
  };
}
