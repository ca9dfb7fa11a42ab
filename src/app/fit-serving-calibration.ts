import type { Calibration, CalibrationEntry, MeasuredRange } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ServingRun } from '../core/measurement.js';
import { IDENTITY_CTCF } from '../core/time-predictor.js';
import type { ResolvedMeasurement } from './fit-ctcf.js';
import { peakRooflinePredictor } from './peak-roofline.js';
import { predictAtConcurrency } from './predict-concurrency.js';
import { createPredictor, type EfficiencyData } from './predictors.js';
import { DEFAULTS } from './settings.js';

/** A measurement whose serving runs are fitted through the simulator. */
export type ServingMeasurement = ResolvedMeasurement & { servingRuns: readonly ServingRun[] };

export interface ServingFitOptions {
  efficiency: EfficiencyData;
  /** The engine whose step overheads the simulation adds (and keeps adding wherever the fit applies). */
  engine?: EngineProfile;
}

/** One run, measured and simulated before and after the fit. */
export interface ServingRunFit {
  concurrency: number;
  inputTokens: number;
  outputTokens: number;
  measured: { ttftSeconds: number; tpotSeconds: number };
  uncalibrated: { ttftSeconds: number; tpotSeconds: number };
  calibrated: { ttftSeconds: number; tpotSeconds: number };
}

export interface ServingFitReport {
  label: string;
  key: string;
  alphaPrefill: number;
  alphaDecode: number;
  iterations: number;
  converged: boolean;
  /** Mean |calibrated − measured| / measured over the runs, percent. */
  ttftMeanAbsPctError: number;
  tpotMeanAbsPctError: number;
  runs: ServingRunFit[];
}

/** The fixed point stops when both stages' correction is below this (relative). */
const TOLERANCE = 0.002;
const MAX_ITERATIONS = 16;
/** A stage scale outside this range says the time model is not what these runs measured: refused. */
const ALPHA_RANGE = { min: 0.05, max: 20 } as const;

interface Medians {
  ttftSeconds: number;
  tpotSeconds: number;
}

/**
 * Calibration from end-to-end serving runs, fitted **through the simulator** (issue 8 part 3): a run's
 * TPOT also carries the other requests' prefill chunks and its TTFT the queue ahead of it, so neither is
 * an isolated step. One CTCF scale per stage (α_prefill on steps that carry prompt tokens, α_decode on
 * the rest; β = 0) is found by a damped fixed point: simulate every run at its concurrency (a closed
 * loop of identical requests at the run's mean lengths, the engine's step overheads included), then
 * multiply each α by the geometric mean over runs of measured ÷ simulated median (TTFT for prefill, TPOT
 * for decode), until both corrections are below 0.2 %. The entries say `engineOverheads: 'kept'`: where
 * they apply, the engine's overheads stay added, as in the fit.
 *
 * Refused, with the reason: an α outside 0.05–20 (the model is not what was measured), an α below what
 * the hardware allows (the stage's time at 100 % of peak FLOP/s and bandwidth over its uncalibrated
 * time), a run the simulator cannot serve. Not converging within 16 rounds is a warning with the residual.
 */
export function fitServingCalibration(
  m: ServingMeasurement,
  options: ServingFitOptions,
): Result<{ entries: CalibrationEntry[]; report: ServingFitReport }> {
  const hardware = {
    ...(m.instance !== undefined ? { instanceId: m.instance } : {}),
    gpu: m.gpu,
    gpuCount: m.tensorParallel,
    hostMemoryBytes: Number.POSITIVE_INFINITY,
    interconnect: m.tensorParallel > 1 ? m.gpuInterconnect : ('none' as const),
  };
  const key: Pick<
    CalibrationEntry,
    'instance' | 'gpu' | 'model' | 'tensorParallel' | 'precision' | 'engine'
  > = {
    ...(m.instance !== undefined ? { instance: m.instance } : { gpu: m.gpu.id }),
    model: m.model.id,
    tensorParallel: m.tensorParallel,
    precision: m.precision,
    ...(m.engine !== undefined ? { engine: m.engine } : {}),
  };
  const runs = m.servingRuns;
  const entriesAt = (alphaPrefill: number, alphaDecode: number, fit?: Pick<ServingFitReport, 'runs'>) =>
    (['prefill', 'decode'] as const).map(
      (stage): CalibrationEntry => ({
        ...key,
        stage,
        alpha: stage === 'prefill' ? alphaPrefill : alphaDecode,
        betaSeconds: 0,
        engineOverheads: 'kept',
        ...(fit ? { fit: entryFit(stage, fit.runs) } : {}),
      }),
    );
  const simulateAll = (alphaPrefill: number, alphaDecode: number): Result<Medians[]> => {
    const calibration: Calibration = {
      id: `serving fit of ${m.label}`,
      description: 'in-progress fit through the simulator',
      predictors: { roofline: entriesAt(alphaPrefill, alphaDecode) },
      sources: [],
    };
    const out: Medians[] = [];
    const issues: Issue[] = [];
    for (const run of runs) {
      const p = predictAtConcurrency({
        model: m.model,
        hardware,
        precision: m.precision,
        tensorParallel: m.tensorParallel,
        concurrency: Math.max(1, Math.round(run.concurrency)),
        inputTokens: Math.max(1, Math.round(run.inputTokens)),
        outputTokens: Math.max(2, Math.round(run.outputTokens)),
        efficiency: options.efficiency,
        calibration,
        ...(options.engine ? { engine: options.engine } : {}),
        gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
        hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
      });
      if (!p.ok) {
        issues.push(...p.issues.map((i) => ({ ...i, details: { ...i.details, file: m.label } })));
        continue;
      }
      const tpot = p.value.tpotSeconds?.p50;
      out.push({ ttftSeconds: p.value.ttftSeconds.p50, tpotSeconds: tpot ?? Number.NaN });
    }
    return issues.length > 0 ? fail(...issues) : ok(out);
  };

  const first = simulateAll(1, 1);
  if (!first.ok) return first;
  let alphaPrefill = 1;
  let alphaDecode = 1;
  let current = first.value;
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    const rPrefill = geometricMeanRatio(
      runs.map((r, i) => [r.ttftSeconds, current[i]?.ttftSeconds ?? Number.NaN]),
    );
    const rDecode = geometricMeanRatio(
      runs.map((r, i) => [r.tpotSeconds, current[i]?.tpotSeconds ?? Number.NaN]),
    );
    if (!Number.isFinite(rPrefill) || !Number.isFinite(rDecode))
      return fail({ code: 'serving-fit-unsimulated', path: m.label, details: { file: m.label } });
    if (Math.abs(Math.log(rPrefill)) < TOLERANCE && Math.abs(Math.log(rDecode)) < TOLERANCE) {
      converged = true;
      break;
    }
    alphaPrefill *= rPrefill;
    alphaDecode *= rDecode;
    iterations++;
    const outside = (
      [
        ['prefill', alphaPrefill],
        ['decode', alphaDecode],
      ] as const
    ).find(([, a]) => !(a >= ALPHA_RANGE.min && a <= ALPHA_RANGE.max));
    if (outside)
      return fail({
        code: 'serving-fit-out-of-range',
        path: m.label,
        details: { file: m.label, stage: outside[0], alpha: outside[1], ...ALPHA_RANGE },
      });
    const next = simulateAll(alphaPrefill, alphaDecode);
    if (!next.ok) return next;
    current = next.value;
  }
  const floor = hardwareFloor(m, options.efficiency);
  for (const [stage, alpha] of [
    ['prefill', alphaPrefill],
    ['decode', alphaDecode],
  ] as const) {
    const min = stage === 'prefill' ? floor.prefill : floor.decode;
    if (alpha < min)
      return fail({
        code: 'serving-fit-faster-than-hardware',
        path: m.label,
        details: { file: m.label, stage, alpha, minimumAlpha: min },
      });
  }
  const runFits = runs.map(
    (r, i): ServingRunFit => ({
      concurrency: r.concurrency,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      measured: { ttftSeconds: r.ttftSeconds, tpotSeconds: r.tpotSeconds },
      uncalibrated: first.value[i] as Medians,
      calibrated: current[i] as Medians,
    }),
  );
  const report: ServingFitReport = {
    label: m.label,
    key: [key.instance ?? key.gpu, key.model, `TP${key.tensorParallel}`, key.precision, key.engine]
      .filter((x) => x !== undefined)
      .join(' · '),
    alphaPrefill: round(alphaPrefill),
    alphaDecode: round(alphaDecode),
    iterations,
    converged,
    ttftMeanAbsPctError: meanAbsPct(runFits.map((r) => [r.calibrated.ttftSeconds, r.measured.ttftSeconds])),
    tpotMeanAbsPctError: meanAbsPct(runFits.map((r) => [r.calibrated.tpotSeconds, r.measured.tpotSeconds])),
    runs: runFits,
  };
  const warnings: Issue[] = converged
    ? []
    : [
        {
          code: 'serving-fit-not-converged',
          path: m.label,
          details: {
            file: m.label,
            iterations,
            ttftMeanAbsPctError: report.ttftMeanAbsPctError,
            tpotMeanAbsPctError: report.tpotMeanAbsPctError,
          },
        },
      ];
  return ok({ entries: entriesAt(report.alphaPrefill, report.alphaDecode, report), report }, warnings);
}

/**
 * The smallest α each stage may take: its time at 100 % of peak FLOP/s and bandwidth over its
 * uncalibrated roofline time, the largest over the runs (decode at the mean context, prefill of one
 * prompt). A smaller α claims more than the hardware can do.
 */
function hardwareFloor(
  m: ServingMeasurement,
  efficiency: EfficiencyData,
): { prefill: number; decode: number } {
  const roofline = createPredictor('roofline', efficiency);
  let prefill = 0;
  let decode = 0;
  for (const run of m.servingRuns) {
    const inputs = {
      model: m.model,
      gpu: m.gpu,
      precision: m.precision,
      tensorParallel: m.tensorParallel,
      gpuInterconnect: m.tensorParallel > 1 ? m.gpuInterconnect : ('none' as const),
      batch: {
        batchSize: Math.max(1, Math.round(run.concurrency)),
        inputTokens: Math.max(1, Math.round(run.inputTokens)),
        outputTokens: Math.max(2, Math.round(run.outputTokens)),
      },
      offloadFraction: 0,
      calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    };
    const model = roofline.predict(inputs);
    const peak = peakRooflinePredictor.predict(inputs);
    if (model.prefill.seconds > 0) prefill = Math.max(prefill, peak.prefill.seconds / model.prefill.seconds);
    if (model.decode.seconds > 0) decode = Math.max(decode, peak.decode.seconds / model.decode.seconds);
  }
  return { prefill, decode };
}

function entryFit(
  stage: 'prefill' | 'decode',
  runs: readonly ServingRunFit[],
): NonNullable<CalibrationEntry['fit']> {
  const pairs = runs.map((r): [number, number] =>
    stage === 'prefill'
      ? [r.calibrated.ttftSeconds, r.measured.ttftSeconds]
      : [r.calibrated.tpotSeconds, r.measured.tpotSeconds],
  );
  const span = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  const range: MeasuredRange = {
    batchSize: span(runs.map((r) => r.concurrency)),
    inputTokens: span(runs.map((r) => r.inputTokens)),
    contextTokens: span(runs.flatMap((r) => [r.inputTokens, r.inputTokens + r.outputTokens])),
  };
  return { points: runs.length, meanAbsPctError: meanAbsPct(pairs), cvMeanAbsPctError: null, range };
}

/** exp(mean(log(measured / simulated))); NaN when any simulated value is missing or not positive. */
function geometricMeanRatio(pairs: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (const [measured, simulated] of pairs) {
    if (!(simulated > 0) || !(measured > 0)) return Number.NaN;
    sum += Math.log(measured / simulated);
  }
  return Math.exp(sum / pairs.length);
}

function meanAbsPct(pairs: readonly (readonly [number, number])[]): number {
  const errors = pairs.map(([predicted, measured]) => Math.abs(predicted - measured) / measured);
  return Math.round((errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length)) * 1e5) / 1e3;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
