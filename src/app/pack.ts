import type { EnergyData } from '../catalog/energy-file.js';
import type { EngineProfile } from '../core/engine-profile.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { validMigLayouts } from '../core/mig-geometry.js';
import type { MigGpu } from '../core/mig-profile.js';
import { migSliceGpu } from '../core/mig-slice-gpu.js';
import type { ModelConfig } from '../core/model-config.js';
import type { MilpSolver } from '../optimize/milp.js';
import {
  type GpuLayout,
  type PackingPlan,
  type PackingTenant,
  packTenants,
} from '../optimize/tenant-packing.js';
import { generateWorkload } from '../sim/synthetic-workload.js';
import { resolveGpuHourPrice } from './gpu-hour-price.js';
import { lookupById } from './lookup.js';
import type { PackRequest } from './pack-request.js';
import type { EfficiencyData } from './predictors.js';
import { defaultPrecision } from './settings.js';
import { sliceCapacity } from './slice-capacity.js';

/** What packing reads: the catalogs, resolved by an adapter. */
export interface PackData {
  models: ModelConfig[];
  gpus: GpuSpec[];
  migGpus: MigGpu[];
  efficiency: EfficiencyData;
  /** The serving engine (default vLLM) whose step overheads every capacity probe includes. */
  engine?: EngineProfile;
  /** For the default GPU price. */
  catalog?: Catalog;
  /** Power data (the fitted power model); provisioning prices energy from it, else at the TDP bound. */
  energy?: EnergyData;
}

export interface PackCapacityCell {
  tenant: string;
  /** MIG profile, or null for the whole GPU. */
  profile: string | null;
  maxRequestsPerSecond: number;
  relativeUncertainty: number | null;
  /** Why this slice serves nothing (the model does not fit, …). */
  reason: Issue | null;
}

export interface PackResult {
  schemaVersion: 1;
  settings: Omit<PackRequest, 'tenants' | 'usdPerGpuHour'> & { usdPerGpuHour: number; priceSource: string };
  tenants: { name: string; model: string; precision: string; requestsPerSecond: number }[];
  capacities: PackCapacityCell[];
  solver: { name: string; status: string; provenOptimal: boolean; layoutsConsidered: number };
  plan: PackingPlan;
  /** Every tenant on its own whole GPUs (ceil(rate / whole-GPU capacity) each). */
  onePerModel: { gpuCount: number; usdPerHour: number } | null;
  savings: { gpus: number; usdPerHour: number; fraction: number } | null;
  warnings: Issue[];
}

export type PackProgress = (done: number, total: number, label: string) => void;

/**
 * Multi-tenant packing: the fewest GPUs (or least $/h) that serve every tenant's rate within its P95
 * targets, using MIG slices or whole GPUs. Each (tenant, slice) capacity comes from the simulator's
 * capacity bisection; the assignment is the exact MILP of optimize/tenant-packing.ts.
 */
export function pack(
  req: PackRequest,
  data: PackData,
  solver: MilpSolver,
  progress?: PackProgress,
): Result<PackResult> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const gpu = lookupById(data.gpus, req.gpu, 'unknown-gpu-id', 'gpu');
  if (!gpu.ok) issues.push(...gpu.issues);
  const models = req.tenants.map((t, i) => {
    const found = lookupById(data.models, t.model, 'unknown-model', `tenants[${i}].model`);
    if (!found.ok) issues.push(...found.issues);
    return found.ok ? found.value : undefined;
  });
  const priced = gpu.ok
    ? resolveGpuHourPrice(req.usdPerGpuHour, data.catalog, gpu.value.id, 'usdPerGpuHour')
    : undefined;
  if (priced && !priced.ok) issues.push(...priced.issues);
  const price = priced?.ok ? priced.value : undefined;
  if (!gpu.ok || issues.length > 0 || !price) return fail(...issues);

  const mig = req.allowMig ? data.migGpus.find((g) => g.gpuId === gpu.value.id) : undefined;
  if (req.allowMig && !mig)
    warnings.push({
      code: 'gpu-without-mig',
      path: 'gpu',
      details: { gpu: gpu.value.id, value: '', valid: data.migGpus.map((g) => g.gpuId) },
    });
  const profiles = (mig?.profiles ?? []).filter((p) => !p.name.includes('+me'));
  const options: { profile: string | null; gpu: GpuSpec }[] = [
    { profile: null, gpu: gpu.value },
    ...(mig ? profiles.map((p) => ({ profile: p.name, gpu: migSliceGpu(gpu.value, p) })) : []),
  ];
  const capacities: PackCapacityCell[] = [];
  const tenants: PackingTenant[] = [];
  const total = req.tenants.length * options.length;
  let done = 0;
  req.tenants.forEach((t, i) => {
    const model = models[i] as ModelConfig;
    const name = t.name ?? t.model;
    const precision = t.precision ?? defaultPrecision(model);
    const workload = generateWorkload({
      requests: req.probeRequests,
      requestsPerSecond: 1,
      arrival: { kind: 'poisson' },
      inputLengths: { kind: 'fixed', tokens: t.inputTokens },
      outputLengths: { kind: 'fixed', tokens: t.outputTokens },
      seed: req.seed,
    });
    const targets = {
      ...(t.slo.ttftP95Seconds !== undefined ? { ttftSeconds: t.slo.ttftP95Seconds } : {}),
      ...(t.slo.tpotP95Seconds !== undefined ? { tpotSeconds: t.slo.tpotP95Seconds } : {}),
      ...(t.slo.e2eP95Seconds !== undefined ? { e2eSeconds: t.slo.e2eP95Seconds } : {}),
    };
    const capacity: PackingTenant['capacity'] = [];
    for (const option of options) {
      progress?.(done, total, `${name} on ${option.profile ?? 'whole GPU'}`);
      const c = sliceCapacity({
        model,
        gpu: option.gpu,
        precision,
        workload,
        minimumKvTokens: t.inputTokens + t.outputTokens,
        targets,
        efficiency: data.efficiency,
        ...(data.engine ? { engine: data.engine } : {}),
        seed: req.seed,
      });
      done++;
      for (const w of c.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
      capacities.push({
        tenant: name,
        profile: option.profile,
        maxRequestsPerSecond: c.requestsPerSecond,
        relativeUncertainty: c.relativeUncertainty,
        reason: c.reason ?? null,
      });
      capacity.push({
        option: { gpu: gpu.value.id, profile: option.profile },
        requestsPerSecond: c.requestsPerSecond,
      });
    }
    tenants.push({ name, requestsPerSecond: t.requestsPerSecond, capacity });
  });
  progress?.(total, total, 'solving');

  const layouts: GpuLayout[] = [
    { name: 'whole GPU (MIG off)', profiles: {}, whole: true },
    ...(mig ? validMigLayouts(mig).map((p) => ({ name: layoutName(p), profiles: p, whole: false })) : []),
  ];
  const outcome = packTenants(
    {
      tenants,
      gpuTypes: [{ id: gpu.value.id, usdPerHour: price.usdPerHour, layouts }],
      objective: req.objective,
    },
    solver,
  );
  if (outcome.status !== 'optimal' && outcome.status !== 'time-limit') {
    const unservable = tenants
      .filter((t) => t.capacity.every((c) => !(c.requestsPerSecond > 0)))
      .map((t) => t.name);
    return fail({
      code: 'packing-infeasible',
      details: { gpu: gpu.value.id, status: outcome.solution.solverStatus, unservable },
    });
  }
  const onePerModel = onePerModelBaseline(tenants, price.usdPerHour);
  const { tenants: _t, usdPerGpuHour: _u, ...settings } = req;
  return ok(
    {
      schemaVersion: 1,
      settings: { ...settings, usdPerGpuHour: price.usdPerHour, priceSource: price.source },
      tenants: req.tenants.map((t, i) => ({
        name: t.name ?? t.model,
        model: t.model,
        precision: t.precision ?? defaultPrecision(models[i] as ModelConfig),
        requestsPerSecond: t.requestsPerSecond,
      })),
      capacities,
      solver: {
        name: solver.name,
        status: outcome.solution.solverStatus,
        provenOptimal: outcome.provenOptimal,
        layoutsConsidered: layouts.length,
      },
      plan: outcome.plan,
      onePerModel,
      savings: onePerModel
        ? {
            gpus: onePerModel.gpuCount - outcome.plan.gpuCount,
            usdPerHour: onePerModel.usdPerHour - outcome.plan.usdPerHour,
            fraction: (onePerModel.usdPerHour - outcome.plan.usdPerHour) / onePerModel.usdPerHour,
          }
        : null,
      warnings,
    },
    warnings,
  );
}

function onePerModelBaseline(tenants: PackingTenant[], usdPerGpuHour: number): PackResult['onePerModel'] {
  let gpus = 0;
  for (const t of tenants) {
    const whole = t.capacity.find((c) => c.option.profile === null)?.requestsPerSecond ?? 0;
    if (!(whole > 0)) return null;
    gpus += Math.ceil(t.requestsPerSecond / whole);
  }
  return { gpuCount: gpus, usdPerHour: gpus * usdPerGpuHour };
}

/** `3g.40gb + 2×2g.20gb`. */
export function layoutName(profiles: Record<string, number>): string {
  return Object.entries(profiles)
    .map(([p, n]) => (n > 1 ? `${n}×${p}` : p))
    .join(' + ');
}
