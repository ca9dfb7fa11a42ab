import { z } from 'zod';
import {
  CalibrateFields,
  CapacityFields,
  CompareApiFields,
  InstancesFields,
  PredictFields,
  RecommendFields,
  RecommendLatencyFields,
  SimulateFields,
} from '../../app/request-schemas.js';

/** Request bodies: each use case's request schema (app/request-schemas.ts), the same the library and --request take. */
export const RecommendBody = RecommendFields;
export const RecommendLatencyBody = RecommendLatencyFields;
export const PredictBody = PredictFields;
export const SimulateBody = SimulateFields;
export const CapacityBody = CapacityFields;
export const CalibrateBody = CalibrateFields;
export const CompareApiBody = CompareApiFields;
/** GET /v1/instances query. */
export const InstancesQuery = InstancesFields;

const issueJson = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const ErrorIssue = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().nullable().describe('the request field at fault (body key or query parameter)'),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Every 4xx/5xx body. `error` is the first issue; `issues` lists them all. */
export const ErrorBody = z.object({ error: ErrorIssue, issues: z.array(ErrorIssue) });

const candidate = z.looseObject({
  instance: z.string(),
  gpu: z.string(),
  gpuCount: z.number(),
  cpuArchitecture: z.enum(['x86_64', 'arm64']),
  tensorParallel: z.number(),
  precision: z.string(),
  tokensPerSecond: z.number(),
  priceUsdPerHour: z.number(),
  totalUsd: z.number(),
  meetsSlo: z.boolean(),
});

/** `infersave recommend --json` (schemaVersion 1); `pick` is null when nothing qualifies. */
export const RecommendResponse = z.looseObject({
  schemaVersion: z.literal(1),
  settings: z.looseObject({ model: z.string(), catalog: z.string(), region: z.string() }),
  pick: candidate.nullable(),
  candidates: z.array(candidate),
  rejected: z.array(
    z.object({
      instance: z.string(),
      reason: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  baselines: z.looseObject({}),
  noPick: issueJson.nullable(),
  warnings: z.array(issueJson),
});

/** `infersave predict --json` (schemaVersion 1). */
export const PredictResponse = candidate.extend({
  schemaVersion: z.literal(1),
  model: z.string(),
  predictor: z.string(),
  calibration: z.string().nullable(),
  warnings: z.array(issueJson),
});

export const ModelsResponse = z.array(
  z.looseObject({ id: z.string(), modelType: z.string(), parameterCount: z.number() }),
);
export const GpusResponse = z.array(z.looseObject({ id: z.string(), memoryBytes: z.number() }));
export const InstancesResponse = z.object({
  catalog: z.string(),
  asOf: z.string(),
  region: z.string(),
  instances: z.array(
    z.looseObject({
      id: z.string(),
      gpu: z.string(),
      gpuCount: z.number(),
      onDemandUsdPerHour: z.number().nullable(),
      reservedUsdPerHour: z.number().nullable(),
    }),
  ),
});
export const HealthResponse = z.object({ status: z.literal('ok') });

/** `infersave simulate --json` (schemaVersion 1). */
export const SimulateResponse = z.looseObject({ schemaVersion: z.literal(1) });

/** `infersave calibrate --json` without `out`: the calibration file and the fit report. */
export const CalibrateResponse = z.looseObject({
  schemaVersion: z.literal(1),
  predictor: z.string(),
  calibration: z.looseObject({ schemaVersion: z.literal(1), id: z.string() }),
  groups: z.array(z.looseObject({})),
  warnings: z.array(issueJson),
});

/** `infersave recommend --slo-*-p95 … --json` (schemaVersion 1): instance type and count; `pick` null when none. */
export const RecommendLatencyResponse = z.looseObject({
  schemaVersion: z.literal(1),
  pick: z.looseObject({}).nullable(),
  warnings: z.array(issueJson),
});

/** `infersave capacity --json` (schemaVersion 1). */
export const CapacityResponse = z.looseObject({ schemaVersion: z.literal(1), warnings: z.array(issueJson) });
/** `compare-api --json`: self-hosting per pricing, each API with its break-even volumes, the cost curve. */
export const CompareApiResponse = z.looseObject({
  schemaVersion: z.literal(1),
  selfHost: z.array(z.looseObject({})),
  apis: z.array(z.looseObject({ id: z.string(), breakEven: z.record(z.string(), z.unknown()) })),
  curve: z.array(
    z.object({
      tokensPerMonth: z.number(),
      selfHostUsd: z.record(z.string(), z.number()),
      apiUsd: z.record(z.string(), z.number()),
    }),
  ),
});
