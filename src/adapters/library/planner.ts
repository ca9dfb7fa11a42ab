import type { z } from 'zod';
import type { capacityJson } from '../../app/capacity-json.js';
import type { CapacityMixResult } from '../../app/capacity-mix-result.js';
import type { CompareApiJson } from '../../app/compare-api.js';
import type { calibrateJson } from '../../app/fit-calibration.js';
import type { PackResult } from '../../app/pack.js';
import type { packRequestSchema } from '../../app/pack-request.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { ProvisionResult } from '../../app/provision.js';
import type { recommendJson } from '../../app/recommend-json.js';
import type { latencyRecommendJson } from '../../app/recommend-latency-json.js';
import type {
  CalibrateFields,
  CapacityFields,
  CompareApiFields,
  PredictFields,
  RecommendFields,
  RecommendLatencyFields,
  SimulateFields,
} from '../../app/request-schemas.js';
import type { simulateJson } from '../../app/simulate-json.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import type { CapacityMixBody } from '../http/capacity-mix-operation.js';
import type { ProvisionBody } from '../http/oasis-operations.js';
import { type HttpLimits, type OperationName, runOperation } from '../http/operations.js';

/** A library call runs as long as it needs: no body, grid, queue or time limit (those are a server's). */
const NO_LIMITS: HttpLimits = {
  maxBodyBytes: Number.POSITIVE_INFINITY,
  maxGridPlacements: Number.POSITIVE_INFINITY,
  timeoutMs: Number.POSITIVE_INFINITY,
  maxSimulateRequests: Number.POSITIVE_INFINITY,
  maxJsonDepth: Number.POSITIVE_INFINITY,
  maxQueued: Number.POSITIVE_INFINITY,
  maxServingFitRuns: Number.POSITIVE_INFINITY,
};

interface IssueJson {
  code: string;
  message: string;
  field: string | null;
  details?: Record<string, unknown>;
}

/** A problem as the library reports it: the code, the field at fault (`maxPrice`), and a sentence naming fields. */
function toIssue(i: IssueJson): Issue {
  return {
    code: i.code,
    ...(i.field !== null ? { path: i.field } : {}),
    message: i.message,
    ...(i.details ? { details: i.details as Issue['details'] } : {}),
  };
}

function operation<Fields, Json>(name: OperationName, data: PlannerData) {
  return async (fields: Fields): Promise<Result<Json>> => {
    const outcome = await runOperation(name, fields, data, NO_LIMITS);
    if (outcome.status === 200) return ok(outcome.body as Json);
    return fail(...((outcome.body as { issues: IssueJson[] }).issues ?? []).map(toIssue));
  };
}

/**
 * Every use case as a function of its request fields — the JSON fields of the HTTP API and of a
 * `--request` file, checked by the same schema — returning the same versioned JSON as `--json`, or every
 * problem at once (`issues`, each naming its field in `path`). Over the built-in data unless given other.
 */
export function createPlanner(data: PlannerData = fsPlannerData) {
  return {
    /** Rank instances that meet a throughput SLO within a budget. */
    recommend: operation<z.input<typeof RecommendFields>, ReturnType<typeof recommendJson>>(
      'recommend',
      data,
    ),
    /** Instance type and count under P95 latency SLOs, judged by simulation. */
    recommendForLatency: operation<
      z.input<typeof RecommendLatencyFields>,
      ReturnType<typeof latencyRecommendJson>
    >('recommend-latency', data),
    /** One placement explained: memory, offload, per-stage time, TPS, cost. */
    predict: operation<z.input<typeof PredictFields>, Record<string, unknown>>('predict', data),
    /** Serving simulated on one placement: latency percentiles, goodput. */
    simulate: operation<z.input<typeof SimulateFields>, ReturnType<typeof simulateJson>>('simulate', data),
    /** The maximum rate each instance type serves within P95 targets. */
    capacity: operation<z.input<typeof CapacityFields>, ReturnType<typeof capacityJson>>('capacity', data),
    /** Self-hosting vs hosted APIs: $/M tokens, monthly cost, break-even volume, the cost curve. */
    compareApi: operation<z.input<typeof CompareApiFields>, CompareApiJson>('compare-api', data),
    /** A CTCF calibration fitted from measurements (any importer format). */
    calibrate: operation<z.input<typeof CalibrateFields>, ReturnType<typeof calibrateJson>>(
      'calibrate',
      data,
    ),
    /** Several models packed onto the fewest GPUs, MIG slices or whole (exact MILP). */
    pack: operation<z.input<typeof packRequestSchema>, PackResult>('pack', data),
    /** OASIS provisioning over a trace given inline, columnar. */
    provision: operation<z.input<typeof ProvisionBody>, ProvisionResult>('provision', data),
    /** Reserved baseline, on-demand burst and spot batch over a trace given inline (or a diurnal profile). */
    capacityMix: operation<z.input<typeof CapacityMixBody>, CapacityMixResult>('capacity-mix', data),
  };
}
