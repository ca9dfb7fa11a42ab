import type { EnergyReport } from '../../app/energy-report.js';
import { formatNumber, formatUsd } from '../../messages/format.js';

/** Small dollar amounts keep four decimals ($0.0021), larger ones the usual format. */
export function formatEnergyUsd(usd: number): string {
  return usd < 0.1 ? `$${usd.toFixed(4)}` : formatUsd(usd);
}

function joules(j: number): string {
  return j >= 1 ? `${formatNumber(j, 2)} J` : `${formatNumber(j * 1000, 1)} mJ`;
}

/** The energy section of a text answer. */
export function renderEnergy(e: EnergyReport, gpuId: string): string[] {
  const clock = e.gpuClockMhz === null ? 'default SM clock' : `SM clock ${e.gpuClockMhz} MHz`;
  const basis = e.estimated
    ? `estimated: no power measurement of ${gpuId}; the model fitted on OASIS's A100/H100 readings, scaled by its power limit`
    : 'power model fitted on OASIS measurements of this GPU (docs/oasis.md)';
  const carbon =
    e.gco2PerMillionTokens === null
      ? 'CO2: needs --grid-gco2-per-kwh (no region known)'
      : `${formatNumber(e.gco2PerMillionTokens, 1)} g CO2e at ${formatNumber(e.gridGco2PerKwh as number, 0)} g/kWh`;
  return [
    `Energy (${basis}):`,
    `  power           ${formatNumber(e.averagePowerWatts, 0)} W average over ${e.gpus} GPU(s), ${clock}${e.estimated ? ' (estimated)' : ''}`,
    `  per token       ${joules(e.joulesPerToken)} (input + output), ${joules(e.joulesPerOutputToken)} per output token`,
    `  per M tokens    ${formatNumber(e.facilityKwhPerMillionTokens, 3)} kWh at PUE ${e.pue} → ${formatEnergyUsd(e.energyUsdPerMillionTokens)} at ${formatEnergyUsd(e.electricityUsdPerKwh)}/kWh; ${carbon}`,
    `  sources         PUE: ${e.pueSource}${e.gridSource ? `; grid: ${e.gridSource}` : ''}`,
  ];
}
