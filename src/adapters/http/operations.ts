import { buildRecommendRequest } from '../../app/build-recommend-request.js';
import { evaluatePredict } from '../../app/evaluate-predict.js';
import { evaluateSimulate } from '../../app/evaluate-simulate.js';
import {
  calibrateJson,
  fillNative,
  fitCalibration,
  type MeasurementOverrides,
  servingRunsToFit,
} from '../../app/fit-calibration.js';
import { instanceMatcher } from '../../app/instance-filter.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import { instancesListing } from '../../app/listings.js';
import type { PlannerData } from '../../app/planner-data.js';
import { recommendRanked } from '../../app/recommend-energy.js';
import { recommendJson } from '../../app/recommend-json.js';
import { DEFAULTS } from '../../app/settings.js';
import { simulateJson } from '../../app/simulate-json.js';
import type { Issue } from '../../core/issue.js';
import type { Measurement } from '../../core/measurement.js';
import { tensorParallelOptions } from '../../core/tensor-parallel.js';
import { importMeasurement } from '../importers/measurements.js';
import { bodyOptions, readBody, schemaIssues, simulationTooLarge, withMissing } from './body-fields.js';
import { runCapacityMixOperation } from './capacity-mix-operation.js';
import { runCompareApiOperation } from './compare-api-operation.js';
import { runFleetOperation } from './fleet-operation.js';
import { errorOutcome, type HttpOutcome, INTERNAL_ERROR } from './http-errors.js';
import { withInlineModelConfig } from './inline-model-config.js';
import { runPackOperation, runProvisionOperation } from './oasis-operations.js';
import { CalibrateBody, InstancesQuery, PredictBody, RecommendBody, SimulateBody } from './schemas.js';
import { runCapacityOperation, runRecommendLatencyOperation } from './serving-operations.js';

/** What a request may ask of the server. */
export interface HttpLimits {
  /** Largest request body, bytes. */
  maxBodyBytes: number;
  /** Most placements (precisions × instance types × tensor-parallel layouts) one recommend may evaluate. */
  maxGridPlacements: number;
  /** Longest a recommend, predict, simulate or calibrate may run, milliseconds (worker pool only). */
  timeoutMs: number;
  /** Most synthetic requests one simulate may generate. */
  maxSimulateRequests: number;
  /** Deepest nesting of objects and arrays in a request body, checked before it is parsed. */
  maxJsonDepth: number;
  /** Requests waiting for a worker before new ones are refused with 503 (worker pool only). */
  maxQueued: number;
  /** Most serving runs one calibrate may fit through the simulator (each run is simulated several times). */
  maxServingFitRuns: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 64 * 1024,
  maxGridPlacements: 2048,
  // A fleet over every default cloud (8B, two size buckets, 8 req/s) took 15.1 s warm in-process at load
  // average 4.8 on this 2-core machine (docs/clouds.md), past the old 10 s; 30 s leaves twice that.
  timeoutMs: 30_000,
  maxSimulateRequests: 100_000,
  maxJsonDepth: 32,
  maxQueued: 64,
  // About 2 s per run on one core at 16 rounds of the fit (docs/benchmarks.md): 4 stay within timeoutMs.
  maxServingFitRuns: 4,
};

/** A simulate's timeline over HTTP holds fewer samples than this (its interval doubles as needed). */
export const MAX_TIMELINE_SAMPLES = 1000;

/** The use cases the API runs; all but instances go to the worker pool when there is one. */
export type OperationName =
  | 'recommend'
  | 'recommend-latency'
  | 'capacity'
  | 'compare-api'
  | 'predict'
  | 'simulate'
  | 'calibrate'
  | 'pack'
  | 'provision'
  | 'fleet'
  | 'capacity-mix'
  | 'instances';

function runRecommendOperation(input: unknown, data: PlannerData, limits: HttpLimits): HttpOutcome {
  const body = bodyOptions(RecommendBody, input, data);
  if (body.invalid.length > 0 && Object.keys(body.raw).length === 0)
    return errorOutcome(400, body.problems([]));
  // A config.json sent as JSON: parsed as --model-config parses a file (the model's planner data only).
  const inline = withInlineModelConfig(body.raw, data);
  const built = buildRecommendRequest(inline.raw, inline.data);
  if (!built.ok || body.invalid.length > 0 || body.missing.length > 0)
    return errorOutcome(400, body.problems(built.ok ? [] : built.issues));
  const { request, settings } = built.value;
  const matches = instanceMatcher(request.instancePatterns);
  const placements =
    request.precisions.length *
    request.catalog.instances
      .filter((i) => matches(i.id))
      .reduce((sum, i) => sum + Math.max(1, tensorParallelOptions(request.model, i.gpuCount).length), 0);
  if (placements > limits.maxGridPlacements) {
    return errorOutcome(422, [
      {
        code: 'grid-too-large',
        path: 'instances',
        message: `${placements} placements (precisions × instance types × tensor-parallel layouts) exceed this server's limit of ${limits.maxGridPlacements}: narrow instances or precision`,
        details: { placements, maxGridPlacements: limits.maxGridPlacements },
      },
    ]);
  }
  const ranked = recommendRanked(data, request, built.value.energy, settings.objective ?? 'cost');
  if (!ranked.ok) return errorOutcome(400, ranked.issues);
  const result = ranked.value;
  // No pick is an answer, not an error: 200 with pick null and noPick saying why (the CLI exits 1).
  return { status: 200, body: recommendJson(result, settings) };
}

function runPredictOperation(input: unknown, data: PlannerData): HttpOutcome {
  const body = bodyOptions(PredictBody, input, data);
  if (body.invalid.length > 0 && Object.keys(body.raw).length === 0)
    return errorOutcome(400, body.problems([]));
  const inline = withInlineModelConfig(body.raw, data);
  const outcome = evaluatePredict(inline.raw, inline.data);
  const rejected = !outcome.ok && outcome.exitCode === 2;
  if (rejected || body.invalid.length > 0 || body.missing.length > 0)
    return errorOutcome(400, body.problems(rejected ? outcome.issues : []));
  if (!outcome.ok) return errorOutcome(422, outcome.issues);
  return { status: 200, body: outcome.json };
}

function runInstancesOperation(input: unknown, data: PlannerData): HttpOutcome {
  const parsed = InstancesQuery.safeParse(input);
  if (!parsed.success) return errorOutcome(400, schemaIssues(parsed.error));
  const listing = instancesListing(parsed.data, data);
  return listing.ok
    ? { status: 200, body: withWordedWarnings(listing.value) }
    : errorOutcome(400, listing.issues);
}

async function runSimulateOperation(
  input: unknown,
  data: PlannerData,
  limits: HttpLimits,
): Promise<HttpOutcome> {
  const body = bodyOptions(SimulateBody, input, data);
  if (body.invalid.length > 0 || body.missing.length > 0) {
    // Check the values too (a bad value, not the simulation, is all that runs with required fields missing).
    const inline = withInlineModelConfig(body.raw, data);
    const own = body.missing.length > 0 ? await evaluateSimulate(inline.raw, inline.data) : undefined;
    return errorOutcome(400, body.problems(own && !own.ok ? own.issues : []));
  }
  const { raw, data: modelData } = withInlineModelConfig(body.raw, data);
  const tooLarge = simulationTooLarge(raw, limits.maxSimulateRequests);
  if (tooLarge) return tooLarge;
  const wantsTimeline = raw.timelineInterval !== undefined;
  const outcome = await evaluateSimulate(
    raw,
    modelData,
    wantsTimeline ? { timelineMaxSamples: MAX_TIMELINE_SAMPLES } : {},
  );
  if (!outcome.ok) return errorOutcome(outcome.exitCode === 2 ? 400 : 422, outcome.issues);
  const tl = outcome.timeline;
  return {
    status: 200,
    body: {
      ...simulateJson(
        outcome.settings,
        outcome.summary,
        outcome.verdict,
        outcome.warnings,
        outcome.uncertainty,
      ),
      energy: outcome.energy,
      ...(wantsTimeline && tl
        ? {
            timeline: {
              timeSeconds: [...tl.timeSeconds],
              running: [...tl.running],
              waiting: [...tl.waiting],
              kvBlocksUsed: [...tl.kvBlocksUsed],
              outputTokensPerSecond: [...tl.outputTokensPerSecond],
              promptTokensPerSecond: [...tl.promptTokensPerSecond],
            },
          }
        : {}),
    },
  };
}

/** An issue about measurement i (its label in details.file) names its field as `measurements[i].…`. */
function inMeasurement(issue: Issue): Issue {
  const label = issue.details?.file;
  if (typeof label !== 'string' || !/^measurements\[\d+\]$/.test(label)) return issue;
  if (issue.path?.startsWith(label)) return issue;
  const path = issue.path === undefined || issue.path === '(root)' ? label : `${label}.${issue.path}`;
  return { ...issue, path };
}

function runCalibrateOperation(input: unknown, data: PlannerData, limits: HttpLimits): HttpOutcome {
  const given = readBody(CalibrateBody, input);
  if (given.invalid.length > 0 || given.missing.length > 0)
    return errorOutcome(400, withMissing(given.invalid, given.missing));
  const body = CalibrateBody.parse(given.fields);
  const overrides: MeasurementOverrides = {
    ...(body.gpu !== undefined ? { gpu: body.gpu } : {}),
    ...(body.instance !== undefined ? { instance: body.instance } : {}),
    ...(body.model !== undefined ? { model: body.model } : {}),
    ...(body.precision !== undefined ? { precision: body.precision } : {}),
  };
  // What a benchmark tool's file does not record, given as fields (the CLI's flags, or none for a file).
  const { measurements, predictor: _p, id: _i, catalog: _c, fitThrough: _f, ...setup } = body;
  const issues: Issue[] = [];
  const read: { file: string; m: Measurement }[] = [];
  measurements.forEach((raw, i) => {
    const label = `measurements[${i}]`;
    const m = importMeasurement(fillNative(raw, overrides), label, setup);
    if (m.ok) read.push({ file: label, m: m.value });
    else issues.push(...m.issues.map(inMeasurement));
  });
  if (issues.length > 0) return errorOutcome(400, issues);
  const fitThrough = body.fitThrough ?? 'simulator';
  const servingRuns = servingRunsToFit(
    read.map(({ m }) => m),
    body.predictor ?? 'roofline',
    fitThrough,
  );
  if (servingRuns > limits.maxServingFitRuns)
    return errorOutcome(422, [
      {
        code: 'serving-fit-too-large',
        path: 'measurements',
        details: { servingRuns, maxServingFitRuns: limits.maxServingFitRuns },
      },
    ]);
  const fitted = fitCalibration(read, data, {
    predictor: body.predictor ?? 'roofline',
    id: body.id ?? 'calibration',
    catalog: body.catalog ?? DEFAULTS.catalog,
    fitThrough,
  });
  if (!fitted.ok) return errorOutcome(fitted.exitCode === 2 ? 400 : 422, fitted.issues.map(inMeasurement));
  return { status: 200, body: calibrateJson(fitted) };
}

/** Runs one use case on already-parsed JSON input; a thrown bug becomes a generic 500. */
export async function runOperation(
  name: OperationName,
  input: unknown,
  data: PlannerData,
  limits: HttpLimits,
): Promise<HttpOutcome> {
  try {
    if (name === 'recommend') return runRecommendOperation(input, data, limits);
    if (name === 'recommend-latency')
      return await runRecommendLatencyOperation(input, data, limits.maxSimulateRequests);
    if (name === 'capacity') return await runCapacityOperation(input, data, limits.maxSimulateRequests);
    if (name === 'compare-api') return runCompareApiOperation(input, data);
    if (name === 'predict') return runPredictOperation(input, data);
    if (name === 'simulate') return await runSimulateOperation(input, data, limits);
    if (name === 'calibrate') return runCalibrateOperation(input, data, limits);
    if (name === 'pack') return await runPackOperation(input, data);
    if (name === 'provision') return runProvisionOperation(input, data, limits.maxSimulateRequests);
    if (name === 'fleet') return await runFleetOperation(input, data, limits.maxSimulateRequests);
    if (name === 'capacity-mix') return runCapacityMixOperation(input, data, limits.maxSimulateRequests);
    return runInstancesOperation(input, data);
  } catch {
    return INTERNAL_ERROR;
  }
}
