import { billedSeconds, SECONDS_PER_HOUR } from './billing.js';
import type { BillingRule } from './instance-type.js';

/** The whole job: `requests` requests of the same shape, run `batchSize` at a time. */
export interface TaskShape {
  requests: number;
  batchSize: number;
  inputTokens: number;
  outputTokens: number;
}

export interface TaskCost {
  batches: number;
  /** Independent model replicas on the instance (GPUs / tensor-parallel degree), each running batches. */
  replicas: number;
  runSeconds: number;
  billedSeconds: number;
  /** Input + output tokens of the whole task divided by its run time (paper eq. 1 over the task). */
  tokensPerSecond: number;
  /** min(TPS, SLO): the paper's TPS_effective. */
  effectiveTokensPerSecond: number;
  totalUsd: number;
  /** Dollars per million input + output tokens. */
  usdPerMillionTokens: number;
  /** Dollars per million output tokens, as API price lists quote. */
  usdPerMillionOutputTokens: number;
  /** Paper eq. 3: TPS_effective × 3600 / (billed hours × $/h). */
  costEfficiency: number;
  meetsSlo: boolean;
}

/**
 * Cost of the whole task on one instance: batches run in rounds across the replicas, each round taking
 * one batch time (the last, partial round counted as full — a slight overestimate).
 */
export function taskCost(
  task: TaskShape,
  batchSeconds: number,
  replicas: number,
  priceUsdPerHour: number,
  billing: BillingRule,
  sloTokensPerSecond: number,
): TaskCost {
  const batches = Math.ceil(task.requests / task.batchSize);
  const rounds = Math.ceil(batches / replicas);
  const runSeconds = rounds * batchSeconds;
  const totalTokens = task.requests * (task.inputTokens + task.outputTokens);
  const tokensPerSecond = totalTokens / runSeconds;
  const effectiveTokensPerSecond = Math.min(tokensPerSecond, sloTokensPerSecond);
  const billed = billedSeconds(runSeconds, billing);
  const totalUsd = (billed / SECONDS_PER_HOUR) * priceUsdPerHour;
  return {
    batches,
    replicas,
    runSeconds,
    billedSeconds: billed,
    tokensPerSecond,
    effectiveTokensPerSecond,
    totalUsd,
    usdPerMillionTokens: (totalUsd / totalTokens) * 1e6,
    usdPerMillionOutputTokens: (totalUsd / (task.requests * task.outputTokens)) * 1e6,
    costEfficiency: costEfficiency(effectiveTokensPerSecond, totalUsd),
    meetsSlo: tokensPerSecond >= sloTokensPerSecond,
  };
}

/**
 * Paper eq. 3: TPS_effective × 3600 / (billed hours × $/h), the dollars being the billed hours' cost.
 * Without a price (bare GPUs) there is no cost efficiency to speak of: 0, never Infinity.
 */
export function costEfficiency(effectiveTokensPerSecond: number, totalUsd: number): number {
  return totalUsd > 0 ? (effectiveTokensPerSecond * SECONDS_PER_HOUR) / totalUsd : 0;
}
