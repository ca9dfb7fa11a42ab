import { parentPort, workerData } from 'node:worker_threads';
import { type CostTableJob, type CostTableShared, runCostTableJob } from '../../app/cost-table-job.js';

/** A cost-table worker: the sweep's shared context arrives once (workerData), then one job per message. */
const shared = workerData as CostTableShared;
parentPort?.on('message', (job: CostTableJob) => {
  try {
    parentPort?.postMessage({ ok: true, result: runCostTableJob(shared, job) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, index: job.index, error: String((error as Error)?.stack ?? error) });
  }
});
