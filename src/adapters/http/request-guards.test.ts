import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';
import { LOOPBACK_HOSTS } from './request-guards.js';
import { readServeSettings } from './serve-options.js';

const TOKEN = 'a-token-of-24-characters';
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('Host check on a loopback-bound server (DNS rebinding)', () => {
  const app = createApp(fsPlannerData, DEFAULT_LIMITS, undefined, { allowedHosts: LOOPBACK_HOSTS });

  it('answers requests addressed to localhost names, any port', async () => {
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:9000']) {
      expect((await app.request('/healthz', { headers: { host } })).status).toBe(200);
    }
  });

  it('refuses a page whose own name now resolves to 127.0.0.1: 403 host-not-allowed', async () => {
    const res = await app.request('/v1/models', { headers: { host: 'attacker.example:8080' } });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('host-not-allowed');
  });
});

describe('bearer token', () => {
  const app = createApp(fsPlannerData, DEFAULT_LIMITS, undefined, { token: TOKEN });

  it('is required on /v1: none is 401 missing-token with WWW-Authenticate, a wrong one invalid-token', async () => {
    const none = await app.request('/v1/models');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await codeOf(none)).toBe('missing-token');
    const wrong = await app.request('/v1/models', { headers: { authorization: 'Bearer nope' } });
    expect(await codeOf(wrong)).toBe('invalid-token');
  });

  it('lets the right token through, and leaves /healthz open for probes', async () => {
    const ok = await app.request('/v1/models', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe('CORS', () => {
  const app = createApp(fsPlannerData, DEFAULT_LIMITS, undefined, { corsOrigins: ['https://ok.example'] });

  it('answers a preflight from a configured origin, and only that origin', async () => {
    const pre = await app.request('/v1/recommend', {
      method: 'OPTIONS',
      headers: { origin: 'https://ok.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    const other = await app.request('/v1/models', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers unless configured', async () => {
    const res = await createApp(fsPlannerData).request('/v1/models', {
      headers: { origin: 'https://ok.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('per-client rate limit', () => {
  it('answers 429 rate-limited with Retry-After past the burst', async () => {
    const app = createApp(fsPlannerData, DEFAULT_LIMITS, undefined, {
      rateLimit: { perMinute: 6, burst: 2 },
    });
    expect((await app.request('/v1/models')).status).toBe(200);
    expect((await app.request('/v1/models')).status).toBe(200);
    const third = await app.request('/v1/models');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('10');
    expect(await codeOf(third)).toBe('rate-limited');
  });
});

describe('serve settings', () => {
  it('a loopback bind checks Host, has no token or rate limit by default', () => {
    const r = readServeSettings({}, {});
    expect(r.ok && r.value.guards).toEqual({ allowedHosts: LOOPBACK_HOSTS });
  });

  it('a non-loopback bind needs a token, and gets a rate limit', () => {
    const bare = readServeSettings({ host: '0.0.0.0' }, {});
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.issues[0]?.path).toBe('--token');
    const fromEnv = readServeSettings({ host: '0.0.0.0' }, { INFERSAVE_API_TOKEN: TOKEN });
    expect(fromEnv.ok && fromEnv.value.guards).toEqual({
      token: TOKEN,
      rateLimit: { perMinute: 600, burst: 100 },
    });
  });

  it('reports every bad flag at once', () => {
    const r = readServeSettings(
      { host: '0.0.0.0', port: '99999', workers: 'x', corsOrigin: 'ok.example/path', rateLimit: '-1' },
      {},
    );
    expect(!r.ok && r.issues.map((i) => i.path).sort()).toEqual(
      ['--cors-origin', '--port', '--rate-limit', '--token', '--workers'].sort(),
    );
  });
});
