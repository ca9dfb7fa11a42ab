import Table from 'cli-table3';
import { defaultClouds } from '../../app/cloud-selection.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { Catalog } from '../../core/instance-type.js';
import type { CommandOutput } from '../command-output.js';
import { renderErrors } from '../text/render-issues.js';
import { COMPACT_TABLE } from '../text/table-style.js';

export interface RegionRow {
  cloud: string;
  region: string;
  isDefault: boolean;
  instances: number;
  withSpotPrice: number;
  withReservedPrice: number;
  asOf: string;
}

/** Every priced region of every cloud catalog: how many instance types, how many with spot and reserved prices. */
export function regionRows(catalogs: readonly Catalog[]): RegionRow[] {
  return catalogs.flatMap((catalog) => {
    const byRegion = new Map<string, RegionRow>();
    for (const instance of catalog.instances) {
      for (const price of instance.prices) {
        const row = byRegion.get(price.region) ?? {
          cloud: catalog.id,
          region: price.region,
          isDefault: price.region === catalog.defaultRegion,
          instances: 0,
          withSpotPrice: 0,
          withReservedPrice: 0,
          asOf: catalog.asOf,
        };
        row.instances += 1;
        if (price.spotUsdPerHour !== undefined) row.withSpotPrice += 1;
        if (price.reservedUsdPerHour !== undefined) row.withReservedPrice += 1;
        byRegion.set(price.region, row);
      }
    }
    return [...byRegion.values()].sort((a, b) => (a.region < b.region ? -1 : 1));
  });
}

/** `infersave regions [--cloud aws,gcp]`: the regions `--region` accepts, per cloud. */
export function runRegions(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const o = new OptionReader(raw);
  const catalogs: Catalog[] = [];
  for (const id of data.catalogIds()) {
    const catalog = data.catalog(id);
    if (!catalog.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(catalog.issues, 'regions') };
    if (catalog.value.role === 'cloud') catalogs.push(catalog.value);
  }
  const wanted = raw.cloud !== undefined ? o.list('cloud') : defaultClouds(catalogs);
  const unknown = wanted.filter((id) => !catalogs.some((c) => c.id === id));
  if (unknown.length > 0) {
    const issues = unknown.map((value) => ({
      code: 'unknown-cloud',
      path: '--cloud',
      details: { value, known: catalogs.map((c) => c.id) },
    }));
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'regions') };
  }
  const rows = regionRows(catalogs.filter((c) => wanted.includes(c.id)));
  if (raw.json === true) return { exitCode: 0, stdout: `${JSON.stringify(rows, null, 2)}\n`, stderr: '' };
  const t = new Table({
    head: ['cloud', 'region', 'instance types', 'with spot', 'with reserved', 'prices as of'],
    ...COMPACT_TABLE,
  });
  for (const r of rows)
    t.push([
      r.cloud,
      `${r.region}${r.isDefault ? ' (default)' : ''}`,
      r.instances,
      r.withSpotPrice,
      r.withReservedPrice,
      r.asOf,
    ]);
  return {
    exitCode: 0,
    stdout: `${t.toString()}\nA region name in two clouds (us-east-1: aws and lambda) is written cloud:region with --cloud.\n`,
    stderr: '',
  };
}
