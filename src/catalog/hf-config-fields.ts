import type { Issue } from '../core/issue.js';

/** A raw Hugging Face config.json, as decoded. */
export type RawConfig = Readonly<Record<string, unknown>>;

/** Reads typed fields from a raw config, recording an issue (with the field as path) for each bad one. */
export class FieldReader {
  readonly issues: Issue[] = [];
  readonly warnings: Issue[] = [];

  /** A positive integer; absent (or null) gives `fallback`, or a `config-field-missing` issue without one. */
  positiveInteger(config: RawConfig, key: string, fallback?: number): number | undefined {
    const value = config[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.issues.push({ code: 'config-field-missing', path: key });
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      this.issues.push({
        code: 'config-field-invalid',
        path: key,
        details: { value: JSON.stringify(value), expected: 'a positive integer' },
      });
      return undefined;
    }
    return value;
  }

  boolean(config: RawConfig, key: string, fallback: boolean): boolean {
    const value = config[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.issues.push({
      code: 'config-field-invalid',
      path: key,
      details: { value: JSON.stringify(value), expected: 'true or false' },
    });
    return fallback;
  }
}
