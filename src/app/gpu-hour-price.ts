import type { Catalog, InstanceType } from '../core/instance-type.js';
import { fail, ok, type Result } from '../core/issue.js';
import { fieldRef } from '../messages/wording.js';

export interface GpuHourPrice {
  usdPerHour: number;
  /** Where the figure came from, for the printed answer. */
  source: string;
}

/** One GPU's share of an instance's on-demand, reserved and spot prices in a region. */
export interface GpuHourPriceTiers {
  instance: InstanceType;
  region: string;
  onDemandUsdPerHour: number;
  reservedUsdPerHour?: number;
  spotUsdPerHour?: number;
}

/**
 * The instance of the catalog carrying `gpuId` with the cheapest on-demand price per GPU in `region`, and
 * each of its prices ÷ its GPU count (reserved and spot where the catalog has them).
 */
export function gpuHourPriceTiers(
  catalog: Catalog,
  region: string,
  gpuId: string,
): GpuHourPriceTiers | undefined {
  let best: GpuHourPriceTiers | undefined;
  for (const instance of catalog.instances) {
    if (instance.gpuId !== gpuId) continue;
    const price = instance.prices.find((p) => p.region === region);
    if (price === undefined) continue;
    const perGpu = (usd: number | undefined) => (usd === undefined ? undefined : usd / instance.gpuCount);
    const onDemand = perGpu(price.onDemandUsdPerHour) as number;
    if (best && onDemand >= best.onDemandUsdPerHour) continue;
    const reserved = perGpu(price.reservedUsdPerHour);
    const spot = perGpu(price.spotUsdPerHour);
    best = {
      instance,
      region,
      onDemandUsdPerHour: onDemand,
      ...(reserved !== undefined ? { reservedUsdPerHour: reserved } : {}),
      ...(spot !== undefined ? { spotUsdPerHour: spot } : {}),
    };
  }
  return best;
}

/**
 * $/h of one GPU when a user gives none: the cheapest on-demand instance of the catalog carrying it (in the
 * catalog's default region), divided by its GPU count. A MIG slice costs this × its price share
 * (data/v1/mig.json): clouds rent whole GPUs, so slice prices are for providers planning their own fleet.
 */
export function gpuHourPrice(catalog: Catalog, gpuId: string): GpuHourPrice | undefined {
  const tiers = gpuHourPriceTiers(catalog, catalog.defaultRegion, gpuId);
  if (!tiers) return undefined;
  const { instance } = tiers;
  const price = instance.prices.find((p) => p.region === catalog.defaultRegion)?.onDemandUsdPerHour;
  return {
    usdPerHour: tiers.onDemandUsdPerHour,
    source: `${catalog.id} ${instance.id} ${catalog.defaultRegion} on-demand $${price}/h ÷ ${instance.gpuCount} GPUs (prices as of ${catalog.asOf})`,
  };
}

/**
 * The GPU's $/h: the user's figure when given, else the catalog's (gpuHourPrice); when neither exists, a
 * `missing-option` problem on `path` (the request field that supplies it).
 */
export function resolveGpuHourPrice(
  givenUsdPerHour: number | undefined,
  catalog: Catalog | undefined,
  gpuId: string,
  path: string,
): Result<GpuHourPrice> {
  if (givenUsdPerHour !== undefined) return ok({ usdPerHour: givenUsdPerHour, source: `${path} (given)` });
  const price = catalog ? gpuHourPrice(catalog, gpuId) : undefined;
  return price
    ? ok(price)
    : fail({
        code: 'missing-option',
        path,
        message: `no catalog price for ${gpuId}: give ${fieldRef(path)}`,
      });
}
