import type { Margin } from '../core/prediction-band.js';
import { describeIssue } from '../messages/messages.js';
import { issueJson } from './issue-json.js';
import type { RecommendResult } from './recommend.js';

export interface RecommendSettings {
  model: string;
  catalog: string;
  catalogAsOf: string;
  region: string;
  pricing: string;
  /** With --pricing spot: the interruption model's inputs. */
  spotInterruptionsPerHour?: number;
  spotRestartSeconds?: number;
  /** With reserved pricing: the reserved prices' term and source (the catalog's, or the user's discount). */
  reservedPrices?: string;
  billing: string;
  predictor: string;
  calibration: string;
  precisions: string[];
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
  inputTokens: number;
  outputTokens: number;
  batchSize: number;
  requests: number;
  sloTokensPerSecond: number;
  /** How much of each time's error band the SLO check takes (`--margin`, default p90). */
  margin: Margin;
  maxPriceUsdPerHour: number | null;
  /** What ranks the candidates: cost (cost efficiency, the default), energy (J/token) or carbon. */
  objective?: 'cost' | 'energy' | 'carbon';
}

/** The documented JSON contract of `recommend --json`. */
export function recommendJson(r: RecommendResult, s: RecommendSettings) {
  return {
    schemaVersion: 1,
    settings: s,
    pick: r.pick ?? null,
    candidates: r.candidates,
    rejected: r.rejected.map((j) => ({
      instance: j.instance,
      reason: j.reason.code,
      message: describeIssue(j.reason),
      details: j.reason.details ?? {},
    })),
    baselines: {
      maxPerformance: r.baselines.maxPerformance ?? null,
      noOffload: r.baselines.noOffload ?? null,
    },
    noPick: r.noPick ? issueJson(r.noPick) : null,
    warnings: r.warnings.map(issueJson),
  };
}
