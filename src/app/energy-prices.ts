import type { EnergyFacts } from '../catalog/energy-file.js';
import type { EnergyPrices } from '../core/energy.js';

/** What the user set (undefined = use the default or the region's data). */
export interface EnergyOptions {
  electricityUsdPerKwh: number;
  pue?: number;
  gridGco2PerKwh?: number;
}

/** The prices in force and where each came from, printed with every answer. */
export interface ResolvedEnergyPrices extends EnergyPrices {
  pueSource: string;
  /** Null when no grid intensity is known (a bare GPU without --grid-gco2-per-kwh). */
  gridSource: string | null;
}

/**
 * PUE: the flag, else the provider's region value, else the provider's fleet average, else 1 (a bare
 * GPU: IT energy only, said so). Grid intensity: the flag, else the region's, else none.
 */
export function resolveEnergyPrices(
  facts: Pick<EnergyFacts, 'pue' | 'gridIntensity'>,
  where: { provider?: string; region?: string },
  options: EnergyOptions,
): ResolvedEnergyPrices {
  const provider = where.provider?.toLowerCase();
  const region = where.region?.toLowerCase();
  let pue = options.pue;
  let pueSource = '--pue';
  if (pue === undefined) {
    const match =
      facts.pue.find((p) => p.provider === provider && p.region.toLowerCase() === region) ??
      facts.pue.find((p) => p.provider === provider && p.region === '*');
    pue = match?.pue ?? 1;
    pueSource = match
      ? `${match.source.title}${match.region === '*' ? ` (${match.provider} average)` : ''}`
      : provider
        ? `none known for ${provider}: 1 (GPU energy only; set --pue for facility energy)`
        : 'none known for bare GPUs: 1 (GPU energy only; set --pue for facility energy)';
  }
  let grid = options.gridGco2PerKwh;
  let gridSource: string | null = grid === undefined ? null : '--grid-gco2-per-kwh';
  if (grid === undefined && provider && region) {
    const match = facts.gridIntensity.find((g) => g.provider === provider && g.region === region);
    if (match) {
      grid = match.gco2PerKwh;
      gridSource = `${match.source.title}, ${match.provider} ${match.region}, as of ${match.asOf}`;
    }
  }
  const prices: ResolvedEnergyPrices = {
    electricityUsdPerKwh: options.electricityUsdPerKwh,
    pue,
    pueSource,
    gridSource,
  };
  if (grid !== undefined) prices.gridGco2PerKwh = grid;
  return prices;
}
