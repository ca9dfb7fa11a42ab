import { computeBoundShare } from '../core/batch-activity.js';
import { type EnergyFigures, energyFigures } from '../core/energy.js';
import { averagePowerWatts, type GpuPowerSpec, type PowerModelCoefficients } from '../core/gpu-power.js';
import type { Bound } from '../core/time-predictor.js';
import type { ResolvedEnergyPrices } from './energy-prices.js';

/** The energy section of every answer's JSON contract. */
export interface EnergyReport extends EnergyFigures {
  /** True when this GPU's power was not measured: the fitted model scaled by its power limit. */
  estimated: boolean;
  /** SM clock the figures assume; null = the highest documented clock (the default under load). */
  gpuClockMhz: number | null;
  gpus: number;
  electricityUsdPerKwh: number;
  pue: number;
  pueSource: string;
  gridGco2PerKwh: number | null;
  gridSource: string | null;
}

export interface PowerContext {
  power: GpuPowerSpec;
  coefficients: PowerModelCoefficients;
  clockMhz: number | undefined;
  prices: ResolvedEnergyPrices;
}

/** Average power of `gpus` GPUs of which `busyGpus` run with the given busy and compute-bound shares. */
export function fleetPowerWatts(
  ctx: PowerContext,
  gpus: number,
  busyGpus: number,
  busyFraction: number,
  computeBoundFraction: number,
): number {
  const busy = averagePowerWatts(ctx.power, ctx.coefficients, {
    busyFraction,
    computeBoundFraction,
    ...(ctx.clockMhz !== undefined ? { clockMhz: ctx.clockMhz } : {}),
  });
  return busyGpus * busy + Math.max(0, gpus - busyGpus) * ctx.power.idleWatts;
}

export function energyReport(
  ctx: PowerContext,
  gpus: number,
  watts: number,
  tokensPerSecond: number,
  outputTokensPerSecond: number,
): EnergyReport {
  const p = ctx.prices;
  return {
    ...energyFigures(watts, tokensPerSecond, outputTokensPerSecond, p),
    estimated: ctx.power.estimated,
    gpuClockMhz: ctx.clockMhz ?? null,
    gpus,
    electricityUsdPerKwh: p.electricityUsdPerKwh,
    pue: p.pue,
    pueSource: p.pueSource,
    gridGco2PerKwh: p.gridGco2PerKwh ?? null,
    gridSource: p.gridSource,
  };
}

/** What a batch-mode answer (predict, recommend) knows about its placement. */
export interface BatchPlacement {
  gpuCount: number;
  tensorParallel: number;
  replicas: number;
  prefillSeconds: number;
  decodeSeconds: number;
  prefillBound: Bound;
  decodeBound: Bound;
  tokensPerSecond: number;
  outputTokensPerSecond: number;
}

/**
 * Energy of a placement running batches back to back: its replicas' GPUs fully busy with the stages'
 * compute-bound share, any GPU of the instance it leaves unused at the idle floor.
 */
export function batchEnergy(ctx: PowerContext, c: BatchPlacement): EnergyReport {
  const share = computeBoundShare({
    prefill: { seconds: c.prefillSeconds, bound: c.prefillBound },
    decode: { seconds: c.decodeSeconds, bound: c.decodeBound },
  });
  const busyGpus = Math.min(c.gpuCount, c.replicas * c.tensorParallel);
  const watts = fleetPowerWatts(ctx, c.gpuCount, busyGpus, 1, share);
  return energyReport(ctx, c.gpuCount, watts, c.tokensPerSecond, c.outputTokensPerSecond);
}

/** What a simulation tells the power model. */
export interface SimulatedActivity {
  replicas: number;
  makespanSeconds: number;
  busy: { stepSeconds: number; promptStepSeconds: number };
  throughput: { totalTokensPerSecond: number; outputTokensPerSecond: number };
}

/**
 * Energy of a simulated fleet: each replica's GPUs busy for the share of the makespan it ran steps,
 * compute-bound in the steps that carried prompt tokens; GPUs of the fleet no replica uses at idle.
 */
export function simulationEnergy(
  ctx: PowerContext,
  run: SimulatedActivity,
  gpusPerReplica: number,
  totalGpus: number,
): EnergyReport {
  const window = run.replicas * run.makespanSeconds;
  const busyFraction = window > 0 ? run.busy.stepSeconds / window : 0;
  const computeShare = run.busy.stepSeconds > 0 ? run.busy.promptStepSeconds / run.busy.stepSeconds : 0;
  const watts = fleetPowerWatts(ctx, totalGpus, run.replicas * gpusPerReplica, busyFraction, computeShare);
  return energyReport(
    ctx,
    totalGpus,
    watts,
    run.throughput.totalTokensPerSecond,
    run.throughput.outputTokensPerSecond,
  );
}
