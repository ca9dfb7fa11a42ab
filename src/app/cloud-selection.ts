import type { Catalog, InstanceType } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { didYouMean } from './did-you-mean.js';

/** The clouds chosen and, for each, the one region whose prices count. */
export interface CloudSelection {
  /** One catalog of every selected cloud's instances (ids are unique across the shipped clouds). */
  catalog: Catalog;
  /** Provider → region. */
  regionByProvider: Record<string, string>;
  /** Selected providers in the order given. */
  providers: string[];
  /** Selected clouds `--region` left out (none of its regions is theirs), as a warning; empty otherwise. */
  warnings: Issue[];
}

const regionsOf = (catalog: Catalog): string[] =>
  [...new Set(catalog.instances.flatMap((instance) => instance.prices.map((price) => price.region)))].sort();

/** Default `--cloud`: every shipped cloud catalog that is not opt-in (a marketplace such as Vast is). */
export function defaultClouds(catalogs: readonly Catalog[]): string[] {
  return catalogs.filter((c) => c.role === 'cloud' && !c.optIn).map((c) => c.id);
}

/**
 * `--cloud` and `--region`: which providers, and which region of each. A bare region selects every selected
 * cloud that prices a region by that name, each priced there; `cloud:region` is exact. Selected clouds no
 * `--region` entry names are left out, with a warning that says which. With no `--region`, each cloud uses its
 * catalog's default region. Every problem is reported at once.
 */
export function selectClouds(
  catalogs: readonly Catalog[],
  clouds: readonly string[] | undefined,
  regions: readonly string[] | undefined,
): Result<CloudSelection> {
  const byId = new Map(catalogs.filter((c) => c.role === 'cloud').map((c) => [c.id, c]));
  const issues: Issue[] = [];
  const wanted = clouds && clouds.length > 0 ? [...new Set(clouds)] : defaultClouds(catalogs);
  for (const id of wanted) {
    if (!byId.has(id)) {
      const suggestion = didYouMean(id, [...byId.keys()]);
      issues.push({
        code: 'unknown-cloud',
        path: 'cloud',
        details: { value: id, known: [...byId.keys()].sort(), ...(suggestion ? { suggestion } : {}) },
      });
    }
  }
  const selected = wanted.flatMap((id) => {
    const catalog = byId.get(id);
    return catalog ? [catalog] : [];
  });
  const regionByProvider: Record<string, string> = {};
  if (!regions || regions.length === 0) {
    for (const catalog of selected) regionByProvider[catalog.id] = catalog.defaultRegion;
  } else {
    for (const entry of regions) {
      const colon = entry.indexOf(':');
      const cloud = colon >= 0 ? entry.slice(0, colon) : undefined;
      const region = colon >= 0 ? entry.slice(colon + 1) : entry;
      const candidates = cloud === undefined ? selected : selected.filter((c) => c.id === cloud);
      if (cloud !== undefined && candidates.length === 0) {
        issues.push({
          code: 'region-cloud-not-selected',
          path: 'region',
          details: { value: entry, cloud, selected: selected.map((c) => c.id) },
        });
        continue;
      }
      const pricing = candidates.filter((c) => regionsOf(c).includes(region));
      if (pricing.length === 0) {
        const all = candidates.flatMap((c) =>
          regionsOf(c).map((r) => (cloud === undefined ? r : `${c.id}:${r}`)),
        );
        const suggestion = didYouMean(cloud === undefined ? region : entry, all);
        issues.push({
          code: 'unknown-region',
          path: 'region',
          details: {
            value: entry,
            clouds: candidates.map((c) => c.id),
            ...(suggestion ? { suggestion } : {}),
          },
        });
        continue;
      }
      for (const catalog of pricing) {
        const provider = catalog.id;
        const earlier = regionByProvider[provider];
        if (earlier !== undefined && earlier !== region) {
          issues.push({
            code: 'two-regions-for-one-cloud',
            path: 'region',
            details: { cloud: provider, regions: [earlier, region] },
          });
          continue;
        }
        regionByProvider[provider] = region;
      }
    }
  }
  if (issues.length > 0) return fail(...issues);
  const chosen = selected.filter((c) => regionByProvider[c.id] !== undefined);
  const leftOut = selected.filter((c) => regionByProvider[c.id] === undefined).map((c) => c.id);
  return ok({
    catalog: mergeCatalogs(chosen),
    regionByProvider,
    providers: chosen.map((c) => c.id),
    warnings:
      leftOut.length > 0
        ? [
            {
              code: 'clouds-left-out-by-region',
              path: 'region',
              details: { regions: [...(regions ?? [])], clouds: leftOut, searched: chosen.map((c) => c.id) },
            },
          ]
        : [],
  });
}

/** One catalog of several providers' instances; the first catalog's billing and region stand for the whole. */
export function mergeCatalogs(catalogs: readonly Catalog[]): Catalog {
  const first = catalogs[0];
  if (!first) throw new Error('mergeCatalogs needs at least one catalog');
  if (catalogs.length === 1) return first;
  const gpus = new Map(catalogs.flatMap((c) => c.gpus).map((gpu) => [gpu.id, gpu]));
  const instances: InstanceType[] = catalogs.flatMap((c) => c.instances);
  const ids = new Set<string>();
  for (const instance of instances) {
    if (ids.has(instance.id)) throw new Error(`instance id ${instance.id} appears in two clouds`);
    ids.add(instance.id);
  }
  return {
    id: catalogs.map((c) => c.id).join('+'),
    description: catalogs.map((c) => c.description).join(' '),
    role: 'cloud',
    optIn: false,
    asOf: catalogs.map((c) => c.asOf).sort()[0] ?? first.asOf,
    billing: first.billing,
    defaultRegion: first.defaultRegion,
    gpus: [...gpus.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    instances,
    sources: catalogs.flatMap((c) => c.sources),
  };
}
