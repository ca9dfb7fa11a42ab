import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { Result } from '../core/issue.js';
import { generateWorkload } from '../sim/synthetic-workload.js';
import { OptionReader } from './option-reader.js';
import { recommendForLatency } from './recommend-latency.js';
import { groupByServingHardware } from './serving-groups.js';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const catalog = value(fsPlannerData.catalog('aws'));
const gpus = new Map(catalog.gpus.map((g) => [g.id, g]));
const calibration = value(fsPlannerData.calibration('paper-2025-online'));
const g6e = catalog.instances.filter((i) => /^g6e\.(xlarge|2xlarge|4xlarge|12xlarge)$/.test(i.id));
const ids = (groups: { id: string }[][]) => groups.map((g) => g.map((i) => i.id));

describe('groupByServingHardware', () => {
  it('groups sizes with the same GPUs and link, in catalog order', () => {
    expect(ids(groupByServingHardware(g6e, gpus, false, undefined))).toEqual([
      ['g6e.12xlarge'],
      ['g6e.2xlarge', 'g6e.4xlarge', 'g6e.xlarge'],
    ]);
  });

  it('separates sizes by host RAM when KV swaps to it', () => {
    expect(groupByServingHardware(g6e, gpus, true, undefined)).toHaveLength(4);
  });

  it('separates an instance a calibration has its own entry for', () => {
    expect(ids(groupByServingHardware(g6e, gpus, false, calibration))).toEqual([
      ['g6e.12xlarge'],
      ['g6e.2xlarge', 'g6e.4xlarge'],
      ['g6e.xlarge'],
    ]);
  });
});

describe('recommendForLatency with an instance-specific calibration', () => {
  it('does not reuse one size’s calibrated capacity for another (regression)', () => {
    const result = recommendForLatency({
      model: value(fsPlannerData.models()).find((m) => m.id === 'facebook/opt-2.7b') ?? expect.fail('model'),
      catalog,
      region: 'us-east-1',
      pricing: 'on-demand',
      precisions: ['fp16'],
      instancePatterns: ['g6e.xlarge', 'g6e.2xlarge'],
      workload: generateWorkload({
        requests: 200,
        requestsPerSecond: 5,
        arrival: { kind: 'poisson' },
        inputLengths: { kind: 'fixed', tokens: 128 },
        outputLengths: { kind: 'fixed', tokens: 512 },
        seed: 1,
      }),
      requestsPerSecond: 5,
      targets: { tpotSeconds: 0.02 },
      router: 'least-outstanding-tokens',
      scheduler: {},
      efficiency: value(fsPlannerData.efficiency()),
      calibration,
      gpuMemoryUtilization: 0.9,
      hostMemoryUtilization: 0.9,
      seed: 1,
    });
    const rate = (id: string) =>
      result.candidates.find((c) => c.instance === id)?.maxRequestsPerSecondPerInstance;
    expect(rate('g6e.xlarge')).toBeDefined();
    expect(rate('g6e.2xlarge')).toBeDefined();
    expect(rate('g6e.xlarge')).not.toBe(rate('g6e.2xlarge'));
  });
});

describe('OptionReader for serving flags', () => {
  it('reads token lengths as N or MIN-MAX, and whole numbers from 0', () => {
    const o = new OptionReader({ a: '128', b: '100-1000', c: '0', d: '5-1', e: '1.5', f: '0' });
    expect(o.tokenLengths('a')).toEqual({ kind: 'fixed', tokens: 128 });
    expect(o.tokenLengths('b')).toEqual({ kind: 'uniform', minTokens: 100, maxTokens: 1000 });
    expect(o.tokenLengths('c')).toBeUndefined();
    expect(o.tokenLengths('d')).toBeUndefined();
    expect(o.wholeNumber('e')).toBeUndefined();
    expect(o.wholeNumber('f')).toBe(0);
    expect(o.issues.map((i) => i.path)).toEqual(['c', 'd', 'e']);
  });
});
