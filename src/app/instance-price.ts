import type { InstanceType } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';

/** How an instance is paid for. */
export type Pricing = 'on-demand' | 'reserved' | 'spot';

/**
 * The instance's $/h in a region under a pricing — the one price lookup every use case uses — or why
 * there is none: no price in the region, or no reserved or spot price there.
 */
export function instancePrice(
  instance: InstanceType,
  region: string,
  pricing: Pricing,
): { usdPerHour: number } | { issue: Issue } {
  const price = instance.prices.find((p) => p.region === region);
  if (!price) return { issue: { code: 'not-offered-in-region', details: { region } } };
  const value =
    pricing === 'reserved'
      ? price.reservedUsdPerHour
      : pricing === 'spot'
        ? price.spotUsdPerHour
        : price.onDemandUsdPerHour;
  if (value === undefined) {
    const issue: Issue =
      pricing === 'spot'
        ? { code: 'no-spot-price', details: { region } }
        : { code: 'no-reserved-price', details: { region } };
    return { issue };
  }
  return { usdPerHour: value };
}

/** instancePrice's $/h, or undefined where there is none. */
export function instancePriceUsdPerHour(
  instance: InstanceType,
  region: string,
  pricing: Pricing,
): number | undefined {
  const price = instancePrice(instance, region, pricing);
  return 'usdPerHour' in price ? price.usdPerHour : undefined;
}
