import type { Catalog } from '../core/instance-type.js';
import type { OptionReader } from './option-reader.js';

/**
 * The term of each catalog's reserved prices, as its data notes state it: AWS's source
 * (instances.vantage.sh) gives one reserved rate, its default, which data/v1/clouds/aws.json takes to be
 * the 1-year, no-upfront standard reserved price. No catalog carries 3-year prices or other clouds'
 * commitments (GCP committed-use, Azure reservations): those are the user's to give (reservedDiscount).
 */
const CATALOG_RESERVED_TERM: Record<string, string> = {
  aws: '1-year no-upfront standard (the source’s default reserved rate, per data/v1/clouds/aws.json)',
};

/** The term of a cloud catalog's reserved prices, as its data notes state it (undefined: not stated). */
export function catalogReservedTerm(provider: string): string | undefined {
  return CATALOG_RESERVED_TERM[provider];
}

/**
 * `--reserved-discount d`: the user's own commitment (any cloud, any term) as a fraction off on-demand,
 * as capacity-mix takes it; only with `--pricing reserved`.
 */
export function readReservedDiscount(o: OptionReader, pricing: string): number | undefined {
  const discount = o.positiveNumber('reservedDiscount');
  if (discount === undefined) return undefined;
  if (pricing !== 'reserved') {
    o.issues.push({
      code: 'invalid-option',
      path: 'reservedDiscount',
      message: 'applies to reserved capacity only: add {{pricing}} reserved',
    });
    return undefined;
  }
  if (!(discount < 1)) {
    o.issues.push({
      code: 'invalid-option',
      path: 'reservedDiscount',
      message: `a discount is a fraction of the on-demand price below 1 (got ${discount}): e.g. 0.37 for 37 % off`,
    });
    return undefined;
  }
  return discount;
}

/** A reserved price from the user's commitment: on-demand × (1 − discount), $ per hour. */
export function discountedUsdPerHour(onDemandUsdPerHour: number, discount: number): number {
  return onDemandUsdPerHour * (1 - discount);
}

/** Every instance's reserved price in every region: on-demand × (1 − discount), replacing the catalog's. */
export function withReservedDiscount(catalog: Catalog, discount: number): Catalog {
  return {
    ...catalog,
    instances: catalog.instances.map((i) => ({
      ...i,
      prices: i.prices.map((p) => ({
        ...p,
        reservedUsdPerHour: discountedUsdPerHour(p.onDemandUsdPerHour, discount),
      })),
    })),
  };
}

/**
 * Which term a reserved price is and where it came from, for the settings of every output that prices
 * reserved capacity: the user's discount, or per cloud the catalog's term (or that it has none).
 */
export function reservedPriceSource(catalog: Catalog, discount: number | undefined): string {
  if (discount !== undefined)
    return `on-demand × (1 − ${discount}): your commitment’s discount (reservedDiscount, given; its term is yours)`;
  const providers = [...new Set(catalog.instances.map((i) => i.provider))].sort();
  return providers
    .map((provider) => {
      const priced = catalog.instances.some(
        (i) => i.provider === provider && i.prices.some((p) => p.reservedUsdPerHour !== undefined),
      );
      if (!priced) return `${provider}: none in the catalog (give reservedDiscount for your commitment)`;
      return `${provider}: ${catalogReservedTerm(provider) ?? 'term not stated by the source'}, catalog as of ${
        catalog.instances.find((i) => i.provider === provider)?.asOf ?? catalog.asOf
      }`;
    })
    .join('; ');
}
