import type { CapacityMixResult } from '../../app/capacity-mix-result.js';
import { DEFAULTS } from '../../app/settings.js';
import type { Catalog } from '../../core/instance-type.js';
import { fail, ok, type Result } from '../../core/issue.js';
import type { Precision } from '../../core/precision.js';
import { quantity } from './k8s.js';
import type { DeployPlan } from './plan.js';

/**
 * The capacity mix as one deployment of one-GPU pods on the priced instance type's nodes: the reserved
 * baseline as the autoscaler's floor, the peak as its ceiling, and the simulated queue depth per replica
 * at the SLO's maximum rate as its target. `catalogs` give the instance's launch spec (a GCP host with
 * attached GPUs is a machine type plus accelerators: its nodes carry the machine type and GKE's label).
 */
export function capacityMixPlan(r: CapacityMixResult, catalogs: readonly Catalog[]): Result<DeployPlan> {
  const s = r.settings;
  const p = r.prices;
  const launch = catalogs.find((c) => c.id === p.cloud)?.instances.find((i) => i.id === p.instance)?.launch;
  if (p.instance === null || p.instanceGpuCount === null)
    return fail({
      code: 'invalid-option',
      path: '--emit',
      message: `${p.cloud} has no instance with ${s.gpu} in ${p.region} to pin the pods to`,
    });
  if (!r.autoscaling)
    return fail({ code: 'invalid-option', path: '--emit', message: 'no simulated queue depth to scale on' });
  const a = r.autoscaling;
  const mix = r.plans.mix;
  const perNode = p.instanceGpuCount;
  const slo = Object.entries(s.slo)
    .map(([k, v]) => `${k.replace('Seconds', '')} P${s.percentile} ≤ ${v} s`)
    .join(', ');
  return ok({
    mode: 'latency',
    command: 'capacity-mix',
    model: s.model,
    instance: p.instance,
    ...(launch ? { launch } : {}),
    gpu: s.gpu,
    gpuCount: perNode,
    region: p.region,
    provider: p.cloud,
    pricing: mix.onDemandReplicaHours > 0 ? 'reserved + on-demand' : 'reserved',
    precision: s.precision as Precision,
    kvCacheDtype: 'auto',
    tensorParallel: 1,
    replicasPerInstance: perNode,
    instances: Math.ceil(a.minReplicas / perNode),
    maxModelLen: s.engineLimits.maxModelLen,
    maxNumSeqs: s.engineLimits.maxNumSeqs,
    maxNumBatchedTokens: s.engineLimits.maxNumBatchedTokens,
    gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
    offloadFraction: 0,
    offloadedBytesPerGpu: 0,
    priceUsdPerHour: p.reservedUsdPerGpuHour * perNode,
    fleetUsdPerHour: p.reservedUsdPerGpuHour * a.minReplicas,
    assumptions: [
      `capacity mix within ${slo}: ${mix.reservedReplicas} reserved GPU replica(s) always on, on-demand up to ${a.maxReplicas} in all`,
      `one replica serves ${a.atRequestsPerSecond.toFixed(2)} requests/s within the SLO (simulated), with ${a.queueDepthPerReplica.toFixed(2)} requests waiting on average`,
    ],
    autoscaling: {
      minPods: a.minReplicas,
      maxPods: Math.max(a.minReplicas, a.maxReplicas),
      queueTargetPerPod: a.queueDepthPerReplica,
      source: `target ${quantity(a.queueDepthPerReplica)}: the simulated mean queue per replica at ${a.atRequestsPerSecond.toFixed(2)} requests/s, the highest rate meeting the SLO`,
    },
  });
}
