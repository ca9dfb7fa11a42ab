import { type Calibration, resolveCalibration } from '../core/calibration.js';
import type { GpuSpec } from '../core/gpu-spec.js';
import type { InstanceType } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { RouterPolicy } from '../sim/simulation-input.js';
import type { Workload } from '../sim/workload.js';
import { judgeLatencySlo, type LatencySloTargets } from './latency-slo.js';
import { simulateAtRate } from './serving-capacity.js';
import type { ServingReplica } from './serving-replica.js';

/**
 * Instance types that serve alike, in catalog order: the same GPU, count and interconnect, the same
 * host RAM when KV swaps to it, and the same calibration — the de-duplication recommendForLatency does,
 * so sizes that differ only in host CPU and RAM are simulated once.
 */
export function groupByServingHardware(
  instances: readonly InstanceType[],
  gpus: ReadonlyMap<string, GpuSpec>,
  swap: boolean,
  calibration: Calibration | undefined,
): InstanceType[][] {
  const groups = new Map<string, InstanceType[]>();
  for (const instance of instances) {
    const ctcf = calibration
      ? JSON.stringify(resolveCalibration(calibration, 'roofline', instance.id, instance.gpuId).calibration)
      : '';
    const key = [
      gpus.has(instance.gpuId) ? instance.gpuId : `?${instance.id}`,
      instance.gpuCount,
      instance.gpuInterconnect,
      swap ? instance.hostMemoryBytes : 0,
      ctcf,
    ].join('|');
    const group = groups.get(key);
    if (group) group.push(instance);
    else groups.set(key, [instance]);
  }
  return [...groups.values()];
}

export interface ProbeBase {
  serving: ServingReplica;
  workload: Workload;
  targets: LatencySloTargets;
  router: RouterPolicy;
  seed: number;
}

/**
 * A `latency-slo-unreachable` issue with what was observed at its lowest probed rate: which P95 missed
 * its limit and by how much, or how many requests could not be served at all (one more simulation, at a
 * rate so low that requests barely overlap).
 */
export function explainUnreachable(issue: Issue, base: ProbeBase, instances: number): Issue {
  const rate = Number(issue.details?.lowestRequestsPerSecond);
  if (!(rate > 0)) return issue;
  const verdict = judgeLatencySlo(simulateAtRate({ ...base, instances }, rate).summary, base.targets);
  const details: NonNullable<Issue['details']> = { ...issue.details, instances };
  const add = (name: string, observed: number | null, limit: number | undefined) => {
    if (limit === undefined || observed === null) return;
    details[`${name}P95Seconds`] = observed;
    details[`${name}LimitSeconds`] = limit;
  };
  add('ttft', verdict.ttftP95Seconds, base.targets.ttftSeconds);
  add('tpot', verdict.tpotP95Seconds, base.targets.tpotSeconds);
  add('e2e', verdict.e2eP95Seconds, base.targets.e2eSeconds);
  if (verdict.failedRequests > 0) details.failedRequests = verdict.failedRequests;
  return { ...issue, details };
}
