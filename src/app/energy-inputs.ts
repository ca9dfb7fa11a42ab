import type { GpuSpec } from '../core/gpu-spec.js';
import { fail, type Result } from '../core/issue.js';
import type { PowerContext } from './energy-report.js';
import { type EnergyRequest, energyRequestSchema, resolvePowerContext } from './energy-request.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import type { Hardware } from './predict.js';

/** --electricity-usd-per-kwh, --pue, --grid-gco2-per-kwh, --gpu-clock-mhz → the energy request. */
export function readEnergyRequest(o: OptionReader, raw: Record<string, unknown>): EnergyRequest {
  const price = o.positiveNumber('electricityUsdPerKwh');
  const pue = o.positiveNumber('pue');
  if (pue !== undefined && (pue < 1 || pue > 3))
    o.issues.push({
      code: 'invalid-option',
      path: 'pue',
      message: `'${String(raw.pue)}' is not a PUE: facility ÷ IT energy lies between 1 and 3 (e.g. {{pue}} 1.2)`,
    });
  const gridText = raw.gridGco2PerKwh;
  let grid: number | undefined;
  if (gridText !== undefined && gridText !== false) {
    grid = Number(gridText);
    if (String(gridText).trim() === '' || !Number.isFinite(grid) || grid < 0) {
      o.issues.push({
        code: 'invalid-option',
        path: 'gridGco2PerKwh',
        message: `'${String(gridText)}' is not a grid intensity in g CO2e per kWh (e.g. {{gridGco2PerKwh}} 400)`,
      });
      grid = undefined;
    }
  }
  const clock = o.positiveInteger('gpuClockMhz');
  return energyRequestSchema.parse({
    ...(price !== undefined ? { electricityUsdPerKwh: price } : {}),
    ...(pue !== undefined && pue >= 1 && pue <= 3 ? { pue } : {}),
    ...(grid !== undefined ? { gridGco2PerKwh: grid } : {}),
    ...(clock !== undefined ? { gpuClockMhz: clock } : {}),
  });
}

/** The power context of `gpu` from the planner's energy data (the GPU comes back clocked). */
export function powerContextFor(
  data: PlannerData,
  gpu: GpuSpec,
  where: { provider?: string; region?: string },
  request: EnergyRequest,
): Result<{ gpu: GpuSpec; context: PowerContext }> {
  const energy = data.energy
    ? data.energy()
    : fail({ code: 'energy-data-invalid', message: 'this planner carries no energy data' });
  if (!energy.ok)
    return fail({
      code: 'energy-data-invalid',
      message: energy.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    });
  return resolvePowerContext(energy.value, gpu, where, request);
}

/** Provider and region of an instance (for PUE and grid intensity); a bare GPU has neither. */
export function whereOf(hardware: Hardware): { provider?: string; region?: string } {
  return hardware.kind === 'instance'
    ? { provider: hardware.instance.provider, region: hardware.region }
    : {};
}
