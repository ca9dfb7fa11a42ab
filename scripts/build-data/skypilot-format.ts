import Papa from 'papaparse';
import type { InstanceEntry } from '../../src/catalog/cloud-file-schema.js';
import { byId } from './canonical-json.js';
import type { SharedData } from './shared-data.js';

/** The SkyPilot-format catalogs of 2026-05-20 (GCP, Azure, Lambda, Vast), Apache-2.0. */
export const SKYPILOT_DIR = 'cloud-catalogs/skypilot_format_anycloud_2026-05-20';
export const SKYPILOT_AS_OF = '2026-05-20';

/** One data row of a SkyPilot-format CSV, by header name, with its 1-based line number in the file. */
export interface SkyRow {
  line: number;
  cells: Record<string, string>;
}

/**
 * Reads a SkyPilot-format CSV. A row with more cells than the header is handed to `extraCells` (which
 * returns the row to keep, or throws); every other width mismatch is an error.
 */
export function readSkypilotCsv(
  shared: SharedData,
  file: string,
  extraCells?: (header: readonly string[], cells: readonly string[]) => Record<string, string>,
): { rows: SkyRow[]; widened: number[] } {
  const relative = `${SKYPILOT_DIR}/${file}`;
  const parsed = Papa.parse<string[]>(shared.text(relative), { skipEmptyLines: true });
  if (parsed.errors.length > 0)
    throw new Error(`${relative}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const [header, ...data] = parsed.data;
  if (!header) throw new Error(`${relative}: empty`);
  const rows: SkyRow[] = [];
  const widened: number[] = [];
  data.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length === header.length) {
      rows.push({ line, cells: Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])) });
    } else if (cells.length > header.length && extraCells) {
      rows.push({ line, cells: extraCells(header, cells) });
      widened.push(line);
    } else {
      throw new Error(`${relative} line ${line}: ${cells.length} cells, header has ${header.length}`);
    }
  });
  return { rows, widened };
}

/** A positive price from a cell, or undefined for '', '0', '0.0' (the source's "no price"). */
export function priceCell(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`not a price: '${text}'`);
  return value > 0 ? value : undefined;
}

/** Rows left out of a catalog, grouped by reason, for the data-build report and `dataNotes`. */
export class ExclusionLedger {
  private readonly byReason = new Map<string, { lines: number[]; labels: Set<string> }>();

  constructor(readonly file: string) {}

  add(reason: string, line: number, label: string): void {
    const entry = this.byReason.get(reason) ?? { lines: [], labels: new Set<string>() };
    entry.lines.push(line);
    entry.labels.add(label);
    this.byReason.set(reason, entry);
  }

  get rowCount(): number {
    return [...this.byReason.values()].reduce((sum, entry) => sum + entry.lines.length, 0);
  }

  entries(): { reason: string; lines: number[]; labels: string[] }[] {
    return [...this.byReason.entries()].map(([reason, entry]) => ({
      reason,
      lines: [...entry.lines].sort((a, b) => a - b),
      labels: [...entry.labels].sort(),
    }));
  }

  /** One `dataNotes` sentence per reason. */
  notes(): string[] {
    return this.entries().map(
      ({ reason, lines, labels }) =>
        `Excluded ${lines.length} row(s) of ${this.file} — ${reason}: ${labels.join(', ')}.`,
    );
  }
}

/** `1-3, 7, 9-12`: line numbers as ranges. */
export function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  let start = lines[0];
  let previous = lines[0];
  for (const line of [...lines.slice(1), Number.NaN]) {
    if (start === undefined || previous === undefined) break;
    if (line === previous + 1) {
      previous = line;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = line;
    previous = line;
  }
  return parts.join(', ');
}

type Spec = Omit<InstanceEntry, 'prices'>;
type Price = InstanceEntry['prices'][number];

/**
 * Collects instances region by region: the first row of an id fixes its spec, every later row must agree,
 * and a region priced twice must carry the same prices (its zones are merged).
 */
export class InstanceCollector {
  private readonly specs = new Map<string, Spec>();
  private readonly prices = new Map<string, Map<string, Price>>();

  add(spec: Spec, price: Price): void {
    const known = this.specs.get(spec.id);
    if (known && JSON.stringify(known) !== JSON.stringify(spec)) {
      throw new Error(
        `${spec.id}: rows disagree on the instance (${JSON.stringify(known)} vs ${JSON.stringify(spec)})`,
      );
    }
    this.specs.set(spec.id, spec);
    const regions = this.prices.get(spec.id) ?? new Map<string, Price>();
    const previous = regions.get(price.region);
    if (previous) {
      const same =
        previous.onDemandUsdPerHour === price.onDemandUsdPerHour &&
        previous.spotUsdPerHour === price.spotUsdPerHour &&
        previous.reservedUsdPerHour === price.reservedUsdPerHour;
      if (!same) throw new Error(`${spec.id} in ${price.region}: zones disagree on the price`);
      if (previous.zones && price.zones)
        previous.zones = [...new Set([...previous.zones, ...price.zones])].sort();
    } else {
      regions.set(price.region, { ...price });
    }
    this.prices.set(spec.id, regions);
  }

  instances(): InstanceEntry[] {
    return [...this.specs.values()]
      .map((spec) => ({
        ...spec,
        prices: [...(this.prices.get(spec.id)?.values() ?? [])].sort((a, b) =>
          a.region < b.region ? -1 : a.region > b.region ? 1 : 0,
        ),
      }))
      .sort(byId);
  }
}
