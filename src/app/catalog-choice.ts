import type { Catalog } from '../core/instance-type.js';
import { type Issue, ok, type Result } from '../core/issue.js';
import { cloudCatalogs } from './cloud-catalogs.js';
import { instanceMatcher, readCpuArchitectures, withCpuArchitectures } from './instance-filter.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { checkRegion } from './request-inputs.js';
import { readSearchSpace } from './search-space.js';
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
  const space = readSearchSpace(o, data, clouds, o.text('catalog'));
  const { cloudList, selection, regionByProvider, region, asOf } = space;
  const architectures = readCpuArchitectures(o);
  const catalog = space.catalog.ok
    ? ok(withCpuArchitectures(space.catalog.value, architectures))
    : space.catalog;
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
