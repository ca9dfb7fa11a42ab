import { billedSeconds, SECONDS_PER_HOUR } from '../core/billing.js';
import type { BillingRule } from '../core/instance-type.js';
import type { Rankable } from '../core/rank.js';
import { type SpotRisk, spotExpectation } from '../core/spot-interruption.js';
import { costEfficiency, type TaskShape } from '../core/task-cost.js';

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
  /** The task's input + output tokens over its expected wall time: the throughput spot delivers. */
  expectedTokensPerSecond: number;
  expectedUsdPerMillionTokens: number;
  /** Paper eq. 3 on the expected figures, min(expected TPS, SLO) × 3600 / expected $: what spot is ranked by. */
  expectedCostEfficiency: number;
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
  sloTokensPerSecond: number,
): SpotTaskExpectation {
  const rounds = Math.ceil(Math.ceil(task.requests / task.batchSize) / replicas);
  const e = spotExpectation(batchSeconds, rounds, risk);
  const expectedUsd = (billedSeconds(e.expectedSeconds, billing) / SECONDS_PER_HOUR) * priceUsdPerHour;
  const totalTokens = task.requests * (task.inputTokens + task.outputTokens);
  const expectedTokensPerSecond = totalTokens / e.expectedSeconds;
  return {
    interruptionsPerHour: risk.interruptionsPerHour,
    restartSeconds: risk.restartSeconds,
    expectedRunSeconds: e.expectedSeconds,
    expectedUsd,
    expectedInterruptions: e.expectedInterruptions,
    uninterruptedProbability: e.uninterruptedProbability,
    expectedTokensPerSecond,
    expectedUsdPerMillionTokens: (expectedUsd / totalTokens) * 1e6,
    expectedCostEfficiency: costEfficiency(
      Math.min(expectedTokensPerSecond, sloTokensPerSecond),
      expectedUsd,
    ),
  };
}

/**
 * What a candidate is ranked by: on spot, the expected throughput and cost efficiency (a cheap instance
 * with long batches loses more to each interruption), else its own figures.
 */
export function rankingFigures(c: Rankable & { spot?: SpotTaskExpectation }): Rankable {
  if (!c.spot) return c;
  return {
    costEfficiency: c.spot.expectedCostEfficiency,
    tokensPerSecond: c.spot.expectedTokensPerSecond,
    priceUsdPerHour: c.priceUsdPerHour,
  };
}
