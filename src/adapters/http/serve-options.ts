import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import { DEFAULT_LIMITS, type HttpLimits } from './operations.js';
import { type HttpGuards, isLoopbackAddress, LOOPBACK_HOSTS } from './request-guards.js';

/** `infersave serve`'s settings, read from its flags (and INFERSAVE_API_TOKEN). */
export interface ServeSettings {
  port: number;
  host: string;
  workers: number;
  limits: HttpLimits;
  guards: HttpGuards;
}

/** Requests a minute per client on a server reachable from other machines, unless --rate-limit says otherwise. */
export const DEFAULT_REMOTE_RATE_PER_MINUTE = 600;
/** Shortest --token accepted: guessable tokens protect nothing. */
export const MIN_TOKEN_LENGTH = 16;

const list = (v: unknown) =>
  String(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function wholeNumber(
  raw: unknown,
  flag: string,
  min: number,
  max: number,
  issues: Issue[],
): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  const n = Number(text);
  if (/^[0-9]+$/.test(text) && n >= min && n <= max) return n;
  issues.push({
    code: 'invalid-option',
    path: flag,
    message: `'${text.slice(0, 40)}' is not a whole number from ${min} to ${max}`,
  });
  return undefined;
}

/**
 * Reads every serve flag and reports every problem at once. A server bound beyond loopback must have a
 * token; one bound to loopback checks the Host header (DNS rebinding) and has no rate limit by default.
 */
export function readServeSettings(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
): Result<ServeSettings> {
  const issues: Issue[] = [];
  const port = wholeNumber(raw.port ?? '8080', '--port', 0, 65535, issues);
  const workers = wholeNumber(raw.workers ?? '2', '--workers', 0, 8, issues);
  const maxQueued = wholeNumber(
    raw.maxQueue ?? String(DEFAULT_LIMITS.maxQueued),
    '--max-queue',
    0,
    10_000,
    issues,
  );
  const rate = wholeNumber(raw.rateLimit, '--rate-limit', 0, 1_000_000, issues);
  const host = String(raw.host ?? '127.0.0.1');
  const loopback = isLoopbackAddress(host);
  const token = raw.token !== undefined ? String(raw.token) : env.INFERSAVE_API_TOKEN;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    issues.push({
      code: 'invalid-option',
      path: '--token',
      message: `a token needs at least ${MIN_TOKEN_LENGTH} characters (e.g. from: openssl rand -hex 16)`,
    });
  } else if (token === undefined && !loopback) {
    issues.push({
      code: 'invalid-option',
      path: '--token',
      message: `listening on ${host} opens the API to other machines: give --token (or set INFERSAVE_API_TOKEN), or bind to 127.0.0.1`,
    });
  }
  const origins = raw.corsOrigin === undefined ? [] : list(raw.corsOrigin);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/i.test(origin)) {
      issues.push({
        code: 'invalid-option',
        path: '--cors-origin',
        message: `'${origin.slice(0, 80)}' is not an origin: give scheme://host[:port] (no path), a comma-separated list, or *`,
      });
    }
  }
  const extraHosts = raw.allowedHost === undefined ? [] : list(raw.allowedHost);
  if (issues.length > 0) return fail(...issues);
  const perMinute = rate ?? (loopback ? 0 : DEFAULT_REMOTE_RATE_PER_MINUTE);
  const guards: HttpGuards = {
    ...(loopback ? { allowedHosts: [...LOOPBACK_HOSTS, ...extraHosts] } : {}),
    ...(!loopback && extraHosts.length > 0 ? { allowedHosts: extraHosts } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(origins.length > 0 ? { corsOrigins: origins } : {}),
    ...(perMinute > 0 ? { rateLimit: { perMinute, burst: Math.max(1, Math.ceil(perMinute / 6)) } } : {}),
  };
  return ok({
    port: port as number,
    host,
    workers: workers as number,
    limits: { ...DEFAULT_LIMITS, maxQueued: maxQueued as number },
    guards,
  });
}
