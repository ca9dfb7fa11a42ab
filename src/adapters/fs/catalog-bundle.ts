import type { PackData } from '../../app/pack.js';
import type { EfficiencyData } from '../../app/predictors.js';
import { DEFAULTS } from '../../app/settings.js';
import type { EnergyData } from '../../catalog/energy-file.js';
import type { EngineProfile } from '../../core/engine-profile.js';
import type { GpuSpec } from '../../core/gpu-spec.js';
import type { Catalog } from '../../core/instance-type.js';
import type { Issue, Result } from '../../core/issue.js';
import type { MigGpu } from '../../core/mig-profile.js';
import type { ModelConfig } from '../../core/model-config.js';

/** The loaders packing and provisioning read (any PlannerData has them). */
export interface CatalogLoaders {
  models(): Result<ModelConfig[]>;
  gpus(): Result<GpuSpec[]>;
  migGpus(): Result<MigGpu[]>;
  efficiency(): Result<EfficiencyData>;
  catalog(id: string): Result<Catalog>;
  engines?(): Result<EngineProfile[]>;
  energy?(): Result<EnergyData>;
}

/** Models, GPUs, MIG profiles, efficiencies and the default price catalog, or every problem loading them. */
export function catalogBundle(
  data: CatalogLoaders,
): { ok: true; value: PackData } | { ok: false; issues: Issue[] } {
  const models = data.models();
  const gpus = data.gpus();
  const migGpus = data.migGpus();
  const efficiency = data.efficiency();
  const catalog = data.catalog(DEFAULTS.catalog);
  // The default engine's step overheads (vLLM): without them capacities are kernel time only, too optimistic.
  const engines = data.engines?.();
  const engine = engines?.ok ? engines.value.find((e) => e.id === DEFAULTS.engine) : undefined;
  // Power data is optional: without it provisioning prices energy at the TDP bound and says so.
  const energy = data.energy?.();
  if (!models.ok || !gpus.ok || !migGpus.ok || !efficiency.ok) {
    const issues: Issue[] = [];
    for (const r of [models, gpus, migGpus, efficiency]) if (!r.ok) issues.push(...r.issues);
    return { ok: false, issues };
  }
  return {
    ok: true,
    value: {
      models: models.value,
      gpus: gpus.value,
      migGpus: migGpus.value,
      efficiency: efficiency.value,
      ...(engine ? { engine } : {}),
      ...(catalog.ok ? { catalog: catalog.value } : {}),
      ...(energy?.ok ? { energy: energy.value } : {}),
    },
  };
}
