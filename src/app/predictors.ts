import type { EfficiencyProfile } from '../core/operator-work.js';
import { paperPredictor } from '../core/paper-predictor.js';
import { createRooflinePredictor } from '../core/roofline-predictor.js';
import type { TimePredictor } from '../core/time-predictor.js';

export const PREDICTOR_IDS = ['roofline', 'paper'] as const;
export type PredictorId = (typeof PREDICTOR_IDS)[number];

export interface EfficiencyData {
  byGpuId: Record<string, EfficiencyProfile>;
  fallback: EfficiencyProfile;
}

/** The predictor behind an id: `roofline` (default, fitted efficiencies) or `paper` (equations 4–6). */
export function createPredictor(id: PredictorId, efficiency: EfficiencyData): TimePredictor {
  if (id === 'paper') return paperPredictor;
  return createRooflinePredictor({ profiles: efficiency.byGpuId, fallback: efficiency.fallback });
}

export function isPredictorId(value: string): value is PredictorId {
  return (PREDICTOR_IDS as readonly string[]).includes(value);
}
