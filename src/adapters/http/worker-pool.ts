import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorOutcome, type HttpOutcome, INTERNAL_ERROR } from './http-errors.js';
import type { HttpLimits, OperationName } from './operations.js';

/** Runs a use case and answers with its response: inline, or on a worker thread. */
export type OperationRunner = (name: OperationName, input: unknown) => Promise<HttpOutcome>;

interface Job {
  id: number;
  name: OperationName;
  input: unknown;
  resolve: (o: HttpOutcome) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export interface WorkerPoolOptions {
  /** Worker threads (1–2 is plenty: a recommend is CPU-bound and short). */
  size: number;
  limits: HttpLimits;
  /** Jobs waiting for a worker before new ones are refused with 503. */
  maxQueued: number;
}

/**
 * The worker's module: compiled `.js` beside this file, or the `.ts` source (tests, `tsx`), loaded through
 * tsx's register API: Node 20 workers do not apply `--import` hooks to their entry module.
 */
function spawnWorker(limits: HttpLimits): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./operation-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(url, { workerData: limits });
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(api)}).then((t) => { (t.register ?? t.default.register)(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true, workerData: limits });
}

/**
 * A fixed pool of worker threads with a queue. A job past `limits.timeoutMs` is answered 504 and its worker
 * terminated and replaced, so a stuck solve never holds the server; a full queue answers 503.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.start());
  }

  readonly run: OperationRunner = (name, input) =>
    new Promise<HttpOutcome>((resolve) => {
      if (this.closed) {
        resolve(errorOutcome(503, [{ code: 'shutting-down', message: 'the server is shutting down' }]));
        return;
      }
      if (this.queue.length >= this.options.maxQueued) {
        resolve(
          errorOutcome(503, [{ code: 'busy', message: 'too many requests in progress: retry shortly' }]),
        );
        return;
      }
      this.queue.push({ id: this.nextId++, name, input, resolve });
      this.dispatch();
    });

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.resolve(errorOutcome(503, [{ code: 'shutting-down', message: 'the server is shutting down' }]));
    }
    await Promise.all(
      this.slots.map((s) => {
        if (s.timer) clearTimeout(s.timer);
        return s.worker.terminate();
      }),
    );
  }

  private start(): Slot {
    const slot: Slot = { worker: spawnWorker(this.options.limits) };
    slot.worker.on('message', (m: { id: number; outcome: HttpOutcome }) => {
      if (slot.job?.id !== m.id) return;
      this.finish(slot, m.outcome);
    });
    slot.worker.on('error', () => this.replace(slot, INTERNAL_ERROR));
    slot.worker.on('exit', () => {
      if (slot.job && !this.closed) this.replace(slot, INTERNAL_ERROR);
    });
    slot.worker.unref();
    return slot;
  }

  private finish(slot: Slot, outcome: HttpOutcome): void {
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    slot.timer = undefined;
    job?.resolve(outcome);
    this.dispatch();
  }

  /** Answers the slot's job, terminates its worker and starts a fresh one in its place. */
  private replace(slot: Slot, outcome: HttpOutcome): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    const job = slot.job;
    slot.job = undefined;
    if (!this.closed) this.slots[index] = this.start();
    else this.slots.splice(index, 1);
    job?.resolve(outcome);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      const ms = this.options.limits.timeoutMs;
      slot.timer = setTimeout(
        () =>
          this.replace(
            slot,
            errorOutcome(504, [
              {
                code: 'timeout',
                message: `the request took longer than this server's limit of ${ms} ms: ask for less (fewer instances, precisions or simulated requests)`,
                details: { timeoutMs: ms },
              },
            ]),
          ),
        ms,
      );
      slot.worker.postMessage({ id: job.id, name: job.name, input: job.input });
    }
  }
}
