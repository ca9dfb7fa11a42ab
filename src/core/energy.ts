/** Joules in one kilowatt-hour. */
export const JOULES_PER_KWH = 3.6e6;

/** What turns GPU energy into facility energy, money and emissions. */
export interface EnergyPrices {
  /** Electricity price, US dollars per kWh drawn by the facility. */
  electricityUsdPerKwh: number;
  /** Power usage effectiveness: facility energy ÷ IT energy (≥ 1). */
  pue: number;
  /** Grid carbon intensity, g CO2e per kWh; absent when unknown (then no emissions are computed). */
  gridGco2PerKwh?: number;
}

/** Energy figures of one serving configuration, per GPU fleet running it. */
export interface EnergyFigures {
  /** Average electrical power of all the configuration's GPUs (IT power, before PUE). */
  averagePowerWatts: number;
  /** GPU energy per token (input + output tokens), joules. */
  joulesPerToken: number;
  /** GPU energy per output token, joules (OASIS's mJ/tok counts output tokens). */
  joulesPerOutputToken: number;
  /** Facility energy (× PUE) per million tokens (input + output), kWh. */
  facilityKwhPerMillionTokens: number;
  /** Electricity cost per million tokens (input + output), US dollars. */
  energyUsdPerMillionTokens: number;
  /** Emissions per million tokens (input + output), g CO2e; null without a grid intensity. */
  gco2PerMillionTokens: number | null;
  /** Electricity cost per hour of running, US dollars. */
  energyUsdPerHour: number;
}

/**
 * Energy per token, per million tokens, cost and emissions from average power and token rates.
 * Example: 240 W at 1000 tokens/s (all) and 800 output tokens/s, PUE 1.1, $0.12/kWh, 400 g/kWh:
 * 0.24 J/token, 0.3 J/output token; 0.24 × 10⁶ × 1.1 / 3.6 × 10⁶ = 0.0733 kWh per M tokens → $0.0088
 * and 29.3 g CO2e per M tokens; 0.24 kW × 1.1 × $0.12 = $0.03168 per hour.
 */
export function energyFigures(
  averagePowerWatts: number,
  tokensPerSecond: number,
  outputTokensPerSecond: number,
  prices: EnergyPrices,
): EnergyFigures {
  const joulesPerToken = tokensPerSecond > 0 ? averagePowerWatts / tokensPerSecond : Number.POSITIVE_INFINITY;
  const joulesPerOutputToken =
    outputTokensPerSecond > 0 ? averagePowerWatts / outputTokensPerSecond : Number.POSITIVE_INFINITY;
  const facilityKwhPerMillionTokens = (joulesPerToken * 1e6 * prices.pue) / JOULES_PER_KWH;
  return {
    averagePowerWatts,
    joulesPerToken,
    joulesPerOutputToken,
    facilityKwhPerMillionTokens,
    energyUsdPerMillionTokens: facilityKwhPerMillionTokens * prices.electricityUsdPerKwh,
    gco2PerMillionTokens:
      prices.gridGco2PerKwh === undefined ? null : facilityKwhPerMillionTokens * prices.gridGco2PerKwh,
    energyUsdPerHour: (averagePowerWatts / 1000) * prices.pue * prices.electricityUsdPerKwh,
  };
}

/**
 * Facility energy of `watts` for `seconds`, kWh (× PUE). Example: 250 W for 2 h at PUE 1.2 → 0.6 kWh.
 */
export function facilityKwh(watts: number, seconds: number, pue: number): number {
  return (watts * seconds * pue) / JOULES_PER_KWH;
}
