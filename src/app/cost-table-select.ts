import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { CostTable, CostTableRow } from './cost-table-schema.js';

/** The identity of a row: everything but its measured/predicted figures. */
export function costTableRowKey(r: CostTableRow): string {
  const h = r.hardware;
  return [
    h.kind,
    h.gpu,
    h.migProfile ?? '',
    h.instance ?? '',
    h.gpuCount,
    r.gpuClockMhz ?? 'default',
    r.maxNumSeqs,
    r.variant,
    r.queryType,
    r.rateDefinition,
  ].join('|');
}

/**
 * Joins shards of one sweep: same model, threshold and SLO, every shard index of one count once, no row
 * twice. The rows come back sorted by key, so the merge does not depend on the shards' order.
 */
export function mergeCostTables(shards: readonly CostTable[]): Result<CostTable> {
  const first = shards[0];
  if (!first) return fail({ code: 'cost-table-merge-empty' });
  const issues: Issue[] = [];
  const same = (t: CostTable) =>
    t.model === first.model &&
    t.queryTypeThresholdTokens === first.queryTypeThresholdTokens &&
    JSON.stringify(t.slo) === JSON.stringify(first.slo);
  shards.forEach((t, i) => {
    if (!same(t))
      issues.push({ code: 'cost-table-merge-mismatch', path: `shard ${i}`, details: { model: t.model } });
  });
  const count = first.shard?.count ?? 1;
  const seen = new Set<number>();
  for (const t of shards) {
    if ((t.shard?.count ?? 1) !== count)
      issues.push({ code: 'cost-table-merge-mismatch', details: { shardCount: t.shard?.count ?? 1 } });
    const index = t.shard?.index ?? 0;
    if (seen.has(index)) issues.push({ code: 'cost-table-merge-duplicate-shard', details: { index } });
    seen.add(index);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0)
    issues.push({ code: 'cost-table-merge-missing-shards', details: { missing: missing.map(String) } });
  const rows = new Map<string, CostTableRow>();
  for (const t of shards)
    for (const r of t.rows) {
      const key = costTableRowKey(r);
      if (rows.has(key)) issues.push({ code: 'cost-table-merge-duplicate-row', details: { key } });
      rows.set(key, r);
    }
  if (issues.length > 0) return fail(...issues);
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const unservable = shards.flatMap((t) => t.unservable);
  return ok({ ...first, shard: null, rows: sorted, unservable, best: [] });
}

export type CostTableObjective = 'rate' | 'energy' | 'cost';

/**
 * The joint search OASIS leaves to future work: for each (hardware, query type, rate definition), the
 * configuration (clock × max sequences × variant) with the best objective among rows that serve a
 * positive rate — `energy`: lowest J/token; `cost`: lowest $/M tokens; `rate`: highest MSRR. Ties go to
 * the higher rate, then the lower J/token.
 */
export function bestConfigurations(
  rows: readonly CostTableRow[],
  objective: CostTableObjective,
): CostTableRow[] {
  const groups = new Map<string, CostTableRow[]>();
  for (const r of rows) {
    if (!(r.maxServiceableRequestsPerSecond > 0)) continue;
    const h = r.hardware;
    const key = [
      h.kind,
      h.gpu,
      h.migProfile ?? '',
      h.instance ?? '',
      h.gpuCount,
      r.queryType,
      r.rateDefinition,
    ].join('|');
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const score = (r: CostTableRow): number =>
    objective === 'energy'
      ? r.joulesPerToken
      : objective === 'cost'
        ? (r.usdPerMillionTokens ?? Number.POSITIVE_INFINITY)
        : -r.maxServiceableRequestsPerSecond;
  const out: CostTableRow[] = [];
  for (const [, list] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const best = [...list].sort(
      (a, b) =>
        score(a) - score(b) ||
        b.maxServiceableRequestsPerSecond - a.maxServiceableRequestsPerSecond ||
        a.joulesPerToken - b.joulesPerToken,
    )[0];
    if (best) out.push(best);
  }
  return out;
}
