/** Writes docs/schemas/measurement.schema.json from the zod schema (`npx tsx scripts/measurement-schema.ts`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { measurementJsonSchema } from '../src/catalog/measurement-file.js';

export const MEASUREMENT_SCHEMA_PATH = resolve(
  import.meta.dirname,
  '..',
  'docs',
  'schemas',
  'measurement.schema.json',
);

export function measurementSchemaText(): string {
  return `${JSON.stringify(measurementJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  mkdirSync(dirname(MEASUREMENT_SCHEMA_PATH), { recursive: true });
  writeFileSync(MEASUREMENT_SCHEMA_PATH, measurementSchemaText());
  console.log(`wrote ${MEASUREMENT_SCHEMA_PATH}`);
}
