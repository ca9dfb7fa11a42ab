import type { z } from 'zod';
import { didYouMean } from '../../app/did-you-mean.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { Issue } from '../../core/issue.js';
import { errorOutcome, type HttpOutcome } from './http-errors.js';

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

/** Body values as the CLI's raw options: lists joined with commas, numbers kept (read as text). */
export function rawOptions(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

/** Over HTTP a calibration is a built-in name: never a path on the server's disk. */
function calibrationIssue(data: PlannerData, name: unknown): Issue | undefined {
  if (typeof name !== 'string' || data.calibrationIds().includes(name)) return undefined;
  const known = data.calibrationIds();
  const suggestion = didYouMean(name, known);
  return {
    code: 'unknown-calibration',
    path: 'calibration',
    details: { value: name, known, ...(suggestion ? { suggestion } : {}) },
  };
}

/**
 * A body read as the use case's raw options, and the issues found before the use case runs. A calibration
 * that is no built-in is left out (the use case would read it as a file), so its other fields are still checked.
 */
export function bodyOptions(schema: z.ZodObject, input: unknown, data: PlannerData) {
  const body = readBody(schema, input);
  const badCalibration = calibrationIssue(data, body.fields.calibration);
  const fields = badCalibration ? { ...body.fields, calibration: undefined } : body.fields;
  const invalid = [...body.invalid, ...(badCalibration ? [badCalibration] : [])];
  const atFault = new Set(invalid.map((i) => i.path));
  return {
    raw: rawOptions(fields),
    invalid,
    missing: body.missing,
    /** Every problem: those found here, the use case's own (not "missing" for a field left out here), and each missing field it did not name. */
    problems: (own: Issue[]) =>
      withMissing(
        [...invalid, ...own.filter((i) => !(i.code === 'missing-option' && atFault.has(i.path)))],
        body.missing,
      ),
  };
}

/** The synthetic requests a body asks for, when it can tell (bad values are the use case's to report). */
function syntheticRequests(raw: Record<string, unknown>): { count: number; field: string } | undefined {
  const o = new OptionReader(raw);
  const requests = o.positiveInteger('requests');
  if (requests !== undefined) return { count: requests, field: 'requests' };
  const rate = o.positiveNumber('rate');
  const seconds = o.durationSeconds('duration');
  return rate !== undefined && seconds !== undefined
    ? { count: rate * seconds, field: 'duration' }
    : undefined;
}

/** A 422 when a synthetic workload has more requests than the server simulates. */
export function simulationTooLarge(
  raw: Record<string, unknown>,
  maxRequests: number,
): HttpOutcome | undefined {
  const size = syntheticRequests(raw);
  if (!size || size.count <= maxRequests) return undefined;
  return errorOutcome(422, [
    {
      code: 'simulation-too-large',
      path: size.field,
      message: `${Math.round(size.count)} synthetic requests exceed this server's limit of ${maxRequests}: lower ${size.field}`,
      details: { requests: Math.round(size.count), maxSimulateRequests: maxRequests },
    },
  ]);
}
