import { describe, expect, it } from 'vitest';
import { defaultN1Host, type N1Host } from './gcp-attach-rules.js';
import { ExclusionLedger, lineRanges, priceCell } from './skypilot-format.js';

const host = (machineType: string, vcpus: number, memoryGiB: number, priceUsdPerHour: number): N1Host => ({
  machineType,
  vcpus,
  memoryGiB,
  priceUsdPerHour,
});

// us-central1 prices from the SkyPilot-format GCP catalog of 2026-05-20.
const hosts = [
  host('n1-standard-4', 4, 15, 0.19),
  host('n1-highmem-4', 4, 26, 0.236606),
  host('n1-standard-8', 8, 30, 0.38),
  host('n1-highmem-8', 8, 52, 0.473212),
  host('n1-standard-16', 16, 60, 0.76),
  host('n2-standard-8', 8, 32, 0.3885),
];

describe('GCP attach rules (SkyPilot gcp_catalog.py)', () => {
  it('puts one T4 on the cheapest N1 host with ≥ 4 vCPUs and ≥ 16 GiB: n1-highmem-4, not n1-standard-4 (15 GiB)', () => {
    expect(defaultN1Host('T4', 1, hosts)?.machineType).toBe('n1-highmem-4');
  });

  it('puts one V100 on n1-highmem-8: n1-standard-8 has 30 < 32 GiB, and the limit is 12 vCPUs / 78 GB', () => {
    expect(defaultN1Host('V100', 1, hosts)?.machineType).toBe('n1-highmem-8');
  });

  it('never picks an n2 host, and finds nothing for a count GCP does not offer (8 T4)', () => {
    expect(defaultN1Host('T4', 8, hosts)).toBeUndefined();
    expect(defaultN1Host('T4', 1, [host('n2-standard-8', 8, 32, 0.01)])).toBeUndefined();
  });
});

describe('SkyPilot-format helpers', () => {
  it('reads empty and zero prices as no price', () => {
    expect(priceCell('')).toBeUndefined();
    expect(priceCell('0.0')).toBeUndefined();
    expect(priceCell('1.5')).toBe(1.5);
    expect(() => priceCell('n/a')).toThrow();
  });

  it('writes line numbers as ranges', () => {
    expect(lineRanges([2, 3, 4, 7, 9, 10])).toBe('2-4, 7, 9-10');
    expect(lineRanges([5])).toBe('5');
  });

  it('groups excluded rows by reason', () => {
    const ledger = new ExclusionLedger('f.csv');
    ledger.add('too old', 3, 'P4×1');
    ledger.add('too old', 2, 'P4×2');
    ledger.add('no price', 9, 'x');
    expect(ledger.rowCount).toBe(3);
    expect(ledger.entries()[0]).toEqual({ reason: 'too old', lines: [2, 3], labels: ['P4×1', 'P4×2'] });
  });
});
