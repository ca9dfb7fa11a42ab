import { parentPort, workerData } from 'node:worker_threads';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { type HttpLimits, type OperationName, runOperation } from './operations.js';

/** A worker of the pool (worker-pool.ts): runs use cases over the installed data, off the event loop. */
const limits = workerData as HttpLimits;
parentPort?.on('message', (job: { id: number; name: OperationName; input: unknown }) => {
  void runOperation(job.name, job.input, fsPlannerData, limits).then((outcome) =>
    parentPort?.postMessage({ id: job.id, outcome }),
  );
});
