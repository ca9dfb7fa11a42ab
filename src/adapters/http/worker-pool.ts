import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorOutcome, type HttpOutcome, INTERNAL_ERROR } from './http-errors.js';
import type { HttpLimits, OperationName } from './operations.js';

/**
 * Runs a use case and answers with its response: inline, or on a worker thread. `client` (the caller's
 * address) lets a pool share its workers fairly; inline runners ignore it.
 */
export type OperationRunner = (name: OperationName, input: unknown, client?: string) => Promise<HttpOutcome>;

/** What the pool needs of a worker thread (a `Worker`, or a stand-in in tests). */
export type PoolWorker = Pick<Worker, 'postMessage' | 'on' | 'removeAllListeners' | 'terminate' | 'unref'>;

interface Job {
  id: number;
  name: OperationName;
  input: unknown;
  client: string;
  resolve: (o: HttpOutcome) => void;
  /** Covers queueing and running: the whole request stays within `limits.timeoutMs`. */
  deadline?: NodeJS.Timeout;
  deadlineMs: number;
  startedMs?: number;
  /** Known to be slow (by its size, or its client's recent jobs): kept off the last free worker. */
  heavy: boolean;
  done: boolean;
}

interface Slot {
  /** Undefined while a failed start waits to be retried. */
  worker?: PoolWorker;
  job?: Job;
}

export interface WorkerPoolOptions {
  /** Worker threads (1–2 is plenty: a recommend is CPU-bound and short). */
  size: number;
  limits: HttpLimits;
  /** Jobs waiting for a worker before new ones are refused with 503. */
  maxQueued: number;
  /** Most jobs one client may run at once while others wait (default: all workers but one, at least 1). */
  maxRunningPerClient?: number;
  /** Whether a request is slow by its size alone (a large simulation, say); default: none is. */
  isHeavy?: (name: OperationName, input: unknown) => boolean;
  /** A client whose recent jobs averaged longer than this (ms) has its next ones treated as heavy (default 1000). */
  heavyJobMs?: number;
  /** Starts one worker (default: operation-worker over the installed data). */
  spawn?: (limits: HttpLimits) => PoolWorker;
  /** Heap limit of each worker, MiB: a runaway job ends its worker, not the server. */
  workerHeapMib?: number;
}

/** Clients whose job times are remembered (oldest forgotten first). */
const MAX_CLIENTS = 10_000;
const DEFAULT_HEAVY_JOB_MS = 1000;
/** Wait before retrying a worker that could not be started. */
const RESPAWN_RETRY_MS = 1000;

/**
 * The worker's module: compiled `.js` beside this file, or the `.ts` source (tests, `tsx`), loaded through
 * tsx's register API: Node 20 workers do not apply `--import` hooks to their entry module.
 */
function spawnOperationWorker(limits: HttpLimits, heapMib: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMib };
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./operation-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(url, { workerData: limits, resourceLimits });
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(api)}).then((t) => { (t.register ?? t.default.register)(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true, workerData: limits, resourceLimits });
}

const SHUTTING_DOWN = errorOutcome(503, [{ code: 'shutting-down', message: 'the server is shutting down' }]);

/**
 * A fixed pool of worker threads with a bounded queue, built so that no job can take the server down:
 * every failure (a value that cannot be sent, a worker that throws, exits or runs out of memory, a job
 * past the time limit) answers that job and replaces its worker; no callback throws. Time in the queue
 * counts in the limit: a job still queued at its deadline is answered 503 with Retry-After, a running
 * one 504 (its worker is stopped). A full queue answers 503 with Retry-After at once.
 *
 * Sharing: one client may hold at most `maxRunningPerClient` workers; the next job goes to the client
 * running fewest; and heavy jobs (large by `isHeavy`, or from a client whose recent jobs were slow) never
 * take the last free worker, so quick requests are answered in about their normal time however many slow
 * ones are waiting.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<string, number>();
  /** Each client's recent job time, ms (moving average); at most MAX_CLIENTS remembered. */
  private readonly clientJobMs = new Map<string, number>();
  private heavyRunning = 0;
  private readonly maxPerClient: number;
  private nextId = 1;
  private closed = false;
  /** Recent job run time, ms (a moving average), for Retry-After. */
  private typicalJobMs = 200;

  constructor(private readonly options: WorkerPoolOptions) {
    const size = Math.max(1, options.size);
    this.maxPerClient = Math.max(1, options.maxRunningPerClient ?? size - 1);
    for (let i = 0; i < size; i++) {
      const slot: Slot = {};
      this.slots.push(slot);
      this.startWorker(slot);
    }
  }

  readonly run: OperationRunner = (name, input, client = 'local') =>
    new Promise<HttpOutcome>((resolve) => {
      if (this.closed) return resolve(SHUTTING_DOWN);
      if (this.queue.length >= this.options.maxQueued) return resolve(this.busy('queue-full'));
      const deadlineMs = Date.now() + this.options.limits.timeoutMs;
      const heavy =
        this.safeIsHeavy(name, input) ||
        (this.clientJobMs.get(client) ?? 0) > (this.options.heavyJobMs ?? DEFAULT_HEAVY_JOB_MS);
      const job: Job = { id: this.nextId++, name, input, client, resolve, deadlineMs, heavy, done: false };
      job.deadline = setTimeout(() => this.guard(() => this.expire(job)), this.options.limits.timeoutMs);
      this.queue.push(job);
      this.dispatch();
    });

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.answer(job, SHUTTING_DOWN);
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.job) this.answer(slot.job, SHUTTING_DOWN);
        slot.job = undefined;
        const worker = slot.worker;
        slot.worker = undefined;
        if (worker) await worker.terminate().catch(() => undefined);
      }),
    );
  }

  /** Runs pool bookkeeping from a callback: a bug here answers 500s, never throws out of a timer or event. */
  private guard(work: () => void): void {
    try {
      work();
    } catch {
      for (const slot of this.slots) {
        if (slot.job) this.answer(slot.job, INTERNAL_ERROR);
        slot.job = undefined;
      }
    }
  }

  /** 503 with Retry-After: the queue ahead at the recent job time, at least 1 s. */
  private busy(kind: 'queue-full' | 'queue-timeout'): HttpOutcome {
    const workers = Math.max(1, this.slots.length);
    const seconds = Math.max(1, Math.ceil(((this.queue.length + 1) * this.typicalJobMs) / workers / 1000));
    const details = {
      retryAfterSeconds: seconds,
      maxQueued: this.options.maxQueued,
      timeoutMs: this.options.limits.timeoutMs,
    };
    const outcome = errorOutcome(503, [
      kind === 'queue-full'
        ? {
            code: 'queue-full',
            message: `all workers are busy and ${this.options.maxQueued} requests are waiting: retry in ${seconds} s`,
            details,
          }
        : {
            code: 'queue-timeout',
            message: `the request waited ${this.options.limits.timeoutMs} ms for a worker without starting: retry in ${seconds} s`,
            details,
          },
    ]);
    return { ...outcome, headers: { 'retry-after': String(seconds) } };
  }

  /** Answers a job once; later answers (a message after a timeout, say) are dropped. */
  private answer(job: Job, outcome: HttpOutcome): void {
    if (job.done) return;
    job.done = true;
    if (job.deadline) clearTimeout(job.deadline);
    try {
      job.resolve(outcome);
    } catch {
      // A resolve never throws; nothing to do if it did.
    }
  }

  private startWorker(slot: Slot): void {
    if (this.closed) return;
    let worker: PoolWorker;
    try {
      const spawn =
        this.options.spawn ??
        ((limits: HttpLimits) => spawnOperationWorker(limits, this.options.workerHeapMib ?? 1024));
      worker = spawn(this.options.limits);
    } catch {
      // Could not start one (out of threads, say): try again shortly; queued jobs wait or time out.
      setTimeout(() => this.guard(() => this.startWorker(slot)), RESPAWN_RETRY_MS).unref();
      return;
    }
    slot.worker = worker;
    worker.on('message', (m: unknown) => this.guard(() => this.received(slot, worker, m)));
    worker.on('error', () => this.guard(() => this.replace(slot, worker, INTERNAL_ERROR)));
    worker.on('exit', () => this.guard(() => this.replace(slot, worker, INTERNAL_ERROR)));
    worker.unref();
    this.dispatch();
  }

  private received(slot: Slot, worker: PoolWorker, message: unknown): void {
    if (slot.worker !== worker || !slot.job) return;
    const m = message as { id?: unknown; outcome?: { status?: unknown; body?: unknown } };
    if (m?.id !== slot.job.id) return;
    const outcome = typeof m.outcome?.status === 'number' ? (m.outcome as HttpOutcome) : INTERNAL_ERROR;
    this.release(slot, outcome);
    this.dispatch();
  }

  /** Frees a slot whose job finished (answered elsewhere) and notes how long it took. */
  private release(slot: Slot, outcome?: HttpOutcome): void {
    const job = slot.job;
    slot.job = undefined;
    if (!job) return;
    this.running.set(job.client, (this.running.get(job.client) ?? 1) - 1);
    if ((this.running.get(job.client) ?? 0) <= 0) this.running.delete(job.client);
    if (job.heavy) this.heavyRunning--;
    if (job.startedMs !== undefined) {
      const ms = Date.now() - job.startedMs;
      this.typicalJobMs = 0.8 * this.typicalJobMs + 0.2 * ms;
      const before = this.clientJobMs.get(job.client);
      this.clientJobMs.delete(job.client);
      if (this.clientJobMs.size >= MAX_CLIENTS) {
        const oldest = this.clientJobMs.keys().next().value;
        if (oldest !== undefined) this.clientJobMs.delete(oldest);
      }
      this.clientJobMs.set(job.client, before === undefined ? ms : 0.5 * before + 0.5 * ms);
    }
    if (outcome) this.answer(job, outcome);
  }

  /** Answers the slot's job, stops its worker and starts a fresh one in its place. */
  private replace(slot: Slot, worker: PoolWorker, outcome: HttpOutcome): void {
    if (slot.worker !== worker) return; // an old worker's late event
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    void worker.terminate().catch(() => undefined);
    slot.worker = undefined;
    this.release(slot, outcome);
    this.startWorker(slot);
    this.dispatch();
  }

  /** The job's deadline: still queued → 503 with Retry-After; running → 504 and its worker replaced. */
  private expire(job: Job): void {
    if (job.done) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.answer(job, this.busy('queue-timeout'));
      return;
    }
    const ms = this.options.limits.timeoutMs;
    const timeout = errorOutcome(504, [
      {
        code: 'timeout',
        message: `the request took longer than this server's limit of ${ms} ms: ask for less (fewer instances, precisions or simulated requests)`,
        details: { timeoutMs: ms },
      },
    ]);
    const slot = this.slots.find((s) => s.job === job);
    if (slot?.worker) this.replace(slot, slot.worker, timeout);
    else this.answer(job, timeout);
  }

  private safeIsHeavy(name: OperationName, input: unknown): boolean {
    try {
      return this.options.isHeavy?.(name, input) ?? false;
    } catch {
      return true;
    }
  }

  /**
   * The next job to start: among queued jobs whose client is under its share (and, for heavy jobs, while
   * a worker stays free for light ones), the one whose client runs fewest jobs now, oldest first.
   */
  private pick(): number {
    const heavyAllowed = this.heavyRunning < Math.max(1, this.slots.length - 1);
    let best = -1;
    let bestRunning = Number.POSITIVE_INFINITY;
    this.queue.forEach((j, i) => {
      const running = this.running.get(j.client) ?? 0;
      if (running >= this.maxPerClient || (j.heavy && !heavyAllowed)) return;
      if (running < bestRunning) {
        best = i;
        bestRunning = running;
      }
    });
    return best;
  }

  /** The next job that still has time to run; jobs nearly out of time are answered queue-timeout. */
  private nextJob(): Job | undefined {
    for (;;) {
      const index = this.pick();
      if (index < 0) return undefined;
      const [job] = this.queue.splice(index, 1) as [Job];
      // Nearly out of time: starting it would only end in a 504 and a stopped worker.
      if (job.deadlineMs - Date.now() > this.options.limits.timeoutMs / 20) return job;
      this.answer(job, this.busy('queue-timeout'));
    }
  }

  /** Starts queued jobs on idle workers, oldest first, skipping clients already at their share. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || !slot.worker) continue;
      const job = this.nextJob();
      if (!job) return;
      slot.job = job;
      job.startedMs = Date.now();
      this.running.set(job.client, (this.running.get(job.client) ?? 0) + 1);
      if (job.heavy) this.heavyRunning++;
      try {
        slot.worker.postMessage({ id: job.id, name: job.name, input: job.input });
      } catch {
        // The input cannot be copied to a thread (nested too deep for the structured clone, say).
        this.release(
          slot,
          errorOutcome(400, [
            {
              code: 'input-not-transferable',
              message: 'the request body cannot be handed to a worker: send a flatter JSON object',
            },
          ]),
        );
      }
    }
  }
}
