import type { EngineProfile } from '../core/engine-profile.js';
import type { EfficiencyProfile } from '../core/operator-work.js';
import { paperPredictor } from '../core/paper-predictor.js';
import { createProfiledPredictor, type KernelTables } from '../core/profiled-predictor.js';
import { createRooflinePredictor } from '../core/roofline-predictor.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { type EngineOffloadOptions, withEngine } from './engine-predictor.js';

export const PREDICTOR_IDS = ['roofline', 'paper', 'profiled'] as const;
export type PredictorId = (typeof PREDICTOR_IDS)[number];

export interface EfficiencyData {
  byGpuId: Record<string, EfficiencyProfile>;
  fallback: EfficiencyProfile;
}

/**
 * The predictor behind an id: `roofline` (default, fitted efficiencies), `paper` (equations 4–6) or
 * `profiled` (measured kernel tables by GPU id, the roofline elsewhere; no tables: roofline everywhere),
 * timing steps as `engine` runs them when given (kernels only otherwise; the paper's model has its own).
 */
export function createPredictor(
  id: PredictorId,
  efficiency: EfficiencyData,
  kernelTables: Record<string, KernelTables> = {},
  engine?: EngineProfile,
  offload: EngineOffloadOptions = {},
): TimePredictor {
  if (id === 'paper') return paperPredictor;
  const roofline = { profiles: efficiency.byGpuId, fallback: efficiency.fallback };
  const rooflinePredictor = createRooflinePredictor(roofline);
  const predictor =
    id === 'profiled'
      ? createProfiledPredictor({ tables: kernelTables, fallback: rooflinePredictor, roofline })
      : rooflinePredictor;
  return engine ? withEngine(predictor, engine, offload) : predictor;
}

export function isPredictorId(value: string): value is PredictorId {
  return (PREDICTOR_IDS as readonly string[]).includes(value);
}
