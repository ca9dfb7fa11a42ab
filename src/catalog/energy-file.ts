import { z } from 'zod';
import type { GpuPowerSpec, PowerModelCoefficients } from '../core/gpu-power.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { Source } from '../core/source.js';
import { schemaIssues } from './schema-issues.js';
import { sourceSchema, sourcesSchema } from './source-schema.js';

/**
 * data/v1/energy.json (built by scripts/build-data.ts): power limit, idle floor and documented SM clocks
 * per GPU, PUE per provider (and region), grid carbon intensity per cloud region; and
 * data/v1/power-model.json (fitted by scripts/fit-power.ts, docs/oasis.md): the power-model coefficients.
 */

const watts = z.number().positive().finite();
const mhz = z.number().int().positive();

const energyGpuSchema = z.strictObject({
  gpuId: z.string().min(1),
  powerLimitWatts: watts,
  idleWatts: watts,
  idleEstimated: z.boolean(),
  powerMeasured: z.boolean(),
  smClock: z.strictObject({ maxMhz: mhz, minMhz: mhz, peakFlopsMhz: mhz }).optional(),
  sources: sourcesSchema,
});

export const energyFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  description: z.string().min(1),
  gpus: z.array(energyGpuSchema),
  pue: z.array(
    z.strictObject({
      provider: z.string().min(1),
      region: z.string().min(1),
      pue: z.number().min(1).max(3),
      source: sourceSchema,
    }),
  ),
  gridIntensity: z.array(
    z.strictObject({
      provider: z.string().min(1),
      region: z.string().min(1),
      gco2PerKwh: z.number().nonnegative().finite(),
      asOf: z.string().min(1),
      source: sourceSchema,
    }),
  ),
});

const errorSchema = z.strictObject({
  points: z.number().int().nonnegative(),
  meanAbsPctError: z.number().nonnegative(),
  maxAbsPctError: z.number().nonnegative(),
});

export const powerModelFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  generatedBy: z.string().min(1),
  description: z.string().min(1),
  coefficients: z.strictObject({
    computeActivity: z.number().nonnegative().max(1.5),
    memoryActivity: z.number().nonnegative().max(1.5),
    voltageKneeClockFraction: z.number().gt(0).lte(1),
  }),
  fit: z.strictObject({ inSample: errorSchema, leaveOneTableOut: z.record(z.string().min(1), errorSchema) }),
  sources: sourcesSchema,
});

export interface PueValue {
  provider: string;
  region: string;
  pue: number;
  source: Source;
}

export interface GridIntensityValue {
  provider: string;
  region: string;
  gco2PerKwh: number;
  asOf: string;
  source: Source;
}

/** The parsed energy data: per-GPU power specs (before the fitted coefficients are applied), PUE, grid. */
export interface EnergyData {
  gpus: Record<string, GpuPowerSpec>;
  pue: PueValue[];
  gridIntensity: GridIntensityValue[];
  model: PowerModel;
}

export interface PowerModel {
  coefficients: PowerModelCoefficients;
  fit: z.infer<typeof powerModelFileSchema>['fit'];
  sources: Source[];
}

export type EnergyFacts = Omit<EnergyData, 'model'>;

/** Validates energy.json; every problem comes back as an Issue with its path. Never throws. */
export function parseEnergyFile(raw: unknown): Result<EnergyFacts> {
  const energy = energyFileSchema.safeParse(raw);
  if (!energy.success) return fail(...schemaIssues(energy.error, 'energy.json:'));
  const issues: Issue[] = [];
  const gpus: Record<string, GpuPowerSpec> = {};
  for (const [index, g] of energy.data.gpus.entries()) {
    if (g.idleWatts >= g.powerLimitWatts)
      issues.push({
        code: 'schema-invalid',
        path: `energy.json:gpus[${index}].idleWatts`,
        message: 'idle power must be below the power limit',
      });
    if (
      g.smClock &&
      !(g.smClock.minMhz <= g.smClock.peakFlopsMhz && g.smClock.peakFlopsMhz <= g.smClock.maxMhz)
    )
      issues.push({
        code: 'schema-invalid',
        path: `energy.json:gpus[${index}].smClock`,
        message: 'clocks must satisfy minMhz ≤ peakFlopsMhz ≤ maxMhz',
      });
    const spec: GpuPowerSpec = {
      gpuId: g.gpuId,
      powerLimitWatts: g.powerLimitWatts,
      idleWatts: g.idleWatts,
      idleEstimated: g.idleEstimated,
      estimated: !g.powerMeasured,
      sources: g.sources,
    };
    if (g.smClock) spec.smClock = g.smClock;
    gpus[g.gpuId] = spec;
  }
  if (issues.length > 0) return fail(...issues);
  return ok({ gpus, pue: energy.data.pue, gridIntensity: energy.data.gridIntensity });
}

/** Validates both files; every problem comes back as an Issue with its path. Never throws. */
export function parseEnergyFiles(energyRaw: unknown, powerModelRaw: unknown): Result<EnergyData> {
  const facts = parseEnergyFile(energyRaw);
  const model = powerModelFileSchema.safeParse(powerModelRaw);
  const issues = [
    ...(facts.ok ? [] : facts.issues),
    ...(model.success ? [] : schemaIssues(model.error, 'power-model.json:')),
  ];
  if (!facts.ok || !model.success) return fail(...issues);
  return ok({
    ...facts.value,
    model: { coefficients: model.data.coefficients, fit: model.data.fit, sources: model.data.sources },
  });
}
