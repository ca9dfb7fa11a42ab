import { afterAll, describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';
import { runServe } from './serve-command.js';
import { startServer } from './start-server.js';
import { WorkerPool } from './worker-pool.js';

const RECOMMEND = {
  model: 'facebook/opt-2.7b',
  inputTokens: 128,
  outputTokens: 512,
  batchSize: 32,
  requests: 3000,
  sloTps: 400,
  maxPrice: 3,
};
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('the API over a real socket with a worker pool', () => {
  const pool = new WorkerPool({ size: 1, limits: DEFAULT_LIMITS, maxQueued: 8 });
  afterAll(() => pool.close());

  it('answers a recommend and a 4xx on 127.0.0.1, then closes', async () => {
    const server = await startServer(createApp(fsPlannerData, DEFAULT_LIMITS, pool.run), 0, '127.0.0.1');
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await fetch(`${server.url}/v1/recommend`, json(RECOMMEND));
      expect(ok.status).toBe(200);
      const local = await createApp(fsPlannerData).request('/v1/recommend', json(RECOMMEND));
      expect(await ok.json()).toEqual(await local.json());
      const bad = await fetch(`${server.url}/v1/recommend`, json({ ...RECOMMEND, outputTokens: -1 }));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('outputTokens');
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 30_000);
});

describe('run-time limit', () => {
  it('a job past the timeout is 504 JSON, its worker replaced, and the pool serves on', async () => {
    // 100 ms: far less than a fresh worker takes to load, so the job is surely running at its deadline
    // (1 ms could expire between enqueueing and dispatch on a busy machine, a queue-timeout 503 instead).
    const limits = { ...DEFAULT_LIMITS, timeoutMs: 100 };
    const pool = new WorkerPool({ size: 1, limits, maxQueued: 8 });
    try {
      const app = createApp(fsPlannerData, limits, pool.run);
      const res = await app.request('/v1/recommend', json(RECOMMEND));
      expect(res.status).toBe(504);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('timeout');
    } finally {
      await pool.close();
    }
    const roomy = new WorkerPool({ size: 1, limits: DEFAULT_LIMITS, maxQueued: 0 });
    try {
      const busy = await roomy.run('recommend', RECOMMEND);
      expect(busy.status).toBe(503);
    } finally {
      await roomy.close();
    }
  }, 30_000);
});

describe('infersave serve', () => {
  it('prints its URL, serves, and stops cleanly on its signal', async () => {
    let stop = () => {};
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let printed = '';
    const done = runServe({ port: '0', workers: '1' }, fsPlannerData, {
      out: (s) => {
        printed += s;
      },
      err: () => {},
      stopSignal,
    });
    for (let i = 0; i < 100 && !printed; i++) await new Promise((r) => setTimeout(r, 20));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(printed)?.[0];
    expect(url).toBeDefined();
    const res = await fetch(`${url}/v1/recommend`, json(RECOMMEND));
    expect(res.status).toBe(200);
    stop();
    expect((await done).exitCode).toBe(0);
  }, 30_000);

  it('refuses a bad port with exit 2', async () => {
    const r = await runServe({ port: 'http' }, fsPlannerData, { out: () => {}, err: () => {} });
    expect(r.exitCode).toBe(2);
  });
});
