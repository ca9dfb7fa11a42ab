import type { EnergyData } from '../catalog/energy-file.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, ok, type Result } from '../core/issue.js';
import type { Candidate } from './candidate.js';
import { batchEnergy, type EnergyReport } from './energy-report.js';
import type { EnergyRequest } from './energy-request.js';
import { resolvePowerContext } from './energy-request.js';
import type { PlannerData } from './planner-data.js';
import { type RecommendRequest, type RecommendResult, recommend } from './recommend.js';

export const OBJECTIVES = ['cost', 'energy', 'carbon'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export type CandidateWithEnergy = Candidate & { energy: EnergyReport };

export interface RecommendWithEnergy extends Omit<RecommendResult, 'pick' | 'candidates'> {
  pick?: CandidateWithEnergy;
  candidates: CandidateWithEnergy[];
  objective: Objective;
}

/**
 * Adds each candidate's energy (its GPUs running batches back to back at the default clock; PUE and
 * grid intensity of the catalog's provider and the region) and ranks by the objective: `cost` keeps the
 * planner's order (cost efficiency); `energy` puts the lowest J/token first, `carbon` the lowest
 * g CO2e per million tokens (ties keep the cost order). Carbon needs a grid intensity.
 */
export function recommendWithEnergy(
  result: RecommendResult,
  catalog: Catalog,
  energy: EnergyData,
  request: EnergyRequest,
  objective: Objective,
): Result<RecommendWithEnergy> {
  const providerOf = new Map(catalog.instances.map((i) => [i.id, i.provider]));
  const issues = [];
  const candidates: CandidateWithEnergy[] = [];
  for (const c of result.candidates) {
    const gpu = catalog.gpus.find((g) => g.id === c.gpu);
    if (!gpu) continue;
    const provider = providerOf.get(c.instance);
    const ctx = resolvePowerContext(
      energy,
      gpu,
      { ...(provider ? { provider } : {}), region: c.region },
      request,
    );
    if (!ctx.ok) {
      issues.push(...ctx.issues);
      continue;
    }
    candidates.push({ ...c, energy: batchEnergy(ctx.value.context, c) });
  }
  if (issues.length > 0) return fail(...issues);
  const unknownGrid = candidates.filter((c) => c.energy.gco2PerMillionTokens === null);
  if (objective === 'carbon' && unknownGrid.length > 0)
    return fail({
      code: 'carbon-needs-grid-intensity',
      path: 'objective',
      details: {
        where: [
          ...new Set(unknownGrid.map((c) => `${providerOf.get(c.instance) ?? 'bare GPU'} ${c.region}`)),
        ],
      },
    });
  const key = (c: CandidateWithEnergy): number =>
    objective === 'energy' ? c.energy.joulesPerToken : (c.energy.gco2PerMillionTokens as number);
  const ranked =
    objective === 'cost'
      ? candidates
      : candidates
          .map((c, i) => ({ c, i }))
          .sort((a, b) => key(a.c) - key(b.c) || a.i - b.i)
          .map((x) => x.c);
  const { pick: _pick, candidates: _candidates, ...rest } = result;
  const pick = ranked[0];
  return ok({ ...rest, candidates: ranked, objective, ...(pick ? { pick } : {}) });
}

/** Recommends and ranks by the objective, with each candidate's energy from the planner's energy data. */
export function recommendRanked(
  data: PlannerData,
  request: RecommendRequest,
  energy: EnergyRequest,
  objective: Objective,
): Result<RecommendWithEnergy> {
  const energyData = data.energy
    ? data.energy()
    : fail({ code: 'energy-data-invalid', message: 'this planner carries no energy data' });
  if (!energyData.ok) return energyData;
  return recommendWithEnergy(recommend(request), request.catalog, energyData.value, energy, objective);
}
