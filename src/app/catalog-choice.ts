import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { cloudCatalogs } from './cloud-catalogs.js';
import { selectClouds } from './cloud-selection.js';
import { instanceMatcher, readCpuArchitectures, withCpuArchitectures } from './instance-filter.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { checkRegion } from './request-inputs.js';
import { spotUnavailableIssue } from './spot-inputs.js';

/** Which instances a recommendation searches and where each is priced: `--cloud`/`--catalog`, `--region`, `--arch`, `--instances`. */
export interface CatalogChoice {
  /** The merged clouds' catalog, or the named one, with only the allowed host architectures. */
  catalog: Result<Catalog>;
  /** Over clouds (`--cloud`, or neither flag): the region each provider is priced in. */
  regionByProvider?: Record<string, string>;
  /** The region (one catalog), or every provider's region as a label (`aws us-east-1, gcp us-central1`). */
  region: string;
  instancePatterns: string[];
  /** `aws 2026-01-21, gcp 2026-05-20`: each chosen cloud's price date (one catalog: its own). */
  asOf?: string;
  /** Providers searched over clouds (`--cloud`, or neither flag). */
  providers?: string[];
  /** Clouds `--region` left out (no region of that name), said so in the answer. */
  warnings: Issue[];
  /** Region and instance-pattern problems, reported with every other bad value (all problems at once). */
  issues: Issue[];
}

/**
 * Reads the hardware search space shared by both recommendation modes (throughput and latency SLOs), so
 * neither ignores a flag the other honours: `--catalog NAME` is that one price snapshot; otherwise the clouds
 * of `--cloud`, by default every shipped cloud that is not opt-in (aws, gcp, azure, lambda), each priced in
 * its `--region` or its catalog's default region. Problems with the flags themselves go to `o.issues`.
 */
export function chooseCatalog(
  o: OptionReader,
  data: PlannerData,
  pricing: 'on-demand' | 'reserved' | 'spot',
): CatalogChoice {
  const clouds = o.text('cloud') !== undefined ? o.list('cloud') : undefined;
  if (clouds && o.text('catalog') !== undefined)
    o.issues.push({
      code: 'invalid-option',
      path: 'cloud',
      message:
        '{{cloud}} chooses among the current cloud catalogs; {{catalog}} names one price set — give one of them',
    });
  const catalogId = o.text('catalog');
  const cloudList = clouds || catalogId === undefined ? cloudCatalogs(data) : undefined;
  const selection = cloudList
    ? cloudList.ok
      ? selectClouds(cloudList.value, clouds, o.text('region') !== undefined ? o.list('region') : undefined)
      : cloudList
    : undefined;
  const whole = selection
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
  const architectures = readCpuArchitectures(o);
  const catalog = whole.ok ? ok(withCpuArchitectures(whole.value, architectures)) : whole;
  const regionByProvider = selection?.ok ? selection.value.regionByProvider : undefined;
  const region = regionByProvider
    ? Object.entries(regionByProvider)
        .map(([provider, r]) => `${provider} ${r}`)
        .join(', ')
    : (o.text('region') ?? (catalog.ok ? catalog.value.defaultRegion : ''));
  const spotWarnings: Issue[] = [];
  if (pricing === 'spot' && catalog.ok) {
    const withSpot = cloudList ?? cloudCatalogs(data);
    const issue = spotUnavailableIssue(
      catalog.value,
      selection?.ok
        ? selection.value.providers
        : [...new Set(catalog.value.instances.map((i) => i.provider))],
      (provider) => priceRegion({ region, ...(regionByProvider ? { regionByProvider } : {}) }, provider),
      withSpot.ok
        ? withSpot.value
            .filter((c) => c.instances.some((i) => i.prices.some((p) => p.spotUsdPerHour !== undefined)))
            .map((c) => c.id)
        : [],
      selection ? 'cloud' : 'catalog',
    );
    if (issue?.code === 'spot-unavailable') o.issues.push(issue);
    else if (issue) spotWarnings.push(issue);
  }
  const instancePatterns = o.list('instances');
  const matcher = instanceMatcher(instancePatterns);
  // A bad region fails the selection; patterns are still checked against every cloud (all problems at once).
  const searchable = catalog.ok
    ? catalog.value.instances
    : selection && cloudList?.ok
      ? cloudList.value.flatMap((c) => c.instances)
      : undefined;
  const issues = [
    catalog.ok && !regionByProvider ? checkRegion(catalog.value, region) : undefined,
    searchable === undefined || searchable.some((i) => matcher(i.id))
      ? undefined
      : {
          code: 'no-instances-match',
          path: 'instances',
          details: { patterns: instancePatterns.join(',') },
        },
  ].filter((i) => i !== undefined);
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
    catalog,
    warnings: [...(selection?.ok ? selection.value.warnings : []), ...spotWarnings],
    ...(regionByProvider ? { regionByProvider } : {}),
    region,
    instancePatterns,
    ...(asOf !== undefined ? { asOf } : {}),
    ...(selection?.ok ? { providers: selection.value.providers } : {}),
    issues,
  };
}

/** The instance's price region under a choice: its provider's over clouds, else the one region. */
export function priceRegion(
  choice: { region: string; regionByProvider?: Record<string, string> },
  provider: string,
): string | undefined {
  return choice.regionByProvider ? choice.regionByProvider[provider] : choice.region;
}
