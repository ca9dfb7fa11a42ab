import { type Calibration, checkCalibrationPredictor } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { firstRequests, meanRequestsPerSecond, scaleToRate } from '../sim/scale-workload.js';
import type { RouterPolicy } from '../sim/simulation-input.js';
import { generateWorkload, type SyntheticWorkloadOptions } from '../sim/synthetic-workload.js';
import type { Workload } from '../sim/workload.js';
import type { LatencySloTargets } from './latency-slo.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import type { EfficiencyData } from './predictors.js';
import { resolveEngine } from './request-inputs.js';
import type { SchedulerSettings } from './serving-replica.js';
import {
  NO_TRACE_READER,
  TRACE_FORMATS,
  type TraceFormat,
  type TraceReader,
  type TraceReadOptions,
  type TraceRowCounts,
} from './trace-source.js';

/** Where a serving command's requests come from, validated but not yet read. */
export type WorkloadSpec =
  | {
      kind: 'trace';
      path: string;
      options: TraceReadOptions;
      first?: number;
      /** Time-scale the trace to this mean rate. */
      requestsPerSecond?: number;
      /** Echoed by the simulator (a trace has nothing random). */
      seed: number;
    }
  | { kind: 'synthetic'; options: SyntheticWorkloadOptions };

export interface WorkloadRules {
  /** The synthetic rate when --rate is absent; without one, --rate is required for synthetic workloads. */
  defaultSyntheticRate?: number;
}

/** The most requests a synthetic workload may have: a few typed arrays, but a simulation takes seconds. */
export const MAX_SYNTHETIC_REQUESTS = 10_000_000;
export const DEFAULT_SEED = 1;
export const DEFAULT_GAMMA_CV = 2;

const SYNTHETIC_FLAGS: [string, string][] = [
  ['requests', 'requests'],
  ['duration', 'duration'],
  ['arrival', 'arrival'],
  ['cv', 'cv'],
  ['inputTokens', 'inputTokens'],
  ['outputTokens', 'outputTokens'],
];
const TRACE_FLAGS: [string, string][] = [
  ['traceFormat', 'traceFormat'],
  ['onBadRow', 'onBadRow'],
  ['first', 'first'],
];
const WORKLOAD_HINT =
  'give {{trace}} FILE, or a synthetic workload: {{rate}} R {{requests}} N {{inputTokens}} N {{outputTokens}} N';

function given(o: OptionReader, flags: [string, string][]): string[] {
  return flags.filter(([key]) => o.text(key) !== undefined).map(([, flag]) => flag);
}

/** --trace … or the synthetic flags: exactly one, every problem recorded on `o`. */
export function readWorkloadSpec(o: OptionReader, rules: WorkloadRules = {}): WorkloadSpec | undefined {
  const path = o.text('trace');
  const rate = o.positiveNumber('rate');
  const seed = o.wholeNumber('seed') ?? DEFAULT_SEED;
  const synthetic = given(o, SYNTHETIC_FLAGS);
  const traceOnly = given(o, TRACE_FLAGS);
  if (path !== undefined) {
    if (synthetic.length > 0) {
      o.issues.push({
        code: 'invalid-option',
        path: 'trace',
        message: `give a trace or a synthetic workload, not both (drop ${synthetic.map((f) => `{{${f}}}`).join(', ')} or {{trace}})`,
      });
    }
    const format = o.oneOf('traceFormat', TRACE_FORMATS);
    const onBadRow = o.oneOf('onBadRow', ['skip', 'fail'] as const);
    const first = o.positiveInteger('first');
    const options: TraceReadOptions = {};
    if (format !== undefined) options.format = format as TraceFormat;
    if (onBadRow !== undefined) options.onBadRow = onBadRow;
    return {
      kind: 'trace',
      path,
      options,
      seed,
      ...(first !== undefined ? { first } : {}),
      ...(rate !== undefined ? { requestsPerSecond: rate } : {}),
    };
  }
  if (synthetic.length === 0 && o.text('rate') === undefined) {
    o.issues.push({ code: 'missing-option', path: 'trace', message: WORKLOAD_HINT });
    return undefined;
  }
  for (const flag of traceOnly) {
    o.issues.push({ code: 'invalid-option', path: flag, message: 'applies to {{trace}} only' });
  }
  return readSynthetic(o, rate ?? rules.defaultSyntheticRate, seed);
}

function readSynthetic(o: OptionReader, rate: number | undefined, seed: number): WorkloadSpec | undefined {
  const requests = o.positiveInteger('requests');
  const durationSeconds = o.durationSeconds('duration');
  if (o.text('requests') !== undefined && o.text('duration') !== undefined) {
    o.issues.push({
      code: 'invalid-option',
      path: 'duration',
      message: 'give {{requests}} or {{duration}}, not both',
    });
  } else if (o.text('requests') === undefined && o.text('duration') === undefined) {
    o.issues.push({
      code: 'missing-option',
      path: 'requests',
      message: 'how many synthetic requests, e.g. 1000 (or {{duration}}, e.g. 10m)',
    });
  }
  const arrival = o.oneOf('arrival', ['poisson', 'gamma', 'constant'] as const);
  const cv = o.positiveNumber('cv');
  if (o.text('cv') !== undefined && arrival !== undefined && arrival !== 'gamma') {
    o.issues.push({
      code: 'invalid-option',
      path: 'cv',
      message: `applies to {{arrival}} gamma, not ${arrival}`,
    });
  }
  const inputLengths = o.required('inputTokens', o.tokenLengths, 'prompt tokens: N, or MIN-MAX');
  const outputLengths = o.required('outputTokens', o.tokenLengths, 'output tokens: N, or MIN-MAX');
  if (rate === undefined && o.text('rate') === undefined) {
    o.issues.push({
      code: 'missing-option',
      path: 'rate',
      message: 'the arrival rate, requests/s, e.g. 5',
    });
  }
  const count =
    requests ?? (rate !== undefined && durationSeconds !== undefined ? rate * durationSeconds : 0);
  const tooMany = count > MAX_SYNTHETIC_REQUESTS;
  if (tooMany) {
    o.issues.push({
      code: 'invalid-option',
      path: requests !== undefined ? 'requests' : 'duration',
      message: `${Math.round(count)} requests is more than the ${MAX_SYNTHETIC_REQUESTS} a synthetic workload may have`,
    });
  }
  if (tooMany || rate === undefined || inputLengths === undefined || outputLengths === undefined)
    return undefined;
  if (requests === undefined && durationSeconds === undefined) return undefined;
  const kind = arrival ?? (cv !== undefined ? 'gamma' : 'poisson');
  const options: SyntheticWorkloadOptions = {
    requestsPerSecond: rate,
    arrival: kind === 'gamma' ? { kind, cv: cv ?? DEFAULT_GAMMA_CV } : { kind },
    inputLengths,
    outputLengths,
    seed,
    ...(requests !== undefined ? { requests } : { durationSeconds: durationSeconds as number }),
  };
  return { kind: 'synthetic', options };
}

/** The --seed in force. */
export function workloadSeed(spec: WorkloadSpec): number {
  return spec.kind === 'trace' ? spec.seed : spec.options.seed;
}

export interface LoadedWorkload {
  /** After --first and the time-scaling to --rate. */
  workload: Workload;
  /** The trace as read, when there is one. */
  trace?: { path: string; format: TraceFormat; rows: TraceRowCounts };
  /** Trace warnings: skipped rows with their lines, sorting, filters. */
  warnings: Issue[];
}

/** Reads the trace (streaming) or generates the synthetic workload. */
export async function loadWorkload(
  spec: WorkloadSpec,
  readTrace: TraceReader | undefined,
): Promise<Result<LoadedWorkload>> {
  if (spec.kind === 'synthetic') {
    return ok({ workload: generateWorkload(spec.options), warnings: [] });
  }
  if (!readTrace) return fail(NO_TRACE_READER);
  const report = await readTrace(spec.path, spec.options);
  if (!report.ok) return report;
  let workload = report.value.workload;
  if (spec.first !== undefined) workload = firstRequests(workload, spec.first);
  if (spec.requestsPerSecond !== undefined) {
    const scaled = scaleWorkload(workload, spec.requestsPerSecond, 'rate');
    if (!scaled.ok) return scaled;
    workload = scaled.value;
  }
  const trace = { path: spec.path, format: report.value.format, rows: report.value.rows };
  return ok({ workload, trace, warnings: report.warnings }, report.warnings);
}

/** The workload time-scaled to a mean rate, or an issue when it has no rate to scale. */
export function scaleWorkload(w: Workload, requestsPerSecond: number, flag: string): Result<Workload> {
  if (Number.isNaN(meanRequestsPerSecond(w))) {
    return fail({
      code: 'invalid-option',
      path: flag,
      message: `the workload has no arrival rate to scale (${w.arrivalSeconds.length} request(s), no time between first and last)`,
    });
  }
  return ok(scaleToRate(w, requestsPerSecond));
}

/** vLLM scheduler overrides and the router; absent flags leave vLLM's defaults. */
export function readEngine(o: OptionReader, raw: Record<string, unknown>) {
  const scheduler: SchedulerSettings = {};
  const maxNumSeqs = o.positiveInteger('maxNumSeqs');
  const maxNumBatchedTokens = o.positiveInteger('maxNumBatchedTokens');
  const preemption = o.oneOf('preemption', ['recompute', 'swap'] as const);
  if (maxNumSeqs !== undefined) scheduler.maxNumSeqs = maxNumSeqs;
  if (maxNumBatchedTokens !== undefined) scheduler.maxNumBatchedTokens = maxNumBatchedTokens;
  if (preemption !== undefined) scheduler.preemption = preemption;
  // commander's --no-x flags default x to true; only an explicit --no-x changes vLLM's default.
  if (raw.chunkedPrefill === false) scheduler.chunkedPrefill = false;
  if (raw.prefixCaching === false) scheduler.prefixCaching = false;
  if (raw.schedulerReserveFullIsl === false) scheduler.reserveFullPrompt = false;
  const router: RouterPolicy =
    o.oneOf('router', ['least-outstanding-tokens', 'round-robin'] as const) ?? 'least-outstanding-tokens';
  return { scheduler, router };
}

/** The --slo-*-p95 targets (any subset). */
export function readLatencyTargets(o: OptionReader): LatencySloTargets {
  const targets: LatencySloTargets = {};
  const ttft = o.durationSeconds('sloTtftP95');
  const tpot = o.durationSeconds('sloTpotP95');
  const e2e = o.durationSeconds('sloE2eP95');
  if (ttft !== undefined) targets.ttftSeconds = ttft;
  if (tpot !== undefined) targets.tpotSeconds = tpot;
  if (e2e !== undefined) targets.e2eSeconds = e2e;
  return targets;
}

/** Whether any --slo-*-p95 flag was given (valid or not). */
export function latencyFlagsGiven(raw: Record<string, unknown>): boolean {
  return ['sloTtftP95', 'sloTpotP95', 'sloE2eP95'].some((k) => raw[k] !== undefined);
}

/** The roofline step timer's data: fitted efficiencies and the optional --calibration. */
export function resolveStepTimerData(
  data: PlannerData,
  o: OptionReader,
): Result<{ efficiency: EfficiencyData; calibration?: Calibration; engine?: EngineProfile }> {
  const engineResult = resolveEngine(data, o);
  if (!engineResult.ok) return engineResult;
  const engine = engineResult.value ? { engine: engineResult.value } : {};
  const efficiency = data.efficiency();
  const name = o.text('calibration');
  const calibration = name === undefined ? undefined : data.calibration(name);
  if (!efficiency.ok || (calibration && !calibration.ok)) {
    return fail(
      ...(efficiency.ok ? [] : efficiency.issues),
      ...(calibration && !calibration.ok ? calibration.issues : []),
    );
  }
  if (!calibration) return ok({ efficiency: efficiency.value, ...engine });
  const mismatch = checkCalibrationPredictor(calibration.value, 'roofline');
  if (mismatch) return fail({ ...mismatch, path: 'calibration' });
  return ok({ efficiency: efficiency.value, calibration: calibration.value, ...engine });
}

/** Size, span and lengths of a workload, for the settings lines. */
export function describeWorkload(w: Workload) {
  const n = w.arrivalSeconds.length;
  let input = 0;
  let output = 0;
  let maxInput = 0;
  let maxOutput = 0;
  for (let i = 0; i < n; i++) {
    const a = w.inputTokens[i] as number;
    const b = w.outputTokens[i] as number;
    input += a;
    output += b;
    if (a > maxInput) maxInput = a;
    if (b > maxOutput) maxOutput = b;
  }
  const rate = meanRequestsPerSecond(w);
  return {
    source: w.source,
    requests: n,
    spanSeconds: n > 0 ? (w.arrivalSeconds[n - 1] as number) - (w.arrivalSeconds[0] as number) : 0,
    meanRequestsPerSecond: Number.isNaN(rate) ? null : rate,
    meanInputTokens: n > 0 ? input / n : 0,
    meanOutputTokens: n > 0 ? output / n : 0,
    maxInputTokens: maxInput,
    maxOutputTokens: maxOutput,
  };
}
export type WorkloadDescription = ReturnType<typeof describeWorkload>;
