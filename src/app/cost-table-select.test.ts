import { describe, expect, it } from 'vitest';
import { type CostTable, type CostTableRow, costTableSchema } from './cost-table-schema.js';
import { bestConfigurations, mergeCostTables } from './cost-table-select.js';

function row(over: Partial<CostTableRow>): CostTableRow {
  return {
    hardware: { kind: 'gpu', gpu: 'A100-80GB', migProfile: null, instance: null, gpuCount: 1 },
    gpuClockMhz: null,
    maxNumSeqs: 32,
    variant: 'standard',
    queryType: 'SILO',
    rateDefinition: 'open-loop-poisson',
    maxServiceableRequestsPerSecond: 2,
    concurrencyAtMax: null,
    averagePowerWatts: 230,
    joulesPerToken: 0.1,
    joulesPerOutputToken: 0.11,
    usdPerMillionTokens: null,
    energyUsdPerMillionTokens: 0.004,
    e2eSecondsAtMax: 19,
    powerEstimated: false,
    source: 'predicted',
    ...over,
  };
}

function table(rows: CostTableRow[], shard: CostTable['shard']): CostTable {
  return {
    schemaVersion: 1,
    kind: 'infersave-cost-table',
    model: 'meta-llama/Llama-3.1-8B',
    queryTypeThresholdTokens: 500,
    slo: { percentile: 95, e2eSeconds: 20, ttftSeconds: null, tpotSeconds: null },
    shard,
    rows,
    unservable: [],
    best: [],
    settings: {},
  };
}

describe('bestConfigurations', () => {
  const rows = [
    row({ gpuClockMhz: 1410, joulesPerToken: 0.12, maxServiceableRequestsPerSecond: 2.2 }),
    row({ gpuClockMhz: 855, joulesPerToken: 0.08, maxServiceableRequestsPerSecond: 2.0 }),
    row({ gpuClockMhz: 855, maxNumSeqs: 64, joulesPerToken: 0.07, maxServiceableRequestsPerSecond: 0 }),
    row({ queryType: 'LISO', joulesPerToken: 0.05, maxServiceableRequestsPerSecond: 4.5 }),
  ];

  it('energy: picks the lowest J/token among configurations that serve a positive rate, per query type', () => {
    const best = bestConfigurations(rows, 'energy');
    expect(best.map((r) => [r.queryType, r.gpuClockMhz, r.maxNumSeqs])).toEqual([
      ['LISO', null, 32],
      ['SILO', 855, 32],
    ]);
  });

  it('rate: picks the highest maximum serviceable rate', () => {
    expect(bestConfigurations(rows, 'rate').find((r) => r.queryType === 'SILO')?.gpuClockMhz).toBe(1410);
  });
});

describe('mergeCostTables', () => {
  it('joins shards in any order into the same sorted table, which still validates', () => {
    const a = table([row({ gpuClockMhz: 855 })], { index: 0, count: 2 });
    const b = table([row({ gpuClockMhz: 1410 })], { index: 1, count: 2 });
    const ab = mergeCostTables([a, b]);
    const ba = mergeCostTables([b, a]);
    expect(ab).toEqual(ba);
    expect(ab.ok && ab.value.rows.length).toBe(2);
    expect(ab.ok && costTableSchema.safeParse(ab.value).success).toBe(true);
  });

  it('names missing shards, duplicates and overlapping rows', () => {
    const a = table([row({})], { index: 0, count: 3 });
    const r = mergeCostTables([a, a]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code).sort()).toEqual([
      'cost-table-merge-duplicate-row',
      'cost-table-merge-duplicate-shard',
      'cost-table-merge-missing-shards',
    ]);
  });
});
