import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { loadHighsSolver } from '../adapters/solver/highs-milp-solver.js';
import type { Issue } from '../core/issue.js';
import { fleet } from './fleet.js';
import { bucketId, type FleetSource, fleetHistogram } from './fleet-buckets.js';
import { loadFleetData } from './fleet-data.js';
import { type FleetRequest, parseFleetRequest } from './fleet-request.js';

const solver = await loadHighsSolver();
const loaded = loadFleetData(fsPlannerData);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const data = loaded.value;

const request = (over: Record<string, unknown> = {}): FleetRequest => {
  const parsed = parseFleetRequest({
    model: 'meta-llama/Llama-3.1-8B',
    clouds: ['aws'],
    instances: ['g6e.xlarge', 'g6.xlarge'],
    slo: { tpotSeconds: 0.1, ttftSeconds: 5 },
    requestsPerSecond: 4,
    probeRequests: 60,
    replayRequests: 300,
    ...over,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};

/** Three short chats to one long-prompt summary, by weight. */
const MIX: FleetSource = {
  kind: 'distribution',
  rows: [
    { inputTokens: 200, outputTokens: 100, weight: 3 },
    { inputTokens: 3000, outputTokens: 100, weight: 1 },
  ],
  source: 'test mix',
};

const codes = (issues: Issue[]) => issues.map((i) => i.code).sort();

describe('request-size buckets', () => {
  it('puts a size on an edge in the range below it and the rest in the open last range', () => {
    const h = fleetHistogram(
      {
        kind: 'distribution',
        rows: [
          { inputTokens: 512, outputTokens: 128, weight: 1 },
          { inputTokens: 513, outputTokens: 129, weight: 1 },
          { inputTokens: 9000, outputTokens: 600, weight: 2 },
        ],
        source: 'edges',
      },
      request(),
    );
    if (!h.ok) throw new Error('no histogram');
    expect(h.value.buckets.map((b) => b.id)).toEqual([
      'in ≤512, out ≤128',
      'in 513–2048, out 129–512',
      'in >8192, out >512',
    ]);
    // 4 req/s split by weight 1 : 1 : 2.
    expect(h.value.buckets.map((b) => b.requestsPerSecond)).toEqual([1, 1, 2]);
    expect(h.value.buckets[2]?.longestSequenceTokens).toBe(9600);
  });

  it('takes configurable edges', () => {
    const h = fleetHistogram(MIX, request({ inputBucketEdges: [1000], outputBucketEdges: [] }));
    if (!h.ok) throw new Error('no histogram');
    expect(h.value.buckets.map((b) => b.id)).toEqual(['in ≤1000, out >0', 'in >1000, out >0']);
    expect(h.value.buckets.map((b) => b.share)).toEqual([0.75, 0.25]);
    expect(
      bucketId({ inputTokens: { above: 0, atMost: 10 }, outputTokens: { above: 5, atMost: null } }),
    ).toBe('in ≤10, out >5');
  });

  it('refuses edges that are not ascending, with the field named', () => {
    const parsed = parseFleetRequest({ model: 'm', slo: { e2eSeconds: 1 }, inputBucketEdges: [512, 256] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]?.path).toBe('inputBucketEdges');
  });
});

describe('fleet use case', () => {
  it('finds a fleet no dearer than the best single type and replays it through the simulator', () => {
    const r = fleet(request(), MIX, data, solver);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const f = r.value;
    expect(f.buckets.map((b) => b.requestsPerSecond)).toEqual([3, 1]);
    expect(f.types.map((t) => t.instance).sort()).toEqual(['g6.xlarge', 'g6e.xlarge']);
    expect(f.solver.provenOptimal).toBe(true);
    expect(f.bestSingleType).not.toBeNull();
    expect(f.fleet.usdPerHour).toBeLessThanOrEqual((f.bestSingleType?.usdPerHour ?? 0) + 1e-9);
    // Every bucket fully served, every type's load within its instances.
    for (const b of f.buckets)
      expect(f.fleet.shares.filter((s) => s.bucket === b.id).reduce((a, s) => a + s.share, 0)).toBeCloseTo(
        1,
        9,
      );
    for (const i of f.fleet.instances) expect(i.load).toBeLessThanOrEqual(i.count + 1e-9);
    expect(f.replay.requests).toBe(300);
    expect(f.replay.mix.sloAttainment).toBeGreaterThan(0);
    expect(f.replay.mix.pools.reduce((a, p) => a + p.requests, 0)).toBe(300);
  });

  it('reports every bad input at once: unknown cloud, no rate for a distribution, an empty histogram', () => {
    const r = fleet(
      request({ clouds: ['aws', 'gcpp'], requestsPerSecond: undefined }),
      { kind: 'distribution', rows: [{ inputTokens: 10, outputTokens: 10, weight: 0 }], source: 'empty.csv' },
      data,
      solver,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(codes(r.issues)).toEqual(['empty-histogram', 'missing-option', 'unknown-cloud']);
  });

  it('names an unknown region, a model not in the catalog and a trace with no requests', () => {
    const r = fleet(
      request({ model: 'nope/nothing', regions: ['aws:mars-1'] }),
      {
        kind: 'trace',
        workload: {
          arrivalSeconds: new Float64Array(),
          inputTokens: new Uint32Array(),
          outputTokens: new Uint32Array(),
          source: 'empty.csv',
        },
      },
      data,
      solver,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(codes(r.issues)).toEqual(['empty-trace', 'unknown-model', 'unknown-region']);
  });

  it('refuses spot pricing on clouds that sell none', () => {
    const r = fleet(
      request({
        clouds: ['lambda'],
        instances: undefined,
        pricing: 'spot',
        spotInterruptionsPerHour: 0.1,
        spotRestartSeconds: 600,
      }),
      MIX,
      data,
      solver,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(codes(r.issues)).toEqual(['spot-unavailable']);
  });

  it('says which bucket no type serves when none can', () => {
    const r = fleet(request({ slo: { ttftSeconds: 0.001 } }), MIX, data, solver);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(codes(r.issues)).toEqual(['fleet-infeasible']);
      expect(r.issues[0]?.details?.unservable).toEqual(['in ≤512, out ≤128', 'in 2049–8192, out ≤128']);
    }
  });

  it('on spot, needs the interruption rate and the replacement time, and only on spot', () => {
    const r = fleet(
      request({ clouds: ['gcp'], instances: ['g2-standard-4'], pricing: 'spot' }),
      MIX,
      data,
      solver,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['spotInterruptionsPerHour', 'spotRestart']);
    const odd = fleet(request({ spotInterruptionsPerHour: 0.1 }), MIX, data, solver);
    expect(odd.ok).toBe(false);
  });

  it('on spot, states how often an instance is out and the SLO attainment then', () => {
    const r = fleet(
      request({
        clouds: ['gcp'],
        instances: ['g2-standard-4', 'a2-highgpu-1g'],
        pricing: 'spot',
        spotInterruptionsPerHour: 0.5,
        spotRestartSeconds: 600,
      }),
      MIX,
      data,
      solver,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const spot = r.value.spot;
    if (!spot) throw new Error('no spot impact');
    // λR = 0.5/h × 1/6 h: an instance is out 1/13 of the time.
    expect(spot.instanceDownFraction).toBeCloseTo(1 / 13, 12);
    const n = r.value.fleet.instances.reduce((a, i) => a + i.count, 0);
    expect(spot.anyDownProbability).toBeCloseTo(1 - (12 / 13) ** n, 12);
    expect(spot.oneOut.map((o) => o.type).sort()).toEqual(r.value.fleet.instances.map((i) => i.type).sort());
    expect(spot.expectedSloAttainment).toBeLessThanOrEqual(r.value.replay.mix.sloAttainment + 1e-12);
  });

  it('plans on a given share of simulated capacity, never cheaper than at full capacity', () => {
    const full = fleet(request({ maxUtilization: 1 }), MIX, data, solver);
    const half = fleet(request({ maxUtilization: 0.5 }), MIX, data, solver);
    if (!full.ok || !half.ok) throw new Error('no fleet');
    expect(half.value.utilization).toMatchObject({ value: 0.5, searched: false });
    expect(half.value.utilization.attempts).toHaveLength(1);
    expect(half.value.fleet.usdPerHour).toBeGreaterThanOrEqual(full.value.fleet.usdPerHour);
    // The baseline is planned at the same share, so the saving compares like with like.
    expect(half.value.fleet.usdPerHour).toBeLessThanOrEqual(
      (half.value.bestSingleType?.usdPerHour ?? 0) + 1e-9,
    );
  });
});
