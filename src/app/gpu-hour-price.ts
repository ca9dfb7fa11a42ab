import type { Catalog } from '../core/instance-type.js';
import { fail, ok, type Result } from '../core/issue.js';
import { fieldRef } from '../messages/wording.js';

export interface GpuHourPrice {
  usdPerHour: number;
  /** Where the figure came from, for the printed answer. */
  source: string;
}

/**
 * $/h of one GPU when a user gives none: the cheapest on-demand instance of the catalog carrying it (in the
 * catalog's default region), divided by its GPU count. A MIG slice costs this × its price share
 * (data/v1/mig.json): clouds rent whole GPUs, so slice prices are for providers planning their own fleet.
 */
export function gpuHourPrice(catalog: Catalog, gpuId: string): GpuHourPrice | undefined {
  let best: GpuHourPrice | undefined;
  for (const instance of catalog.instances) {
    if (instance.gpuId !== gpuId) continue;
    const price = instance.prices.find((p) => p.region === catalog.defaultRegion)?.onDemandUsdPerHour;
    if (price === undefined) continue;
    const perGpu = price / instance.gpuCount;
    if (!best || perGpu < best.usdPerHour)
      best = {
        usdPerHour: perGpu,
        source: `${catalog.id} ${instance.id} ${catalog.defaultRegion} on-demand $${price}/h ÷ ${instance.gpuCount} GPUs (prices as of ${catalog.asOf})`,
      };
  }
  return best;
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
