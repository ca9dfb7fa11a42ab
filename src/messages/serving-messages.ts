import type { Issue } from '../core/issue.js';
import { formatNumber, formatSeconds, formatUsd } from './format.js';

const num = (issue: Issue, key: string): number | undefined => {
  const v = issue.details?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const text = (issue: Issue, key: string, fallback: string): string => {
  const v = issue.details?.[key];
  return v === undefined ? fallback : String(v);
};
const rate = (r: number | undefined) =>
  r === undefined ? 'any rate' : `${formatNumber(r, r < 0.1 ? 4 : 2)} req/s`;

/** "TTFT P95 52.1 ms > 1.0 ms" for each observed P95 above its limit. */
function missedTargets(issue: Issue): string[] {
  const missed: string[] = [];
  for (const [key, name] of [
    ['ttft', 'TTFT'],
    ['tpot', 'TPOT'],
    ['e2e', 'E2E'],
  ] as const) {
    const observed = num(issue, `${key}P95Seconds`);
    const limit = num(issue, `${key}LimitSeconds`);
    if (observed !== undefined && limit !== undefined && observed > limit) {
      missed.push(`${name} P95 ${formatSeconds(observed)} > ${formatSeconds(limit)}`);
    }
  }
  const failed = num(issue, 'failedRequests');
  if (failed !== undefined && failed > 0)
    missed.push(`${formatNumber(failed, 0)} request(s) could not be served`);
  return missed;
}

/** Sentences for the serving use cases (simulate, capacity, recommend under latency SLOs). */
export const servingMessages: Record<string, (issue: Issue) => string> = {
  'batch-exceeds-kv': (i) =>
    `the batch of ${formatNumber(num(i, 'batchSize') ?? 0, 0)} does not fit in KV memory: at most ${formatNumber(num(i, 'fitsSequences') ?? 0, 0)} sequences at once, so without KV offloading (vLLM's default) it runs in ${formatNumber(num(i, 'waves') ?? 0, 0)} waves and later requests queue; the times above are per wave`,
  'kv-capacity-too-small': (i) => {
    const kv = num(i, 'kvTokens') ?? 0;
    const where = `${text(i, 'gpuCount', '?')}× ${text(i, 'gpu', 'GPU')}`;
    const room =
      kv > 0
        ? `its KV cache holds ${formatNumber(kv, 0)} tokens per replica at best`
        : 'the model leaves no room for KV cache';
    const need = num(i, 'minimumKvTokens');
    return (
      `KV cache too small on ${where}: ${room}, the longest request needs ${need === undefined ? 'more' : `${formatNumber(need, 0)} tokens`} ` +
      '— try larger GPUs, a smaller {{precision}}, or shorter requests'
    );
  },
  'latency-slo-unreachable': (i) => {
    const instances = num(i, 'instances');
    const on = instances !== undefined && instances > 1 ? ` on ${instances} instances` : '';
    const missed = missedTargets(i);
    return (
      `misses the P95 targets even at ${rate(num(i, 'lowestRequestsPerSecond'))}${on}` +
      `${missed.length > 0 ? `: ${missed.join(', ')}` : ''} — no arrival rate meets them on this hardware`
    );
  },
  'fleet-too-large': (i) =>
    `no fleet of up to ${text(i, 'maxInstances', 'the allowed number of')} instances tried (last ${text(i, 'instances', '?')}) meets the P95 targets at the rate`,
  'fleet-over-budget': (i) => {
    const fleet = num(i, 'fleetUsdPerHour');
    const max = num(i, 'maxPriceUsdPerHour');
    return (
      `fleet over budget: ${text(i, 'instances', 'the')} instances cost ${fleet === undefined ? '?' : formatUsd(fleet)}/h ` +
      `> {{maxPrice}} ${max === undefined ? '?' : formatUsd(max)}/h`
    );
  },
  'no-latency-candidate': (i) =>
    `no instance type serves ${rate(num(i, 'requestsPerSecond'))} within the P95 targets (the rejections say why). ` +
    'Relax the targets, lower {{rate}}, widen {{instances}} or {{maxPrice}}, or try a smaller {{precision}}.',
  'no-serviceable-rate': () =>
    'no instance type meets the P95 targets at any rate probed (the rejections say why): relax the targets or try other {{instances}}.',
};
