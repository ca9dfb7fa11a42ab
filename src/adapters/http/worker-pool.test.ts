import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './operations.js';
import { type PoolWorker, WorkerPool, type WorkerPoolOptions } from './worker-pool.js';

/**
 * Stand-in workers (plain JS, no planner data): each answers `{status: 200, body: input}` unless the
 * input asks it to misbehave — hang, exit, throw, or post a message that is not an outcome.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  const act = job.input && job.input.act;
  if (act === 'hang') return;
  if (act === 'exit') process.exit(1);
  if (act === 'throw') throw new Error('boom');
  if (act === 'garbage') return parentPort.postMessage({ id: job.id, outcome: 'nonsense' });
  parentPort.postMessage({ id: job.id, outcome: { status: 200, body: job.input } });
});`;
const fakeWorker = (): PoolWorker => new Worker(WORKER, { eval: true });

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
function pool(options: Partial<WorkerPoolOptions> & { timeoutMs?: number } = {}): WorkerPool {
  const limits = { ...DEFAULT_LIMITS, timeoutMs: options.timeoutMs ?? 5000 };
  const p = new WorkerPool({ size: 1, maxQueued: 8, spawn: fakeWorker, ...options, limits });
  pools.push(p);
  return p;
}
const codeOf = (body: unknown) => (body as { error: { code: string } }).error.code;

describe('WorkerPool survives every job failure', () => {
  it('a worker that exits mid-job: that job is 500 JSON, the next runs on a fresh worker', async () => {
    const p = pool();
    const crashed = await p.run('predict', { act: 'exit' });
    expect(crashed.status).toBe(500);
    expect(codeOf(crashed.body)).toBe('internal-error');
    expect(await p.run('predict', { n: 1 })).toEqual({ status: 200, body: { n: 1 } });
  });

  it('a worker that throws: 500 for that job, then the pool serves on', async () => {
    const p = pool();
    expect((await p.run('predict', { act: 'throw' })).status).toBe(500);
    expect((await p.run('predict', { n: 2 })).status).toBe(200);
  });

  it('a message that is not an outcome is a 500, not a crash', async () => {
    const p = pool();
    expect((await p.run('predict', { act: 'garbage' })).status).toBe(500);
    expect((await p.run('predict', { n: 3 })).status).toBe(200);
  });

  it('a value that cannot be copied to a thread is 400, and the worker stays usable', async () => {
    const p = pool();
    const answer = await p.run('predict', { f: () => 1 });
    expect(answer.status).toBe(400);
    expect(codeOf(answer.body)).toBe('input-not-transferable');
    expect((await p.run('predict', { n: 4 })).status).toBe(200);
  });

  it('a job past the time limit is 504, its worker replaced, the next job served', async () => {
    const p = pool({ timeoutMs: 300 });
    const late = await p.run('predict', { act: 'hang' });
    expect(late.status).toBe(504);
    expect(codeOf(late.body)).toBe('timeout');
    const next = await p.run('predict', { n: 5 });
    expect(next.status === 200 || codeOf(next.body) === 'timeout').toBe(true);
  });

  it('a worker that cannot start is retried; queued jobs run once one does', async () => {
    let starts = 0;
    const p = pool({
      spawn: () => {
        starts++;
        if (starts === 1) throw new Error('no threads');
        return fakeWorker();
      },
    });
    expect(await p.run('predict', { n: 6 })).toEqual({ status: 200, body: { n: 6 } });
    expect(starts).toBe(2);
  });
});

describe('WorkerPool sheds load with documented answers', () => {
  it('a full queue is 503 queue-full with Retry-After', async () => {
    const p = pool({ maxQueued: 1, timeoutMs: 2000 });
    const first = p.run('predict', { act: 'hang' }, 'a');
    const queued = p.run('predict', { n: 1 }, 'b');
    const refused = await p.run('predict', { n: 2 }, 'c');
    expect(refused.status).toBe(503);
    expect(codeOf(refused.body)).toBe('queue-full');
    expect(Number(refused.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    await Promise.all([first, queued]);
  });

  it('time in the queue counts: a job that never started is 503 queue-timeout, the running one 504', async () => {
    const p = pool({ timeoutMs: 400 });
    const [running, waiting] = await Promise.all([
      p.run('predict', { act: 'hang' }, 'a'),
      p.run('predict', { n: 1 }, 'b'),
    ]);
    expect(running.status).toBe(504);
    expect(waiting.status).toBe(503);
    expect(codeOf(waiting.body)).toBe('queue-timeout');
    expect(waiting.headers?.['retry-after']).toBeDefined();
  });

  it('one client cannot hold every worker: another client is served while its slow jobs wait', async () => {
    const p = pool({ size: 2, timeoutMs: 3000 });
    const slow = [1, 2, 3].map(() => p.run('predict', { act: 'hang' }, 'hostile'));
    const fair = await p.run('predict', { n: 7 }, 'friendly');
    expect(fair).toEqual({ status: 200, body: { n: 7 } });
    const answers = await Promise.all(slow);
    expect(answers.map((a) => a.status).sort()).toEqual([503, 503, 504]);
  });

  it('heavy jobs from many clients never take the last free worker: a quick one is served at once', async () => {
    const p = pool({
      size: 2,
      timeoutMs: 3000,
      isHeavy: (_name, input) => (input as { act?: string }).act === 'hang',
    });
    const slow = ['h1', 'h2', 'h3'].map((client) => p.run('predict', { act: 'hang' }, client));
    expect(await p.run('predict', { n: 8 }, 'friendly')).toEqual({ status: 200, body: { n: 8 } });
    await Promise.all(slow);
  });

  it('closing answers queued jobs 503 shutting-down', async () => {
    const p = new WorkerPool({ size: 1, maxQueued: 8, spawn: fakeWorker, limits: DEFAULT_LIMITS });
    const running = p.run('predict', { act: 'hang' });
    const queued = p.run('predict', { n: 1 });
    await p.close();
    expect(codeOf((await queued).body)).toBe('shutting-down');
    expect(codeOf((await running).body)).toBe('shutting-down');
  });
});
