import { facilityKwh } from '../core/energy.js';
import { averagePowerWatts, type GpuPowerSpec, type PowerModelCoefficients } from '../core/gpu-power.js';
import { nearestRankPercentile } from '../sim/percentile.js';
import { QUERY_TYPES, type QueryType } from '../sim/query-type.js';
import { REQUEST_OUTCOME, type SimulationResult } from '../sim/simulation-result.js';
import type { Workload } from '../sim/workload.js';
import type { FleetPlan, ProvisionWindow } from './provision-plan.js';
import type { ProvisionRequest } from './provision-request.js';

/** One window of one strategy: traffic, the fleet in force, what it cost and how requests fared. */
export interface ProvisionTimelineRow {
  strategy: string;
  window: number;
  startSeconds: number;
  endSeconds: number;
  requests: number;
  requestsByType: Record<QueryType, number>;
  /** `LISO 1× 3g.40gb; SISO 2× whole GPU` (after the window's change takes effect). */
  fleet: string;
  /** Mean whole-GPU equivalents billed over the window (slices at their price share). */
  gpuEquivalents: number;
  usd: number;
  /** Average board power of one billed GPU over the window, W (fixed, or the power model at its activity). */
  wattsPerGpu: number;
  kwh: number;
  /** null without a grid intensity. */
  kgCo2: number | null;
  /** Share of the window's requests served within every target (null: no requests). */
  sloAttainment: number | null;
  /** The window's end-to-end latency at the SLO's percentile, seconds (null: none completed). */
  e2ePercentileSeconds: number | null;
}

export interface StrategyTotals {
  requests: number;
  sloAttainment: number | null;
  /** Windows whose latency at the percentile met every target (and served every request). */
  windowsMeetingSlo: number;
  gpuHours: number;
  usd: number;
  kwh: number;
  kgCo2: number | null;
}

export interface WindowMetricsInput {
  strategy: string;
  windows: ProvisionWindow[];
  plan: FleetPlan;
  result: SimulationResult;
  workload: Workload;
  req: Pick<ProvisionRequest, 'windowSeconds' | 'slo' | 'percentile' | 'pue' | 'gridGco2PerKwh'>;
  usdPerGpuHour: number;
  power: WindowPower;
}

/** Power of a billed GPU: a fixed figure, or the power model at each window's simulated activity. */
export type WindowPower =
  | { kind: 'fixed'; watts: number }
  | { kind: 'modelled'; spec: GpuPowerSpec; coefficients: PowerModelCoefficients };

/**
 * W per billed GPU in window k. Modelled: the replay's step seconds of each pool weighted by its GPU share
 * (1, or a slice's price share — slices of different pools sharing GPUs perfectly, as the billing assumes)
 * over the billed GPU-seconds give the busy share, the part in steps carrying prompt tokens the
 * compute-bound share (docs/oasis.md, power model).
 */
function windowWatts(m: WindowMetricsInput, k: number, gpuHours: number): number {
  if (m.power.kind === 'fixed') return m.power.watts;
  let busy = 0;
  let prompt = 0;
  m.plan.pools.forEach((pool, p) => {
    const activity = m.result.activity?.[p];
    busy += pool.share * (activity?.stepSeconds[k] ?? 0);
    prompt += pool.share * (activity?.promptStepSeconds[k] ?? 0);
  });
  const billedSeconds = gpuHours * 3600;
  return averagePowerWatts(m.power.spec, m.power.coefficients, {
    busyFraction: billedSeconds > 0 ? busy / billedSeconds : 0,
    computeBoundFraction: busy > 0 ? prompt / busy : 0,
  });
}

/**
 * Per-window and total metrics of one replay. A request meets the SLO when it completed with TTFT, TPOT
 * and E2E within the targets given (TPOT counts only for outputs of more than one token). Energy is billed
 * GPU-hours × W per GPU × PUE (W from `windowWatts`); emissions energy × grid intensity.
 */
export function windowMetrics(m: WindowMetricsInput): {
  rows: ProvisionTimelineRow[];
  totals: StrategyTotals;
} {
  const { req, result, windows } = m;
  const n = m.workload.arrivalSeconds.length;
  const start = windows[0]?.startSeconds ?? 0;
  const good = new Array<number>(windows.length).fill(0);
  const failed = new Array<number>(windows.length).fill(0);
  const e2e: number[][] = windows.map(() => []);
  const r = result.requests;
  for (let i = 0; i < n; i++) {
    const k = Math.min(
      windows.length - 1,
      Math.floor(((r.arrivalSeconds[i] as number) - start) / req.windowSeconds),
    );
    if (r.outcome[i] !== REQUEST_OUTCOME.completed) {
      failed[k] = (failed[k] as number) + 1;
      continue;
    }
    const total = r.e2eSeconds[i] as number;
    (e2e[k] as number[]).push(total);
    const tpot = r.tpotSeconds[i] as number;
    const ok =
      (req.slo.ttftSeconds === undefined || (r.ttftSeconds[i] as number) <= req.slo.ttftSeconds) &&
      (req.slo.tpotSeconds === undefined || Number.isNaN(tpot) || tpot <= req.slo.tpotSeconds) &&
      (req.slo.e2eSeconds === undefined || total <= req.slo.e2eSeconds);
    if (ok) good[k] = (good[k] as number) + 1;
  }
  const rows: ProvisionTimelineRow[] = windows.map((w, k) => {
    const requests = w.counts.reduce((a, b) => a + b, 0);
    const hours = (w.endSeconds - w.startSeconds) / 3600;
    const gpuHours = m.plan.billedGpuHours[k] as number;
    const sorted = Float64Array.from(e2e[k] as number[]).sort();
    const watts = windowWatts(m, k, gpuHours);
    const kwh = facilityKwh(watts, gpuHours * 3600, req.pue);
    return {
      strategy: m.strategy,
      window: k,
      startSeconds: w.startSeconds,
      endSeconds: w.endSeconds,
      requests,
      requestsByType: Object.fromEntries(QUERY_TYPES.map((q, j) => [q, w.counts[j] as number])) as Record<
        QueryType,
        number
      >,
      fleet: m.strategy === 'one-gpu' ? 'all types 1× whole GPU' : describeFleet(m.plan, k),
      gpuEquivalents: hours > 0 ? gpuHours / hours : 0,
      usd: gpuHours * m.usdPerGpuHour,
      wattsPerGpu: watts,
      kwh,
      kgCo2: req.gridGco2PerKwh !== undefined ? (kwh * req.gridGco2PerKwh) / 1000 : null,
      sloAttainment: requests > 0 ? (good[k] as number) / requests : null,
      e2ePercentileSeconds:
        sorted.length > 0 ? (nearestRankPercentile(sorted, req.percentile) ?? null) : null,
    };
  });
  const sum = (f: (row: ProvisionTimelineRow) => number) => rows.reduce((a, row) => a + f(row), 0);
  const goodTotal = good.reduce((a, b) => a + b, 0);
  const usd = sum((row) => row.usd);
  return {
    rows,
    totals: {
      requests: n,
      sloAttainment: n > 0 ? goodTotal / n : null,
      windowsMeetingSlo: rows.filter(
        (row, k) =>
          (failed[k] as number) === 0 &&
          (req.slo.e2eSeconds === undefined ||
            row.e2ePercentileSeconds === null ||
            row.e2ePercentileSeconds <= req.slo.e2eSeconds),
      ).length,
      gpuHours: usd / m.usdPerGpuHour,
      usd,
      kwh: sum((row) => row.kwh),
      kgCo2: req.gridGco2PerKwh !== undefined ? sum((row) => row.kgCo2 ?? 0) : null,
    },
  };
}

function describeFleet(plan: FleetPlan, k: number): string {
  const decisions = plan.decisions[k] ?? [];
  if (decisions.length === 0) return 'none';
  return decisions
    .map(
      (d) =>
        `${plan.pools.length === 1 && d.profile === null && d.replicas === 1 && d.gpusRequired === 1 ? 'all' : d.type} ${d.replicas}× ${d.profile ?? 'whole GPU'}`,
    )
    .join('; ');
}
