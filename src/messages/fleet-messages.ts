import type { Issue } from '../core/issue.js';
import { formatPercent, formatSeconds } from './format.js';

const s = (i: Issue, key: string) => String(i.details?.[key] ?? '');
const n = (i: Issue, key: string) => Number(i.details?.[key] ?? 0);
const list = (i: Issue, key: string) => {
  const v = i.details?.[key];
  return Array.isArray(v) ? v.join('; ') : String(v ?? '');
};

/** Sentences for the heterogeneous-fleet issue codes. */
export const fleetMessages: Record<string, (issue: Issue) => string> = {
  // Capacity mix over time: the use case words both itself (the sizes it refuses depend on the request).
  'capacity-mix-too-large': (i) =>
    `capacity mix too large to search: ${i.message ?? 'too many windows — use a longer {{window}}'}`,
  'capacity-mix-unservable': (i) =>
    `capacity mix unservable: ${i.message ?? 'one replica meets the latency targets at no request rate — loosen the targets or choose a larger {{gpu}}'}`,
  'invalid-distribution': (i) =>
    `${i.path ?? 'distribution'}: ${i.message ?? 'not a request-size distribution'}`,
  'empty-histogram': (i) =>
    `${i.path ?? 'distribution'}: the request-size distribution has no weight (${n(i, 'rows')} row(s)${s(i, 'source') ? ` in ${s(i, 'source')}` : ''}) — give rows of input tokens, output tokens and a positive weight`,
  'bucket-exceeds-kv': (i) =>
    `bucket ${s(i, 'bucket')}: its longest sequence (${n(i, 'sequenceTokens')} tokens) does not fit one replica's KV cache (${n(i, 'kvTokens')} tokens)`,
  'fleet-infeasible': (i) =>
    `no fleet of the ${n(i, 'types')} candidate type(s) serves every size bucket within the SLO (${s(i, 'status')})${list(i, 'unservable') ? `: no type serves ${list(i, 'unservable')} — relax the targets, allow more clouds or instance types, or move the bucket edges` : ''}`,
  'fleet-not-proven-optimal': (i) =>
    `the MILP solver stopped at its ${formatSeconds(n(i, 'seconds'))} limit: the fleet is the best found, not proven the cheapest (raise {{timeLimit}} or {{mipGap}})`,
  'fleet-replay-misses-slo': (i) =>
    `replayed through the simulator, the chosen fleet misses the latency targets (${formatPercent(n(i, 'attainment'))} of requests within them${n(i, 'failedRequests') > 0 ? `, ${n(i, 'failedRequests')} not served` : ''}): per-bucket capacities do not add up exactly when buckets share replicas, and a trace is burstier than the Poisson probes — the search stops at 30 % of simulated capacity; give a lower {{maxUtilization}}, or relax the targets`,
};
