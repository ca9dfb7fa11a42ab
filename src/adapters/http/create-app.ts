import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { gpusListing, modelRows } from '../../app/listings.js';
import type { PlannerData } from '../../app/planner-data.js';
import { packageVersion } from '../fs/version.js';
import { mountWebPlanner } from '../web/page.js';
import { errorOutcome, type HttpOutcome, INTERNAL_ERROR } from './http-errors.js';
import { jsonDepthExceeds } from './json-depth.js';
import { openApiDocument } from './openapi.js';
import { DEFAULT_LIMITS, type HttpLimits, type OperationName, runOperation } from './operations.js';
import { clientAddress, type HttpGuards, installGuards } from './request-guards.js';
import type { OperationRunner } from './worker-pool.js';

export const API_VERSION = packageVersion();

/** Every route the API serves, with its method: /openapi.json lists exactly these. */
export const ROUTES = {
  '/v1/recommend': 'post',
  '/v1/recommend-latency': 'post',
  '/v1/capacity': 'post',
  '/v1/compare-api': 'post',
  '/v1/predict': 'post',
  '/v1/simulate': 'post',
  '/v1/calibrate': 'post',
  '/v1/pack': 'post',
  '/v1/provision': 'post',
  '/v1/fleet': 'post',
  '/v1/capacity-mix': 'post',
  '/v1/models': 'get',
  '/v1/gpus': 'get',
  '/v1/instances': 'get',
  '/healthz': 'get',
  '/openapi.json': 'get',
} as const;

/** Runs use cases on the calling thread (tests, and data a worker cannot load). */
export function inlineRunner(data: PlannerData, limits: HttpLimits): OperationRunner {
  return async (name, input) => runOperation(name, input, data, limits);
}

/**
 * The HTTP API over the planner's data, as a Hono app (`app.request(…)` in tests, `app.fetch` to serve).
 * `runner` runs recommend, predict, simulate and calibrate: inline by default; the server passes a worker pool.
 * `guards` (Host check, token, CORS, rate limit) run before any body is read.
 */
export function createApp(
  data: PlannerData,
  limits: HttpLimits = DEFAULT_LIMITS,
  runner: OperationRunner = inlineRunner(data, limits),
  guards: HttpGuards = {},
): Hono {
  const app = new Hono();
  const send = (c: Context, o: HttpOutcome) => {
    for (const [name, value] of Object.entries(o.headers ?? {})) c.header(name, value);
    return c.json(o.body, o.status as ContentfulStatusCode);
  };
  const openApi = openApiDocument(API_VERSION, limits, guards);
  installGuards(app, guards, send);

  const postJson = (path: string, name: OperationName) =>
    app.post(
      path,
      bodyLimit({
        maxSize: limits.maxBodyBytes,
        onError: (c) =>
          send(
            c,
            errorOutcome(413, [
              {
                code: 'body-too-large',
                message: `the request body is over this server's limit of ${limits.maxBodyBytes} bytes`,
                details: { maxBodyBytes: limits.maxBodyBytes },
              },
            ]),
          ),
      }),
      async (c) => {
        const type = c.req.header('content-type') ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) {
          return send(
            c,
            errorOutcome(415, [
              {
                code: 'unsupported-media-type',
                message: `send the body as JSON with Content-Type: application/json (got '${type || 'none'}')`,
              },
            ]),
          );
        }
        const text = await c.req.text();
        // Before parsing: a deeply nested body would overflow the stack of whatever walks it next.
        if (jsonDepthExceeds(text, limits.maxJsonDepth)) {
          return send(
            c,
            errorOutcome(400, [
              {
                code: 'json-too-deep',
                message: `the body nests objects or arrays more than ${limits.maxJsonDepth} deep, this server's limit`,
                details: { maxJsonDepth: limits.maxJsonDepth },
              },
            ]),
          );
        }
        let input: unknown;
        try {
          input = JSON.parse(text);
        } catch (error) {
          return send(
            c,
            errorOutcome(400, [
              {
                code: 'malformed-json',
                message: `the body is not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`,
              },
            ]),
          );
        }
        return send(c, await runner(name, input, clientAddress(c)));
      },
    );

  postJson('/v1/recommend', 'recommend');
  postJson('/v1/recommend-latency', 'recommend-latency');
  postJson('/v1/capacity', 'capacity');
  postJson('/v1/compare-api', 'compare-api');
  postJson('/v1/predict', 'predict');
  postJson('/v1/simulate', 'simulate');
  postJson('/v1/calibrate', 'calibrate');
  postJson('/v1/pack', 'pack');
  postJson('/v1/provision', 'provision');
  postJson('/v1/fleet', 'fleet');
  postJson('/v1/capacity-mix', 'capacity-mix');
  // The catalogs do not change while serving: serialise each once, on first use.
  const cached = (list: () => ReturnType<typeof modelRows> | ReturnType<typeof gpusListing>) => {
    let text: string | undefined;
    return (c: Context) => {
      if (text === undefined) {
        const result = list();
        if (!result.ok) return send(c, INTERNAL_ERROR);
        text = JSON.stringify(result.value);
      }
      return c.body(text, 200, { 'content-type': 'application/json' });
    };
  };
  app.get(
    '/v1/models',
    cached(() => modelRows(data)),
  );
  app.get(
    '/v1/gpus',
    cached(() => gpusListing(data)),
  );
  app.get('/v1/instances', async (c) =>
    send(c, await runOperation('instances', c.req.query(), data, limits)),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/openapi.json', (c) => c.json(openApi));
  mountWebPlanner(app);

  for (const [path, method] of Object.entries(ROUTES)) {
    app.all(path, (c) => {
      c.header('Allow', method.toUpperCase());
      return send(
        c,
        errorOutcome(405, [
          {
            code: 'method-not-allowed',
            message: `${path} takes ${method.toUpperCase()}, not ${c.req.method}`,
          },
        ]),
      );
    });
  }
  app.notFound((c) =>
    send(
      c,
      errorOutcome(404, [
        {
          code: 'not-found',
          message: `no route ${c.req.method} ${c.req.path}; see /openapi.json for ${Object.keys(ROUTES).join(', ')}`,
        },
      ]),
    ),
  );
  app.onError((_error, c) => send(c, INTERNAL_ERROR));
  return app;
}
