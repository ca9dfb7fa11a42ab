import type { Issue } from '../core/issue.js';
import { fieldRef } from './wording.js';

const s = (i: Issue, key: string) => String(i.details?.[key] ?? '');

/** Sentences for power, energy and GPU-clock issue codes. */
export const energyMessages: Record<string, (issue: Issue) => string> = {
  'gpu-clock-out-of-range': (i) =>
    `${fieldRef(i.path ?? 'gpuClockMhz')}: ${s(i, 'clockMhz')} MHz is outside ${s(i, 'gpu')}'s documented SM clocks ${s(i, 'minMhz')}–${s(i, 'maxMhz')} MHz (the floor is the lowest clock any source documents for it; no source gives minimum supported clocks) — pick a clock in that range`,
  'gpu-clock-undocumented': (i) =>
    `${fieldRef(i.path ?? 'gpuClockMhz')}: no source documents ${s(i, 'gpu')}'s SM clocks, so its clock cannot be set — drop the flag to use its default clock`,
  'carbon-needs-grid-intensity': (i) =>
    `${fieldRef(i.path ?? 'objective')}: ranking by carbon needs a grid intensity${
      Array.isArray(i.details?.where) ? ` (none is sourced for ${i.details.where.join(', ')})` : ''
    }: give {{region}} of a cloud catalog that has one, leave such clouds out of {{cloud}}, or give {{gridGco2PerKwh}} (e.g. 400)`,
  'cost-table-type-absent': (i) =>
    `cost-table: the trace has fewer than 2 ${s(i, 'type')} requests, so ${s(i, 'type')} is left out of the table — lower {{queryTypeThreshold}} or use a trace with such requests`,
  'cost-table-no-types': () =>
    'cost-table: the trace has no query type with at least 2 requests — give a longer trace, or drop {{trace}} for OASIS’s representative lengths',
  'cost-table-no-shared-prefixes': () =>
    'cost-table: these prompts share no prefix (synthetic, or a trace without hash_ids), so prefix caching finds nothing to reuse and its rows equal standard’s — give a Mooncake trace ({{trace}}) to see its effect',
  'cost-table-merge-empty': () => 'cost-table merge: no shard files given — pass every shard the sweep wrote',
  'cost-table-merge-mismatch': (i) =>
    `cost-table merge: ${i.path ?? 'a shard'} comes from a different sweep (model, query-type threshold, SLO or shard count differ) — merge only shards of one run`,
  'cost-table-merge-duplicate-shard': (i) =>
    `cost-table merge: shard ${s(i, 'index')} is given twice — pass each shard file once`,
  'cost-table-merge-missing-shards': (i) =>
    `cost-table merge: shards ${s(i, 'missing')} are missing — wait for them to finish, or rerun them`,
  'cost-table-merge-duplicate-row': (i) =>
    `cost-table merge: configuration ${s(i, 'key')} appears in two shards — the shards overlap; rerun with one {{shard}} count`,
  'energy-data-invalid': (i) => `built-in energy data is invalid: ${i.message ?? ''}`,
};
