import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { type CostTableRunner, inlineCostTableRunner } from '../../app/cost-table.js';
import type { CostTableJob, CostTableJobResult } from '../../app/cost-table-job.js';
import { spawnModuleWorker } from './spawn-worker.js';

/** Worker threads a sweep uses by default: every core. */
export const defaultCostTableWorkers = (): number => availableParallelism();

/** Long outputs first: the slowest configurations start early, so no core idles at the end. */
function costOrder(jobs: CostTableJob[]): CostTableJob[] {
  const weight = (j: CostTableJob) => (j.queryType.endsWith('LO') ? 2 : 1) * (j.queryType === 'LILO' ? 2 : 1);
  return [...jobs].sort((a, b) => weight(b) - weight(a) || a.index - b.index);
}

/**
 * The sweep over `workers` threads (1: inline on this thread), each fed one configuration at a time. A
 * worker that fails rejects the whole sweep: results must not silently miss configurations.
 */
export function workerCostTableRunner(workers: number): CostTableRunner {
  if (workers <= 1) return inlineCostTableRunner;
  return (shared, jobs, onDone) =>
    new Promise<CostTableJobResult[]>((resolve, reject) => {
      const queue = costOrder(jobs);
      const results: CostTableJobResult[] = [];
      const threads: Worker[] = [];
      let failed = false;
      const stopAll = () => {
        for (const t of threads) void t.terminate();
      };
      const feed = (t: Worker) => {
        const next = queue.shift();
        if (next) t.postMessage(next);
        else void t.terminate();
      };
      const count = Math.min(workers, jobs.length);
      if (count === 0) resolve([]);
      for (let k = 0; k < count; k++) {
        const t = spawnModuleWorker(new URL('./cost-table-worker', import.meta.url), { workerData: shared });
        threads.push(t);
        t.on('message', (m: { ok: true; result: CostTableJobResult } | { ok: false; error: string }) => {
          if (failed) return;
          if (!m.ok) {
            failed = true;
            stopAll();
            reject(new Error(m.error));
            return;
          }
          results.push(m.result);
          onDone(m.result);
          if (results.length === jobs.length) {
            stopAll();
            resolve(results);
          } else feed(t);
        });
        t.on('error', (e) => {
          if (failed) return;
          failed = true;
          stopAll();
          reject(e);
        });
        feed(t);
      }
    });
}
