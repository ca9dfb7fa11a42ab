import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { PlannerData } from './planner-data.js';

/** Every catalog of the planner's data whose role is `cloud` (AWS, GCP, Azure, Lambda, …). */
export function cloudCatalogs(data: PlannerData): Result<Catalog[]> {
  const issues: Issue[] = [];
  const catalogs: Catalog[] = [];
  for (const id of data.catalogIds()) {
    const catalog = data.catalog(id);
    if (!catalog.ok) issues.push(...catalog.issues);
    else if (catalog.value.role === 'cloud') catalogs.push(catalog.value);
  }
  return issues.length > 0 ? fail(...issues) : ok(catalogs);
}

/**
 * The catalog `--instance ID` means when no `--catalog` is given: the first default cloud (not opt-in) that
 * lists the id (ids are unique across the shipped clouds), else `fallback` — whose lookup then reports the
 * unknown id with its suggestions.
 */
export function catalogOfInstance(
  data: PlannerData,
  instanceId: string | undefined,
  fallback: string,
): string {
  if (instanceId === undefined) return fallback;
  const clouds = cloudCatalogs(data);
  if (!clouds.ok) return fallback;
  const home = clouds.value.find((c) => !c.optIn && c.instances.some((i) => i.id === instanceId));
  return home?.id ?? fallback;
}
