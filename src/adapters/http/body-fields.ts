import type { z } from 'zod';
import type { Issue } from '../../core/issue.js';

/** zod issues → API issues naming the field. */
export function schemaIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? i.keys : [];
    const path = [...i.path, ...keys.slice(0, 1)].map(String).join('.');
    const message =
      i.code === 'unrecognized_keys'
        ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`
        : i.path.length === 0
          ? 'the body must be a JSON object'
          : i.code === 'invalid_union'
            ? 'expected a number or a string (a list: a string or an array of strings)'
            : i.message;
    return { code: 'invalid-field', path, message };
  });
}

/** A body read against a use case's schema: its fields, what is wrong with them, what is missing. */
export interface BodyFields {
  /** The body's fields, every one optional (undefined when a field has the wrong type). */
  fields: Record<string, unknown>;
  /** Wrong types and unknown fields (`invalid-field`): JSON-only mistakes, which no flag can make. */
  invalid: Issue[];
  /**
   * Required fields absent, as `missing-option` — the code the CLI gives a missing required flag, so the
   * same bad request reads the same on both surfaces.
   */
  missing: Issue[];
}

/**
 * Reads a body against `schema` without stopping at the first missing field, so a missing `model` and a
 * negative `inputTokens` are reported together (the use case checks the values; see `withMissing`).
 */
export function readBody(schema: z.ZodObject, input: unknown): BodyFields {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      fields: {},
      invalid: [{ code: 'invalid-field', path: '', message: 'the body must be a JSON object' }],
      missing: [],
    };
  }
  const body = input as Record<string, unknown>;
  const missing: Issue[] = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (body[key] !== undefined || field.safeParse(undefined).success) continue;
    missing.push({ code: 'missing-option', path: key, message: field.description ?? 'a required field' });
  }
  const partial = schema.partial();
  const parsed = partial.safeParse(body);
  if (parsed.success) return { fields: parsed.data as Record<string, unknown>, invalid: [], missing };
  // The fields at fault are left out, so the use case can still check the others.
  const atFault = new Set(
    parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [String(i.path[0])])),
  );
  const rest = partial.safeParse(Object.fromEntries(Object.entries(body).filter(([k]) => !atFault.has(k))));
  return {
    fields: rest.success ? (rest.data as Record<string, unknown>) : {},
    invalid: schemaIssues(parsed.error),
    missing,
  };
}

/** The use case's issues, then each missing field it did not already report. */
export function withMissing(issues: Issue[], missing: Issue[]): Issue[] {
  const reported = new Set(issues.map((i) => i.path));
  return [...issues, ...missing.filter((m) => !reported.has(m.path))];
}
