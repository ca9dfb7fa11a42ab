import type { Catalog } from '../core/instance-type.js';
import { fail, ok, type Result } from '../core/issue.js';
import { cloudCatalogs } from './cloud-catalogs.js';
import { type CloudSelection, selectClouds } from './cloud-selection.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';

/** The instances a request searches and where each is priced (before any filter on them). */
export interface SearchSpace {
  /** Every shipped cloud catalog, when clouds are searched (not one named price snapshot). */
  cloudList?: Result<Catalog[]>;
  /** The chosen clouds and each one's region, when clouds are searched. */
  selection?: Result<CloudSelection>;
  /** The merged clouds' catalog, or the one named. */
  catalog: Result<Catalog>;
  regionByProvider?: Record<string, string>;
  /** The one region (a named catalog), or every provider's region as a label (`aws us-east-1, gcp us-central1`). */
  region: string;
  /** `aws 2026-01-21, gcp 2026-05-20`: each searched cloud's price date (a named catalog: its own). */
  asOf?: string;
}

/**
 * `--catalog NAME` is that one price snapshot; otherwise the clouds of `--cloud` (`clouds`), by default
 * every shipped cloud that is not opt-in, each priced in its `--region` (the bare-region rule of
 * `selectClouds`) or its catalog's default region. Shared by the recommendations and the instance listing.
 */
export function readSearchSpace(
  o: OptionReader,
  data: PlannerData,
  clouds: readonly string[] | undefined,
  catalogId: string | undefined,
): SearchSpace {
  const cloudList = clouds || catalogId === undefined ? cloudCatalogs(data) : undefined;
  const regions = o.text('region') !== undefined ? o.list('region') : undefined;
  const selection = cloudList
    ? cloudList.ok
      ? selectClouds(cloudList.value, clouds, regions)
      : cloudList
    : undefined;
  const catalog = selection
    ? selection.ok
      ? ok(selection.value.catalog)
      : selection
    : catalogId !== undefined && data.catalogIds().includes(catalogId)
      ? data.catalog(catalogId)
      : fail({
          code: 'unknown-catalog',
          path: 'catalog',
          details: { value: catalogId ?? '', known: data.catalogIds() },
        });
  const regionByProvider = selection?.ok ? selection.value.regionByProvider : undefined;
  const region = regionByProvider
    ? Object.entries(regionByProvider)
        .map(([provider, r]) => `${provider} ${r}`)
        .join(', ')
    : (o.text('region') ?? (catalog.ok ? catalog.value.defaultRegion : ''));
  const asOf =
    selection?.ok && cloudList?.ok
      ? cloudList.value
          .filter((c) => selection.value.providers.includes(c.id))
          .map((c) => `${c.id} ${c.asOf}`)
          .join(', ')
      : catalog.ok
        ? catalog.value.asOf
        : undefined;
  return {
    ...(cloudList ? { cloudList } : {}),
    ...(selection ? { selection } : {}),
    catalog,
    ...(regionByProvider ? { regionByProvider } : {}),
    region,
    ...(asOf !== undefined ? { asOf } : {}),
  };
}
