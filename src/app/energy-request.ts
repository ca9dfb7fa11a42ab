import { z } from 'zod';
import type { EnergyData } from '../catalog/energy-file.js';
import type { GpuPowerSpec } from '../core/gpu-power.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import { ok, type Result } from '../core/issue.js';
import type { MigSliceInfo } from '../core/mig-slice-gpu.js';
import { resolveEnergyPrices } from './energy-prices.js';
import type { PowerContext } from './energy-report.js';
import { clockGpu } from './gpu-clock.js';
import { DEFAULTS } from './settings.js';

/** The energy part of a request: prices, PUE, grid intensity, SM clock. Defaults live here. */
export const energyRequestSchema = z.object({
  electricityUsdPerKwh: z.number().positive().finite().default(DEFAULTS.electricityUsdPerKwh),
  pue: z.number().min(1).max(3).optional(),
  gridGco2PerKwh: z.number().nonnegative().finite().optional(),
  gpuClockMhz: z.number().int().positive().optional(),
});
export type EnergyRequest = z.infer<typeof energyRequestSchema>;

/** Idle share of the power limit for a GPU missing from the energy data (the measured A100 share). */
const IDLE_SHARE_ESTIMATE = 0.1;

/**
 * The GPU's power facts: from the energy data by id, else estimated from its TDP. A MIG slice is
 * charged its share: the idle floor × its price share plus the dynamic range × its compute share, and is
 * always `estimated` (no MIG power measurement entered the fit).
 */
export function gpuPowerSpec(energy: EnergyData, gpu: GpuSpec): GpuPowerSpec {
  const known = energy.gpus[gpu.id];
  const base: GpuPowerSpec = known ?? {
    gpuId: gpu.id,
    powerLimitWatts: gpu.tdpWatts,
    idleWatts: gpu.tdpWatts * IDLE_SHARE_ESTIMATE,
    idleEstimated: true,
    estimated: true,
    sources: [{ title: 'estimated: 10 % of the TDP as idle floor (the measured A100 share)' }],
  };
  const mig = (gpu as { mig?: MigSliceInfo }).mig;
  if (!mig) return base;
  const idle = base.idleWatts * mig.priceShare;
  return {
    ...base,
    idleWatts: idle,
    powerLimitWatts: idle + (base.powerLimitWatts - base.idleWatts) * mig.computeFraction,
    idleEstimated: true,
    estimated: true,
  };
}

/**
 * Resolves the power context of one GPU kind for an answer: its power facts, the checked SM clock (the
 * GPU comes back with its peaks scaled to it), and the prices in force for the provider and region.
 */
export function resolvePowerContext(
  energy: EnergyData,
  gpu: GpuSpec,
  where: { provider?: string; region?: string },
  request: EnergyRequest,
): Result<{ gpu: GpuSpec; context: PowerContext }> {
  const power = gpuPowerSpec(energy, gpu);
  const clocked = clockGpu(gpu, power, request.gpuClockMhz);
  if (!clocked.ok) return clocked;
  const options = {
    electricityUsdPerKwh: request.electricityUsdPerKwh,
    ...(request.pue !== undefined ? { pue: request.pue } : {}),
    ...(request.gridGco2PerKwh !== undefined ? { gridGco2PerKwh: request.gridGco2PerKwh } : {}),
  };
  return ok({
    gpu: clocked.value.gpu,
    context: {
      power,
      coefficients: energy.model.coefficients,
      clockMhz: clocked.value.clockMhz,
      prices: resolveEnergyPrices(energy, where, options),
    },
  });
}
