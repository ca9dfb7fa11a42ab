import type { CapacityMixCost } from '../optimize/capacity-mix.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS } from '../sim/query-type.js';
import { Random } from '../sim/random.js';
import { simulate } from '../sim/simulate.js';
import type { ReplicaConfig } from '../sim/simulation-input.js';
import type { Workload } from '../sim/workload.js';
import type { CapacityMixRequest } from './capacity-mix-request.js';
import type { CapacityMixResult, CapacityMixWindowRow } from './capacity-mix-result.js';
import { windowMetrics } from './provision-metrics.js';
import { fleetPlan, provisionWindows, type TypeDecision } from './provision-plan.js';

/**
 * Replays the trace's interactive requests through the mix: reserved + on-demand replicas per window, each
 * window's on-demand replicas up at its start (started a scale-up delay ahead). The batch share is drawn
 * with the seed; the first and last requests stay interactive, so the windows are the demand's.
 */
export function replayMix(
  workload: Workload,
  req: CapacityMixRequest,
  replica: ReplicaConfig,
  mix: CapacityMixCost,
  rows: CapacityMixWindowRow[],
): NonNullable<CapacityMixResult['replay']> {
  const n = workload.arrivalSeconds.length;
  const random = new Random(req.seed, 11);
  const keep: number[] = [];
  for (let i = 0; i < n; i++)
    if (i === 0 || i === n - 1 || !(random.float() < req.batchFraction)) keep.push(i);
  const subset: Workload = {
    arrivalSeconds: Float64Array.from(keep, (i) => workload.arrivalSeconds[i] as number),
    inputTokens: Uint32Array.from(keep, (i) => workload.inputTokens[i] as number),
    outputTokens: Uint32Array.from(keep, (i) => workload.outputTokens[i] as number),
    source: `${workload.source} (interactive share)`,
  };
  const windows = provisionWindows(subset, req.windowSeconds, DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS);
  const decisions: TypeDecision[][] = windows.map((_, k) => {
    const replicas = mix.reservedReplicas + (mix.onDemandReplicas[k] ?? 0);
    return [{ type: 'SISO', profile: null, replicas, gpuEquivalents: replicas, gpusRequired: replicas }];
  });
  const plan = fleetPlan(windows, decisions, 0);
  const result = simulate({
    workload: subset,
    replicas: 1,
    replica,
    fleet: { pools: plan.pools.map((p) => ({ name: p.key, replica })), steps: plan.steps },
    router: 'least-outstanding-tokens',
    seed: req.seed,
  });
  const metrics = windowMetrics({
    strategy: 'mix',
    windows,
    plan,
    result,
    workload: subset,
    req: { windowSeconds: req.windowSeconds, slo: req.slo, percentile: req.percentile, pue: 1 },
    usdPerGpuHour: 0,
    power: { kind: 'fixed', watts: 0 },
  });
  metrics.rows.forEach((row, k) => {
    const target = rows[k];
    if (target) target.sloAttainment = row.sloAttainment;
  });
  return {
    requests: keep.length,
    sloAttainment: metrics.totals.sloAttainment,
    windowsMeetingSlo: metrics.totals.windowsMeetingSlo,
    windows: windows.length,
  };
}
