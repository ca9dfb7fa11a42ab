import { parentPort, workerData } from 'node:worker_threads';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { INTERNAL_ERROR } from './http-errors.js';
import { type HttpLimits, type OperationName, runOperation } from './operations.js';

/** A worker of the pool (worker-pool.ts): runs use cases over the installed data, off the event loop. */
const limits = workerData as HttpLimits;
parentPort?.on('message', (job: { id: number; name: OperationName; input: unknown }) => {
  void runOperation(job.name, job.input, fsPlannerData, limits)
    .catch(() => INTERNAL_ERROR)
    .then((outcome) => {
      try {
        parentPort?.postMessage({ id: job.id, outcome });
      } catch {
        parentPort?.postMessage({ id: job.id, outcome: INTERNAL_ERROR });
      }
    });
});
