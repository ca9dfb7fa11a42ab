import { type ErrorStats, errorStats, type StepModelReport } from './report.js';

export interface ErrorBand extends ErrorStats {
  /** Engine group the band was measured on, or `all`. */
  engineGroup: string;
  /** GPU id, or `all`. */
  gpuId: string;
  stage: 'prefill' | 'decode';
  groups: number;
}

/**
 * data/v1/error-bands.json: p10–p90 of measured / predicted for held-out step predictions, per engine
 * group × GPU × stage, and over all groups per stage (the fallback).
 */
export function errorBandsFile(r: StepModelReport) {
  const bands: ErrorBand[] = [];
  const keys = [...new Set(r.heldOut.map((p) => `${p.engineGroup}|${p.gpuId}`))].sort();
  for (const stage of ['prefill', 'decode'] as const) {
    for (const key of keys) {
      const [engineGroup = '', gpuId = ''] = key.split('|');
      const mine = r.heldOut.filter(
        (p) => p.stage === stage && p.engineGroup === engineGroup && p.gpuId === gpuId,
      );
      if (mine.length === 0) continue;
      bands.push({
        engineGroup,
        gpuId,
        stage,
        groups: new Set(mine.map((p) => p.group)).size,
        ...errorStats(mine),
      });
    }
    const all = r.heldOut.filter((p) => p.stage === stage);
    bands.push({
      engineGroup: 'all',
      gpuId: 'all',
      stage,
      groups: new Set(all.map((p) => p.group)).size,
      ...errorStats(all),
    });
  }
  return {
    schemaVersion: 1,
    generatedBy: 'scripts/fit-step-model.ts',
    method:
      "leave-one-group-out predictions of the engine step model (group = model × GPU × TP × engine group) against Splitwise's measured steps and DistServe's vLLM and DistServe fits; band = p10–p90 of measured / predicted",
    bands,
    sources: [
      { title: 'shared data profiling/splitwise/perf_model.csv (Splitwise, MIT)' },
      { title: 'shared data profiling/distserve-fitted (DistServe fitted A100 curves)' },
      { title: 'shared data profiling/vidur-legacy-2024-05/a100/cpu_overheads.csv (Vidur)' },
    ],
  };
}
