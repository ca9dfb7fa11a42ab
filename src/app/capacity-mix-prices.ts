import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { SpotRisk } from '../core/spot-interruption.js';
import type { CapacityMixRequest } from './capacity-mix-request.js';
import { gpuHourPriceTiers } from './gpu-hour-price.js';
import { discountedUsdPerHour } from './reserved-terms.js';

/** One GPU's $/h under each way of paying, and where each figure came from. */
export interface CapacityMixPrices {
  cloud: string;
  region: string;
  /** The catalog's cheapest instance with the GPU in the region, whose prices are the defaults (null: none). */
  instance: string | null;
  /** Its GPUs (replicas are one GPU each: this many per instance). */
  instanceGpuCount: number | null;
  catalogAsOf: string;
  onDemandUsdPerGpuHour: number;
  reservedUsdPerGpuHour: number;
  /** Null without batch work (spot is for batch only). */
  spotUsdPerGpuHour: number | null;
  sources: { onDemand: string; reserved: string; spot: string | null };
}

/**
 * The three prices per GPU-hour: the user's where given, else the catalog's cheapest instance carrying the
 * GPU in the region (÷ its GPUs). Reserved: AWS's catalog has 1-year no-upfront prices; other clouds'
 * commitments are the user's to give (a price or a discount off on-demand). Spot is needed only for batch
 * work, with its interruption rate and restart time (no default: no provider publishes a per-hour rate).
 */
export function capacityMixPrices(
  req: CapacityMixRequest,
  catalog: Catalog,
  region: string,
): Result<{ prices: CapacityMixPrices; risk: SpotRisk | null }> {
  const issues: Issue[] = [];
  const tiers = gpuHourPriceTiers(catalog, region, req.gpu);
  const per = (usd: number) => {
    const n = tiers?.instance.gpuCount ?? 1;
    const each = n > 1 ? ` ÷ ${n} GPUs` : '';
    return `${catalog.id} ${tiers?.instance.id} ${region} $${+(usd * n).toFixed(6)}/h${each} (as of ${catalog.asOf})`;
  };
  const onDemand = req.usdPerGpuHour ?? tiers?.onDemandUsdPerHour;
  if (onDemand === undefined)
    issues.push({
      code: 'missing-option',
      path: 'usdPerGpuHour',
      message: `${catalog.id} has no instance with ${req.gpu} priced in ${region}: give {{usdPerGpuHour}} (and the reserved price), or another {{gpu}} or {{region}}`,
    });
  let reserved: { usd: number; source: string } | undefined;
  if (req.reservedUsdPerGpuHour !== undefined && req.reservedDiscount !== undefined)
    issues.push({
      code: 'invalid-option',
      path: 'reservedDiscount',
      message: 'give the reserved price as {{reservedUsdPerGpuHour}} or as {{reservedDiscount}}, not both',
    });
  else if (req.reservedUsdPerGpuHour !== undefined)
    reserved = { usd: req.reservedUsdPerGpuHour, source: 'reservedUsdPerGpuHour (given)' };
  else if (req.reservedDiscount !== undefined && onDemand !== undefined)
    reserved = {
      usd: discountedUsdPerHour(onDemand, req.reservedDiscount),
      source: `on-demand × (1 − reservedDiscount ${req.reservedDiscount}) (given)`,
    };
  else if (tiers?.reservedUsdPerHour !== undefined && req.usdPerGpuHour === undefined)
    reserved = {
      usd: tiers.reservedUsdPerHour,
      source: `${per(tiers.reservedUsdPerHour)}, 1-year no-upfront reserved`,
    };
  else if (req.reservedDiscount === undefined)
    issues.push({
      code: 'missing-option',
      path: 'reservedUsdPerGpuHour',
      message:
        req.usdPerGpuHour !== undefined && tiers?.reservedUsdPerHour !== undefined
          ? 'with a given on-demand price, give the reserved price too ({{reservedUsdPerGpuHour}} or {{reservedDiscount}}): the catalog’s belongs to its own on-demand price'
          : `${catalog.id}'s catalog has no reserved (committed-use) price for ${req.gpu} in ${region}: give your commitment's {{reservedUsdPerGpuHour}} or {{reservedDiscount}} (e.g. 0.37 for 37 % off on-demand)`,
    });
  let spot: { usd: number; source: string } | null = null;
  let risk: SpotRisk | null = null;
  if (req.batchFraction > 0) {
    const spotUsd = req.spotUsdPerGpuHour ?? tiers?.spotUsdPerHour;
    if (spotUsd === undefined)
      issues.push({
        code: 'missing-option',
        path: 'spotUsdPerGpuHour',
        message: `batch work runs on spot, and ${catalog.id}'s catalog has no spot price for ${req.gpu} in ${region}: give {{spotUsdPerGpuHour}}`,
      });
    else
      spot = {
        usd: spotUsd,
        source: req.spotUsdPerGpuHour !== undefined ? 'spotUsdPerGpuHour (given)' : `${per(spotUsd)}, spot`,
      };
    if (req.spotInterruptionsPerHour === undefined)
      issues.push({
        code: 'missing-option',
        path: 'spotInterruptionsPerHour',
        message:
          'batch work on spot capacity can be reclaimed: give the expected interruptions per instance-hour (e.g. 0.05); no provider publishes a per-hour rate to default to',
      });
    if (req.spotRestartSeconds === undefined)
      issues.push({
        code: 'missing-option',
        path: 'spotRestart',
        message: 'give the time to replace an interrupted spot instance and load the model (e.g. 10m)',
      });
    if (req.spotInterruptionsPerHour !== undefined && req.spotRestartSeconds !== undefined)
      risk = { interruptionsPerHour: req.spotInterruptionsPerHour, restartSeconds: req.spotRestartSeconds };
  } else {
    const stray = (['spotUsdPerGpuHour', 'spotInterruptionsPerHour', 'spotRestartSeconds'] as const).find(
      (k) => req[k] !== undefined,
    );
    if (stray)
      issues.push({
        code: 'invalid-option',
        path: stray === 'spotRestartSeconds' ? 'spotRestart' : stray,
        message:
          'spot capacity serves batch work only: add {{batchFraction}} (the deferrable share of requests)',
      });
  }
  if (onDemand === undefined || !reserved || issues.length > 0) return fail(...issues);
  return ok({
    prices: {
      cloud: catalog.id,
      region,
      instance: tiers?.instance.id ?? null,
      instanceGpuCount: tiers?.instance.gpuCount ?? null,
      catalogAsOf: catalog.asOf,
      onDemandUsdPerGpuHour: onDemand,
      reservedUsdPerGpuHour: reserved.usd,
      spotUsdPerGpuHour: spot?.usd ?? null,
      sources: {
        onDemand: req.usdPerGpuHour !== undefined ? 'usdPerGpuHour (given)' : `${per(onDemand)}, on-demand`,
        reserved: reserved.source,
        spot: spot?.source ?? null,
      },
    },
    risk,
  });
}
