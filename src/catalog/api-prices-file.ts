import { z } from 'zod';
import { fail, ok, type Result } from '../core/issue.js';
import { duplicateIdIssues } from './duplicate-id-issues.js';
import { schemaIssues } from './schema-issues.js';
import { sourcesSchema } from './source-schema.js';

const positive = z.number().positive();

export const apiPriceEntrySchema = z.strictObject({
  /** The price table's key, e.g. `together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo`. */
  id: z.string().min(1),
  provider: z.string().min(1),
  inputUsdPerMillionTokens: positive,
  outputUsdPerMillionTokens: positive,
  maxInputTokens: z.int().positive().optional(),
});

/** `data/v1/api-prices.json`: hosted LLM API list prices (chat and completion), zero-priced entries left out. */
export const apiPricesFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  description: z.string().min(1),
  asOf: z.iso.date(),
  sources: sourcesSchema,
  dataNotes: z.array(z.string().min(1)).optional(),
  prices: z.array(apiPriceEntrySchema).min(1),
});

export type ApiPriceEntry = z.infer<typeof apiPriceEntrySchema>;

/** One hosted API model's list price per million input and output tokens, with the date of the price table. */
export interface ApiPrice extends ApiPriceEntry {
  asOf: string;
}

export function parseApiPricesFile(raw: unknown): Result<ApiPrice[]> {
  const parsed = apiPricesFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const file = parsed.data;
  const issues = duplicateIdIssues(
    file.prices.map((price) => price.id),
    (index) => `prices[${index}].id`,
  );
  if (issues.length > 0) return fail(...issues);
  return ok(file.prices.map((price) => ({ ...price, asOf: file.asOf })));
}
