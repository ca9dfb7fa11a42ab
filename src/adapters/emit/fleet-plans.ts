import type { FleetResult } from '../../app/fleet.js';
import type { Precision } from '../../core/precision.js';
import { formatPercent } from '../../messages/format.js';
import { emitK8s } from './k8s.js';
import type { DeployPlan } from './plan.js';
import { emitSkypilot } from './skypilot.js';

/** One deployment per instance type of a heterogeneous fleet: SkyServe replicas = its instance count. */
export function fleetPlans(r: FleetResult): DeployPlan[] {
  const s = r.settings;
  const slo = Object.entries(s.slo)
    .map(([k, v]) => `${k.replace('Seconds', '')} ≤ ${v} s`)
    .join(', ');
  return r.fleet.instances.map((i) => {
    const t = r.types.find((x) => x.instance === i.type);
    if (!t) throw new Error(`fleet type ${i.type} has no capacity row`);
    const shares = r.fleet.shares.filter((x) => x.type === i.type);
    const served = new Set(shares.map((x) => x.bucket));
    const longest = Math.max(
      ...r.buckets.filter((b) => served.has(b.id)).map((b) => b.longestSequenceTokens),
    );
    return {
      mode: 'latency',
      command: 'fleet',
      model: s.model,
      instance: t.instance,
      gpu: t.gpu,
      gpuCount: t.gpuCount,
      region: t.region,
      provider: t.provider,
      ...(t.launch ? { launch: t.launch } : {}),
      nameSuffix: t.gpu,
      pricing: s.pricing,
      precision: s.precision as Precision,
      kvCacheDtype: 'auto',
      tensorParallel: t.tensorParallel,
      replicasPerInstance: t.replicasPerInstance,
      instances: i.count,
      maxModelLen: longest,
      maxNumSeqs: t.maxNumSeqs,
      maxNumBatchedTokens: t.maxNumBatchedTokens,
      gpuMemoryUtilization: 0.9,
      offloadFraction: 0,
      offloadedBytesPerGpu: 0,
      priceUsdPerHour: t.usdPerHour,
      fleetUsdPerHour: i.usdPerHour,
      assumptions: [
        `part of a heterogeneous fleet at ${s.requestsPerSecond.toFixed(2)} requests/s within P${s.percentile} ${slo}, $${r.fleet.usdPerHour.toFixed(2)}/h in all`,
        `a router sends this type: ${shares.map((x) => `${x.bucket} (${formatPercent(x.share)})`).join('; ')}`,
      ],
    };
  });
}

/**
 * The fleet as deployable text: SkyPilot — one SkyServe service YAML per instance type, as YAML documents
 * to split into files (a multi-document file is a SkyPilot pipeline, run in sequence, not side by side);
 * Kubernetes — one Deployment, Service and autoscaler per type, each pinned to its nodes.
 */
export function emitFleet(target: 'skypilot' | 'k8s', r: FleetResult): string {
  const plans = fleetPlans(r);
  const intro = [
    `# InferSave heterogeneous fleet: ${r.fleet.instances.map((i) => `${i.count} × ${i.type} (${i.provider} ${i.region})`).join(' + ')} = $${r.fleet.usdPerHour.toFixed(2)}/h.`,
    '# Requests must reach each type by size bucket in the shares stated per deployment (a size-aware router or',
    '# gateway in front; each deployment balances its own replicas).',
    ...(target === 'skypilot'
      ? [
          '# One SkyServe service per document: save each document below as its own file and `sky serve up` it.',
        ]
      : []),
  ];
  const docs = plans.map((p) => (target === 'skypilot' ? emitSkypilot(p) : emitK8s(p)));
  return `${intro.join('\n')}\n${docs.join('---\n')}`;
}
