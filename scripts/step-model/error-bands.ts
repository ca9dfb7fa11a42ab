import type { FittedRange } from '../../src/core/prediction-band.js';
import { type ErrorStats, errorStats, type HeldOutPoint, type StepModelReport } from './report.js';

export interface ErrorBand extends ErrorStats {
  /** Engine group the band was measured on, or `all`. */
  engineGroup: string;
  /** GPU id, or `all`. */
  gpuId: string;
  /** Tensor-parallel degree, or `all`. */
  tensorParallel: number | 'all';
  stage: 'prefill' | 'decode';
  groups: number;
}

function band(
  points: readonly HeldOutPoint[],
  key: Omit<ErrorBand, keyof ErrorStats | 'groups'>,
): ErrorBand | undefined {
  if (points.length === 0) return undefined;
  return { ...key, groups: new Set(points.map((p) => p.group)).size, ...errorStats(points) };
}

function fittedRange(engineGroup: string, points: readonly HeldOutPoint[]): FittedRange {
  const sorted = <T>(xs: T[]) => [...new Set(xs)].sort();
  const decode = points.filter((p) => p.stage === 'decode');
  const prefill = points.filter((p) => p.stage === 'prefill');
  return {
    engineGroup,
    gpuIds: sorted(points.map((p) => p.gpuId)),
    tensorParallel: [...new Set(points.map((p) => p.tensorParallel))].sort((a, b) => a - b),
    // Every end-to-end measurement was taken in fp16 (Splitwise, DistServe).
    precisions: ['bf16', 'fp16'],
    models: sorted(points.map((p) => p.modelId)),
    prefillBatchTokensMax: Math.max(...prefill.map((p) => p.batch * p.inputTokens)),
    decodeBatchMax: Math.max(...decode.map((p) => p.batch)),
    decodeContextTokensMax: Math.max(...decode.map((p) => p.inputTokens + p.outputTokens)),
  };
}

/**
 * data/v1/error-bands.json: p10, p50 and p90 of measured / predicted for held-out step predictions, per
 * engine group × TP × stage, per engine group × stage, over all engine groups per TP × stage and per
 * stage (the fallbacks, in that order), per engine group × GPU × stage (for reference), and the range of
 * shapes each engine group was measured on.
 */
export function errorBandsFile(r: StepModelReport) {
  const bands: ErrorBand[] = [];
  const engineGroups = [...new Set(r.heldOut.map((p) => p.engineGroup))].sort();
  const degrees = [...new Set(r.heldOut.map((p) => p.tensorParallel))].sort((a, b) => a - b);
  const gpuIds = [...new Set(r.heldOut.map((p) => p.gpuId))].sort();
  for (const stage of ['prefill', 'decode'] as const) {
    const staged = r.heldOut.filter((p) => p.stage === stage);
    for (const engineGroup of [...engineGroups, 'all']) {
      const mine = engineGroup === 'all' ? staged : staged.filter((p) => p.engineGroup === engineGroup);
      const push = (b: ErrorBand | undefined) => {
        if (b) bands.push(b);
      };
      push(band(mine, { engineGroup, gpuId: 'all', tensorParallel: 'all', stage }));
      for (const tp of degrees) {
        push(
          band(
            mine.filter((p) => p.tensorParallel === tp),
            { engineGroup, gpuId: 'all', tensorParallel: tp, stage },
          ),
        );
      }
      if (engineGroup === 'all') continue;
      for (const gpuId of gpuIds) {
        push(
          band(
            mine.filter((p) => p.gpuId === gpuId),
            { engineGroup, gpuId, tensorParallel: 'all', stage },
          ),
        );
      }
    }
  }
  return {
    schemaVersion: 2,
    generatedBy: 'scripts/fit-step-model.ts',
    method:
      "leave-one-group-out predictions of the engine step model (group = model × GPU × TP × engine group) against Splitwise's measured steps and DistServe's vLLM and DistServe fits; band = p10–p90 of measured / predicted (p50: its median)",
    bands,
    fittedRanges: [
      ...engineGroups.map((g) =>
        fittedRange(
          g,
          r.heldOut.filter((p) => p.engineGroup === g),
        ),
      ),
      fittedRange('all', r.heldOut),
    ],
    sources: [
      { title: 'shared data profiling/splitwise/perf_model.csv (Splitwise, MIT)' },
      { title: 'shared data profiling/distserve-fitted (DistServe fitted A100 curves)' },
      { title: 'shared data profiling/vidur-legacy-2024-05/a100/cpu_overheads.csv (Vidur)' },
    ],
  };
}
