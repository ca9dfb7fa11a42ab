import type { Issue } from '../core/issue.js';
import {
  isPrecision,
  KV_CACHE_DTYPES,
  type KvCacheDtype,
  PRECISIONS,
  type Precision,
} from '../core/precision.js';
import { DEFAULTS } from './settings.js';
import { boundProblem } from './value-bounds.js';

/**
 * Validators for request values, given as text (a CLI flag) or JSON (an HTTP body). Each records an issue whose
 * path is the request field (`inputTokens`; each surface words it: `--input-tokens` on the CLI) and the fix, and
 * returns undefined, so one run reports every bad value at once.
 */
export class OptionReader {
  readonly issues: Issue[] = [];

  constructor(private readonly raw: Record<string, unknown>) {}

  private value(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null || v === false) return undefined;
    return String(v).trim();
  }

  /** The value, or an issue when it is above its field's documented bound (app/value-bounds.ts). */
  private withinBound(key: string, n: number): number | undefined {
    const problem = boundProblem(key, n);
    return problem === undefined ? n : this.bad(key, problem);
  }

  private bad(field: string, message: string): undefined {
    this.issues.push({ code: 'invalid-option', path: field, message });
    return undefined;
  }

  required<T>(key: string, read: (k: string) => T | undefined, hint: string): T | undefined {
    if (this.value(key) === undefined) {
      this.issues.push({ code: 'missing-option', path: key, message: hint });
      return undefined;
    }
    return read(key);
  }

  positiveInteger = (key: string): number | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
      return this.bad(key, `'${text}' is not a positive whole number (1, 2, 3, …)`);
    }
    return this.withinBound(key, n);
  };

  positiveNumber = (key: string): number | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n <= 0)
      return this.bad(key, `'${text}' is not a positive number`);
    return this.withinBound(key, n);
  };

  /** A whole number ≥ 0 (a seed, a count that may be zero). */
  wholeNumber = (key: string): number | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) {
      return this.bad(key, `'${text}' is not a whole number (0, 1, 2, …)`);
    }
    return n;
  };

  /** Token lengths: `N` (every request) or `MIN-MAX` (uniform on the whole numbers between), each ≥ 1. */
  tokenLengths = (
    key: string,
  ):
    | { kind: 'fixed'; tokens: number }
    | { kind: 'uniform'; minTokens: number; maxTokens: number }
    | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const m = /^([0-9]+)(?:\s*-\s*([0-9]+))?$/.exec(text);
    const low = Number(m?.[1]);
    const high = m?.[2] === undefined ? low : Number(m[2]);
    if (!m || !Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low < 1 || high > 0xffffffff) {
      return this.bad(key, `'${text}' is not a token count N or a range MIN-MAX of positive whole numbers`);
    }
    if (low > high) return this.bad(key, `'${text}': the range's minimum is above its maximum`);
    if (this.withinBound(key, high) === undefined) return undefined;
    return low === high
      ? { kind: 'fixed', tokens: low }
      : { kind: 'uniform', minTokens: low, maxTokens: high };
  };

  fraction = (key: string): number | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n <= 0 || n > 1) {
      return this.bad(key, `'${text}' must be a fraction in (0, 1], e.g. 0.9`);
    }
    return n;
  };

  /** A duration with its unit: 250ms, 1s, 1.5s, 2m, 1h → seconds. A bare number is refused: say the unit. */
  durationSeconds = (key: string): number | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const m = /^([0-9]+(?:\.[0-9]+)?)\s*(us|µs|ms|s|m|h)$/.exec(text);
    const scale: Record<string, number> = { us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    if (!m || Number(m[1]) <= 0) {
      return this.bad(key, `'${text}' is not a positive duration with a unit, e.g. 250ms, 1s, 2m`);
    }
    return Number(m[1]) * (scale[m[2] as string] as number);
  };

  /** --gpu-memory-utilization and --host-memory-utilization, each defaulting to the planner's default. */
  memoryUtilization = (): { gpuUtil: number; hostUtil: number } => ({
    gpuUtil: this.fraction('gpuMemoryUtilization') ?? DEFAULTS.gpuMemoryUtilization,
    hostUtil: this.fraction('hostMemoryUtilization') ?? DEFAULTS.hostMemoryUtilization,
  });

  oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) {
      return this.bad(key, `'${text}' is not one of ${allowed.join(', ')}`);
    }
    return text as T;
  };

  precisions = (key: string): Precision[] | undefined => {
    const text = this.value(key);
    if (text === undefined) return undefined;
    const items = text.split(',').map((p) => p.trim().toLowerCase());
    const unknown = items.filter((p) => !isPrecision(p));
    if (unknown.length > 0 || items.length === 0) {
      return this.bad(key, `unknown precision ${unknown.join(', ')}; choose from ${PRECISIONS.join(', ')}`);
    }
    return [...new Set(items)] as Precision[];
  };

  /** `--kv-cache-dtype auto|fp8`, apart from the weights' precision; absent: each precision's default. */
  kvCacheDtype = (): KvCacheDtype | undefined => this.oneOf('kvCacheDtype', KV_CACHE_DTYPES);

  list = (key: string): string[] => {
    const text = this.value(key);
    if (text === undefined) return [];
    return text
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
  };

  text = (key: string): string | undefined => this.value(key);

  flag = (key: string): boolean => this.raw[key] === true;
}
