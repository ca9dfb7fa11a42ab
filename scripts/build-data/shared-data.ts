import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parse as parseYaml } from 'yaml';

/** Read access to the shared reference data directory (`/work/shared/data` or a copy of it). */
export interface SharedData {
  dir: string;
  exists(relative: string): boolean;
  text(relative: string): string;
  json(relative: string): unknown;
  yaml(relative: string): unknown;
  /** Rows of a CSV file with a header line, every cell a string. */
  csv(relative: string): Record<string, string>[];
}

export function sharedData(dir: string): SharedData {
  const text = (relative: string): string => readFileSync(join(dir, relative), 'utf8');
  return {
    dir,
    exists: (relative) => existsSync(join(dir, relative)),
    text,
    json: (relative) => JSON.parse(text(relative)) as unknown,
    yaml: (relative) => parseYaml(text(relative)) as unknown,
    csv: (relative) => {
      const parsed = Papa.parse<Record<string, string>>(text(relative), {
        header: true,
        skipEmptyLines: true,
      });
      if (parsed.errors.length > 0) {
        throw new Error(`${relative}: ${parsed.errors.map((error) => error.message).join('; ')}`);
      }
      return parsed.data;
    },
  };
}
