import { billedSeconds, SECONDS_PER_HOUR } from '../core/billing.js';
import type { BillingRule } from '../core/instance-type.js';
import { type SpotRisk, spotExpectation } from '../core/spot-interruption.js';
import type { TaskShape } from '../core/task-cost.js';

/** A batch task's expected time and cost on spot capacity (a recommendation with --pricing spot). */
export interface SpotTaskExpectation {
  interruptionsPerHour: number;
  restartSeconds: number;
  /** Wall time with interruptions: each interrupted round of batches rerun from its start. */
  expectedRunSeconds: number;
  expectedUsd: number;
  expectedInterruptions: number;
  /** Chance the whole task runs without an interruption. */
  uninterruptedProbability: number;
}

/**
 * The task runs in rounds of one batch per replica (core/task-cost.ts); an interruption takes the whole
 * instance, so the round in flight is lost (checkpoint = one batch) and rerun after the restart. Billed
 * under the instance's rule on the expected wall time.
 */
export function spotTaskExpectation(
  task: TaskShape,
  batchSeconds: number,
  replicas: number,
  priceUsdPerHour: number,
  billing: BillingRule,
  risk: SpotRisk,
): SpotTaskExpectation {
  const rounds = Math.ceil(Math.ceil(task.requests / task.batchSize) / replicas);
  const e = spotExpectation(batchSeconds, rounds, risk);
  return {
    interruptionsPerHour: risk.interruptionsPerHour,
    restartSeconds: risk.restartSeconds,
    expectedRunSeconds: e.expectedSeconds,
    expectedUsd: (billedSeconds(e.expectedSeconds, billing) / SECONDS_PER_HOUR) * priceUsdPerHour,
    expectedInterruptions: e.expectedInterruptions,
    uninterruptedProbability: e.uninterruptedProbability,
  };
}
