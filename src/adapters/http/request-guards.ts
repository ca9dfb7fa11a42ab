import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { errorOutcome, type HttpOutcome } from './http-errors.js';
import { type RateLimit, RateLimiter } from './rate-limiter.js';

/** Who may call the API, and how often: the server's guards, checked before any request is read. */
export interface HttpGuards {
  /**
   * Host header names accepted (any port); undefined accepts any. A server bound to loopback accepts only
   * loopback names, so a web page that rebinds its own DNS name to 127.0.0.1 cannot call it.
   */
  allowedHosts?: readonly string[];
  /** Bearer token every /v1 request must carry (`Authorization: Bearer …`); undefined: none. */
  token?: string;
  /** Origins a browser may call the API from (CORS); `*` for any; undefined or empty: same origin only. */
  corsOrigins?: readonly string[];
  /** Per-client request rate on /v1; undefined: unlimited. */
  rateLimit?: RateLimit;
}

/** Host names that reach a loopback-bound server from this machine. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1', '[::1]'];

export function isLoopbackAddress(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i.test(host);
}

/** The calling client's address (the socket's), or `in-process` for requests that did not come over one. */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'in-process';
}

/** `example.com:8080` → `example.com`; `[::1]:80` → `[::1]`. */
function hostName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  return trimmed.replace(/:\d*$/, '');
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (on digests, so the token's length does not leak either). */
function tokenMatches(sent: string, token: string): boolean {
  return timingSafeEqual(digest(sent), digest(token));
}

type Send = (c: Context, o: HttpOutcome) => Response;

/** Installs the guards on every route, in order: Host, CORS, bearer token (/v1), rate limit (/v1). */
export function installGuards(app: Hono, guards: HttpGuards, send: Send): void {
  const allowed = guards.allowedHosts?.map((h) => h.toLowerCase());
  if (allowed) {
    app.use('*', async (c, next) => {
      const header = c.req.header('host') ?? new URL(c.req.url).host;
      const name = hostName(header);
      if (allowed.includes(name)) return next();
      return send(
        c,
        errorOutcome(403, [
          {
            code: 'host-not-allowed',
            message: `this server answers only requests addressed to ${allowed.join(', ')} (got Host '${name.slice(0, 100)}'): a page on another site cannot reach it through DNS rebinding; start it with --allowed-host to add a name`,
            details: { allowedHosts: allowed },
          },
        ]),
      );
    });
  }
  if (guards.corsOrigins && guards.corsOrigins.length > 0) {
    const origins = [...guards.corsOrigins];
    app.use(
      '*',
      cors({
        origin: origins.includes('*') ? '*' : origins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['content-type', 'authorization'],
        exposeHeaders: ['retry-after'],
        maxAge: 600,
      }),
    );
  }
  const token = guards.token;
  if (token !== undefined) {
    app.use('/v1/*', async (c, next) => {
      const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
      if (match?.[1] !== undefined && tokenMatches(match[1].trim(), token)) return next();
      c.header('WWW-Authenticate', 'Bearer realm="infersave"');
      return send(
        c,
        errorOutcome(401, [
          match
            ? { code: 'invalid-token', message: 'the bearer token does not match this server’s --token' }
            : {
                code: 'missing-token',
                message: 'this server needs a token: send the header Authorization: Bearer <token>',
              },
        ]),
      );
    });
  }
  const rate = guards.rateLimit;
  if (rate) {
    const limiter = new RateLimiter(rate);
    app.use('/v1/*', async (c, next) => {
      const decision = limiter.take(clientAddress(c), Date.now());
      if (decision.ok) return next();
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return send(
        c,
        errorOutcome(429, [
          {
            code: 'rate-limited',
            message: `more than ${rate.perMinute} requests a minute (bursts of ${rate.burst}) from this client: retry in ${decision.retryAfterSeconds} s`,
            details: { ...rate, retryAfterSeconds: decision.retryAfterSeconds },
          },
        ]),
      );
    });
  }
}
