/**
 * An expected failure or warning, as data: a code, where it happened, and the numbers behind it.
 * `src/messages/` turns it into a sentence.
 */
export interface Issue {
  code: string;
  /** Where: a field path, a file and row, a CLI flag. */
  path?: string;
  /** A plain message when the code alone cannot say it (e.g. a schema violation). */
  message?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

export type Result<T> = { ok: true; value: T; warnings: Issue[] } | { ok: false; issues: Issue[] };

export function ok<T>(value: T, warnings: Issue[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(...issues: Issue[]): Result<T> {
  return { ok: false, issues };
}
