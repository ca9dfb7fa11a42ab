import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';
import { startServer } from './start-server.js';
import { WorkerPool } from './worker-pool.js';

/** The repro: `python3 -c "print('{\"a\":'*6000+'1'+'}'*6000)"`, 36 KB, under the body limit. */
const DEEP = `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`;
const PREDICT = {
  model: 'meta-llama/Llama-3.1-8B',
  instance: 'g6.xlarge',
  inputTokens: 1024,
  outputTokens: 128,
  batchSize: 16,
};
const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('a deeply nested JSON body (issue 12 repro)', () => {
  const limits = { ...DEFAULT_LIMITS, timeoutMs: 60_000 };
  const pool = new WorkerPool({ size: 2, limits, maxQueued: 8 });
  afterAll(() => pool.close());
  // Workers load the planner on start (slowly on a busy machine): wait until both answer within the limit.
  beforeAll(async () => {
    for (let i = 0; i < 20; i++) {
      const answers = await Promise.all([
        pool.run('predict', PREDICT, 'a'),
        pool.run('predict', PREDICT, 'b'),
      ]);
      if (answers.every((a) => a.status === 200)) return;
    }
  }, 120_000);

  it('is refused with 400 json-too-deep three times at once, and the server keeps serving', async () => {
    expect(DEEP.length).toBeLessThan(DEFAULT_LIMITS.maxBodyBytes);
    const server = await startServer(createApp(fsPlannerData, limits, pool.run), 0, '127.0.0.1');
    try {
      const answers = await Promise.all([1, 2, 3].map(() => post(`${server.url}/v1/predict`, DEEP)));
      for (const res of answers) {
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('json-too-deep');
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ok = await post(`${server.url}/v1/predict`, JSON.stringify(PREDICT));
      expect(ok.status).toBe(200);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('sent to the pool directly (no depth check) is answered, never thrown, and the pool serves on', async () => {
    const deep = JSON.parse(DEEP) as unknown;
    const answers = await Promise.all([1, 2, 3].map(() => pool.run('predict', deep)));
    for (const a of answers) expect(a.status).toBe(400);
    expect((await pool.run('predict', PREDICT)).status).toBe(200);
  }, 30_000);
});
