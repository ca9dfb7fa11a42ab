import type { Issue } from '../core/issue.js';
import { longestSequenceTokens, meanSequenceTokens } from '../sim/workload.js';
import { instanceMatcher } from './instance-filter.js';
import { groupLabel, type Progress, yieldToEventLoop } from './progress.js';
import type { Rejection } from './recommend.js';
import {
  compareLatencyCandidates,
  type LatencyCandidate,
  type LatencyRecommendRequest,
  type LatencyRecommendResult,
  recommendForLatency,
} from './recommend-latency.js';
import { explainUnreachable, groupByServingHardware } from './serving-groups.js';
import { instanceHardware, servingReplicaFor } from './serving-replica.js';

/**
 * recommendForLatency, one group of instance types that serve alike at a time so a progress bar can
 * follow it; the groups' answers merged as one call would give them (catalog order, then the app's
 * ranking). Rejections for an unreachable SLO get what was observed at the lowest rate probed.
 */
export async function recommendForLatencyByGroup(
  req: LatencyRecommendRequest,
  progress: Progress,
): Promise<LatencyRecommendResult> {
  const matches = instanceMatcher(req.instancePatterns);
  const instances = req.catalog.instances.filter((i) => matches(i.id));
  const gpus = new Map(req.catalog.gpus.map((g) => [g.id, g]));
  const groups = groupByServingHardware(
    instances,
    gpus,
    req.scheduler.preemption === 'swap',
    req.calibration,
  );
  const candidates: LatencyCandidate[] = [];
  const rejected: Rejection[] = [];
  let noPick: Issue | undefined;
  progress.start(groups.length, 'recommend');
  for (const group of groups) {
    progress.working(groupLabel(group.map((i) => i.id)));
    await yieldToEventLoop();
    const result = recommendForLatency({ ...req, instancePatterns: group.map((i) => i.id) });
    candidates.push(...result.candidates);
    rejected.push(...explainGroup(req, result.rejected));
    noPick ??= result.noPick;
    progress.done();
  }
  progress.stop();
  const order = new Map(req.catalog.instances.map((i, k) => [i.id, k]));
  const rank = (id: string) => order.get(id) ?? 0;
  candidates.sort((a, b) => rank(a.instance) - rank(b.instance));
  candidates.sort(compareLatencyCandidates);
  rejected.sort((a, b) => rank(a.instance) - rank(b.instance));
  const merged: LatencyRecommendResult = { candidates, rejected };
  if (candidates[0]) merged.pick = candidates[0];
  else if (noPick) merged.noPick = noPick;
  return merged;
}

/** Adds the observed P95s to a group's `latency-slo-unreachable` rejections (one cause for the group). */
function explainGroup(req: LatencyRecommendRequest, rejected: Rejection[]): Rejection[] {
  const first = rejected.find((j) => j.reason.code === 'latency-slo-unreachable');
  const instance = first && req.catalog.instances.find((i) => i.id === first.instance);
  const gpu = instance && req.catalog.gpus.find((g) => g.id === instance.gpuId);
  const precision = req.precisions[req.precisions.length - 1];
  if (!first || !instance || !gpu || !precision) return rejected;
  const serving = servingReplicaFor(req, {
    hardware: instanceHardware(instance, gpu),
    precision,
    minimumKvTokens: longestSequenceTokens(req.workload),
    kvReferenceTokens: meanSequenceTokens(req.workload),
  });
  if (!serving.ok) return rejected;
  const base = {
    serving: serving.value,
    workload: req.workload,
    targets: req.targets,
    router: req.router,
    seed: req.seed,
  };
  const explained = explainUnreachable(first.reason, base, 1);
  return rejected.map((j) => (j.reason.code === first.reason.code ? { ...j, reason: explained } : j));
}
