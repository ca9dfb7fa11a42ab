import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { Catalog } from '../core/instance-type.js';
import { compareCandidates } from '../core/rank.js';
import { buildRecommendRequest } from './build-recommend-request.js';
import type { Candidate } from './candidate.js';
import { type RecommendRequest, type RecommendResult, recommend } from './recommend.js';

const GiB = 2 ** 30;

/** The issue's example: OPT-2.7B, 3000 requests of 128 in + 512 out, batch 32, ≥ 400 TPS, ≤ $3/h. */
const EXAMPLE = {
  model: 'facebook/opt-2.7b',
  inputTokens: '128',
  outputTokens: '512',
  batchSize: '32',
  requests: '3000',
  sloTps: '400',
  maxPrice: '3',
};

/** A request built the way the CLI builds it, from raw flag values, over the built-in data. */
function request(raw: Record<string, unknown>): RecommendRequest {
  const built = buildRecommendRequest(raw, fsPlannerData);
  if (!built.ok) throw new Error(JSON.stringify(built.issues));
  return built.value.request;
}

function run(raw: Record<string, unknown>): { req: RecommendRequest; result: RecommendResult } {
  const req = request(raw);
  return { req, result: recommend(req) };
}

function priceIn(catalog: Catalog, instance: string, region: string): number | undefined {
  return catalog.instances.find((i) => i.id === instance)?.prices.find((p) => p.region === region)
    ?.onDemandUsdPerHour;
}

const ids = (cs: Candidate[]) => cs.map((c) => c.instance);

describe('recommend on the issue example (OPT-2.7B, ≥ 400 TPS, ≤ $3/h, aws us-east-1)', () => {
  const { req, result } = run({ ...EXAMPLE, cloud: 'aws' });

  it('picks an instance that meets the SLO within the budget', () => {
    const pick = result.pick;
    expect(pick).toBeDefined();
    expect(pick?.meetsSlo).toBe(true);
    expect(pick?.tokensPerSecond).toBeGreaterThanOrEqual(400);
    expect(pick?.priceUsdPerHour).toBeLessThanOrEqual(3);
    expect(pick?.priceUsdPerHour).toBe(priceIn(req.catalog, pick?.instance ?? '', 'us-east-1'));
    expect(result.noPick).toBeUndefined();
  });

  it('lists the pick first and every candidate meeting the SLO within the budget', () => {
    expect(result.candidates[0]).toBe(result.pick);
    for (const c of result.candidates) {
      expect(c.meetsSlo).toBe(true);
      expect(c.tokensPerSecond).toBeGreaterThanOrEqual(400);
      expect(c.priceUsdPerHour).toBeLessThanOrEqual(3);
    }
  });

  it('ranks candidates by cost efficiency, ties by higher TPS then lower price', () => {
    expect(result.candidates.length).toBeGreaterThan(3);
    for (let i = 1; i < result.candidates.length; i++) {
      const [a, b] = [result.candidates[i - 1] as Candidate, result.candidates[i] as Candidate];
      expect(compareCandidates(a, b)).toBeLessThanOrEqual(0);
      expect(a.costEfficiency).toBeGreaterThanOrEqual(b.costEfficiency * (1 - 1e-9));
    }
  });

  it('accounts for every catalog instance exactly once, as a candidate or a rejection', () => {
    const seen = [...ids(result.candidates), ...result.rejected.map((r) => r.instance)];
    expect(seen.sort()).toEqual(req.catalog.instances.map((i) => i.id).sort());
  });

  it('rejects instances above --max-price as over-budget, with the price and the budget', () => {
    const over = result.rejected.filter((r) => r.reason.code === 'over-budget');
    expect(over.length).toBeGreaterThan(0);
    for (const r of over) {
      expect(r.reason.details?.maxPriceUsdPerHour).toBe(3);
      expect(r.reason.details?.priceUsdPerHour).toBe(priceIn(req.catalog, r.instance, 'us-east-1'));
      expect(Number(r.reason.details?.priceUsdPerHour)).toBeGreaterThan(3);
    }
    expect(over.map((r) => r.instance)).toContain('p5.48xlarge');
  });

  it('rejects an instance with no price in the region as not-offered-in-region', () => {
    const unpriced = req.catalog.instances.filter(
      (i) => priceIn(req.catalog, i.id, 'us-east-1') === undefined,
    );
    for (const i of unpriced) {
      const r = result.rejected.find((j) => j.instance === i.id);
      expect(r?.reason).toEqual({ code: 'not-offered-in-region', details: { region: 'us-east-1' } });
    }
  });

  it('takes the Max-Performance baseline as the fastest feasible instance within budget', () => {
    const max = result.baselines.maxPerformance;
    expect(max?.policy).toBe('max-performance');
    const c = max?.candidate as Candidate;
    expect(c.priceUsdPerHour).toBeLessThanOrEqual(3);
    for (const other of result.candidates)
      expect(c.tokensPerSecond).toBeGreaterThanOrEqual(other.tokensPerSecond);
    for (const r of result.rejected.filter((j) => j.reason.code === 'misses-slo')) {
      expect(c.tokensPerSecond).toBeGreaterThanOrEqual(Number(r.reason.details?.tokensPerSecond));
    }
    expect(max?.savingUsd).toBeCloseTo(c.totalUsd - (result.pick?.totalUsd ?? 0), 12);
    expect(max?.savingUsd).toBeGreaterThanOrEqual(0);
  });

  it('takes the no-offload baseline from placements that keep all KV on the GPU', () => {
    const base = result.baselines.noOffload;
    expect(base?.policy).toBe('no-offload');
    expect(base?.candidate.offloadFraction).toBe(0);
    expect(base?.candidate.meetsSlo).toBe(true);
    expect(base?.savingFraction).toBeGreaterThanOrEqual(0);
  });
});

describe('recommend filters and prices', () => {
  it('--instances g4dn.* considers only g4dn instances', () => {
    const { req, result } = run({ ...EXAMPLE, instances: 'g4dn.*' });
    const seen = [...ids(result.candidates), ...result.rejected.map((r) => r.instance)];
    const g4dn = req.catalog.instances.filter((i) => i.id.startsWith('g4dn.')).map((i) => i.id);
    expect(seen.sort()).toEqual(g4dn.sort());
    expect(result.pick?.instance).toMatch(/^g4dn\./);
  });

  it('--region prices every candidate at that region’s on-demand rate', () => {
    const east = run({ ...EXAMPLE, maxPrice: undefined, instances: 'g5.xlarge,g6.xlarge' });
    const frankfurt = run({
      ...EXAMPLE,
      maxPrice: undefined,
      instances: 'g5.xlarge,g6.xlarge',
      region: 'eu-central-1',
    });
    for (const c of frankfurt.result.candidates) {
      expect(c.region).toBe('eu-central-1');
      expect(c.priceUsdPerHour).toBe(priceIn(frankfurt.req.catalog, c.instance, 'eu-central-1'));
      const same = east.result.candidates.find((e) => e.instance === c.instance);
      expect(same?.priceUsdPerHour).not.toBe(c.priceUsdPerHour);
    }
    expect(frankfurt.result.candidates).toHaveLength(2);
  });

  it('a budget below every price leaves no candidate and names each instance over budget', () => {
    const { result } = run({ ...EXAMPLE, maxPrice: '0.01', instances: 'g4dn.*' });
    expect(result.candidates).toEqual([]);
    expect(new Set(result.rejected.map((r) => r.reason.code))).toEqual(new Set(['over-budget']));
  });
});

describe('recommend with KV offloading', () => {
  /**
   * OPT-6.7B, 1536 in + 512 out (its whole 2048-token context), batch 20: 20 GiB of KV beside 12.4 GiB
   * of weights on a 24 GiB GPU.
   */
  const OFFLOAD = {
    model: 'facebook/opt-6.7b',
    inputTokens: '1536',
    outputTokens: '512',
    batchSize: '20',
    sloTps: '10',
    instances: 'g4dn.xlarge,g6.xlarge,g5.xlarge',
  };

  it('offloads part of the KV cache to host RAM when it does not fit on the GPU', () => {
    const { result } = run(OFFLOAD);
    const partial = result.candidates.filter((c) => c.offloadFraction > 0 && c.offloadFraction < 1);
    expect(partial.length).toBeGreaterThan(0);
    for (const c of partial) {
      expect(c.offloadedBytes).toBeCloseTo(c.memory.kvCacheBytes * c.offloadFraction, -3);
      expect(c.memory.kvCacheOnGpuBytes + c.offloadedBytes).toBeCloseTo(c.memory.kvCacheBytes, -3);
      expect(c.offloadedBytes).toBeLessThanOrEqual(16 * GiB * 0.9);
    }
    // No placement avoids offloading, so there is no no-offload baseline.
    expect(result.baselines.noOffload).toBeUndefined();
  });

  it('rejects an instance whose host RAM cannot hold the offloaded KV (batch 40 on 16 GiB hosts)', () => {
    const { result } = run({ ...OFFLOAD, batchSize: '40', instances: 'g5.xlarge' });
    expect(result.pick).toBeUndefined();
    const reason = result.rejected[0]?.reason;
    expect(reason?.code).toBe('host-memory-too-small');
    expect(Number(reason?.details?.offloadedBytes)).toBeGreaterThan(
      Number(reason?.details?.hostMemoryBytesForKv),
    );
    expect(reason?.details?.hostMemoryBytesForKv).toBeCloseTo(16 * GiB * 0.9, 0);
  });

  it('checks host RAM on a hand-built catalog: 1 GiB rejects, 512 GiB accepts the same GPU', () => {
    const base = request(OFFLOAD);
    const g5 = base.catalog.instances.find((i) => i.id === 'g5.xlarge');
    if (!g5) throw new Error('g5.xlarge missing from the aws catalog');
    const catalog: Catalog = {
      ...base.catalog,
      instances: [
        { ...g5, id: 'tiny-host.xlarge', hostMemoryBytes: 1 * GiB },
        { ...g5, id: 'big-host.xlarge', hostMemoryBytes: 512 * GiB },
      ],
    };
    const result = recommend({ ...base, catalog, instancePatterns: [] });
    expect(result.rejected).toEqual([
      { instance: 'tiny-host.xlarge', reason: expect.objectContaining({ code: 'host-memory-too-small' }) },
    ]);
    expect(result.rejected[0]?.reason.details?.hostMemoryBytesForKv).toBeCloseTo(0.9 * GiB, 0);
    expect(result.pick?.instance).toBe('big-host.xlarge');
    expect(result.pick?.offloadFraction).toBeGreaterThan(0);
    expect(result.pick?.offloadFraction).toBeLessThan(1);
  });

  it('reports the reason that got furthest: a model that fits but overflows host RAM says so', () => {
    const { result } = run({ ...OFFLOAD, batchSize: '80' });
    const byInstance = Object.fromEntries(result.rejected.map((r) => [r.instance, r.reason.code]));
    expect(byInstance['g5.xlarge']).toBe('host-memory-too-small');
    expect(byInstance['g6.xlarge']).toBe('host-memory-too-small');
  });
});

describe('recommend with no pick', () => {
  it('an impossible SLO names the closest instance and the shortfall', () => {
    const { result } = run({ ...EXAMPLE, sloTps: '1000000' });
    expect(result.pick).toBeUndefined();
    expect(result.candidates).toEqual([]);
    const issue = result.noPick;
    expect(issue?.code).toBe('no-candidate');
    const fastest = result.baselines.maxPerformance?.candidate;
    expect(issue?.details?.fastestInstance).toBe(fastest?.instance);
    expect(issue?.details?.fastestTokensPerSecond).toBe(fastest?.tokensPerSecond);
    expect(issue?.details?.shortByTokensPerSecond).toBeCloseTo(
      1_000_000 - (fastest?.tokensPerSecond ?? 0),
      6,
    );
    expect(issue?.details?.maxPriceUsdPerHour).toBe(3);
    // Nothing meets a million TPS at any price, so no over-budget instance is named.
    expect(issue?.details?.overBudgetInstance).toBeUndefined();
  });

  it('an SLO met only above the budget names that instance and how far over budget it is', () => {
    const { req, result } = run({ ...EXAMPLE, sloTps: '5000' });
    expect(result.pick).toBeUndefined();
    const unbudgeted = recommend({ ...req, maxPriceUsdPerHour: undefined }).pick;
    expect(unbudgeted).toBeDefined();
    const d = result.noPick?.details;
    expect(d?.overBudgetInstance).toBe(unbudgeted?.instance);
    expect(d?.overBudgetUsdPerHour).toBe(unbudgeted?.priceUsdPerHour);
    expect(Number(d?.overBudgetUsdPerHour)).toBeGreaterThan(3);
    expect(d?.overBudgetByUsdPerHour).toBeCloseTo((unbudgeted?.priceUsdPerHour ?? 0) - 3, 12);
  });

  it('a workload no instance can hold names no closest instance', () => {
    const { result } = run({
      ...EXAMPLE,
      model: 'meta-llama/Llama-3.1-70B',
      instances: 'g4dn.xlarge,g6.xlarge',
    });
    expect(result.pick).toBeUndefined();
    expect(result.noPick?.details?.fastestInstance).toBeUndefined();
    expect(result.rejected.map((r) => r.reason.code)).toEqual(['model-does-not-fit', 'model-does-not-fit']);
    expect(result.baselines).toEqual({ maxPerformance: undefined, noOffload: undefined });
  });
});

describe('recommend on spot capacity', () => {
  /** g4dn.xlarge (T4) and g5.xlarge (A10G), spot-priced so that the slower T4 is 10 % cheaper for the task. */
  function spotRace() {
    const base = request({
      ...EXAMPLE,
      sloTps: '100',
      maxPrice: undefined,
      instances: 'g4dn.xlarge,g5.xlarge',
    });
    const onDemand = recommend(base).candidates;
    const slow = onDemand.find((c) => c.instance === 'g4dn.xlarge');
    const fast = onDemand.find((c) => c.instance === 'g5.xlarge');
    if (!slow || !fast) throw new Error('both instances should meet 100 TPS on demand');
    const spotPrice = (id: string) =>
      id === 'g5.xlarge' ? fast.priceUsdPerHour : (0.9 * fast.totalUsd) / slow.billedHours;
    const catalog: Catalog = {
      ...base.catalog,
      instances: base.catalog.instances.map((i) => ({
        ...i,
        prices: i.prices.map((p) => ({ ...p, spotUsdPerHour: spotPrice(i.id) })),
      })),
    };
    return { base: { ...base, catalog, pricing: 'spot' as const }, slow, fast };
  }

  it('without interruptions ranks as the nominal spot price does: the cheaper T4 first', () => {
    const { base } = spotRace();
    const r = recommend({ ...base, spot: { interruptionsPerHour: 0, restartSeconds: 0 } });
    expect(ids(r.candidates)).toEqual(['g4dn.xlarge', 'g5.xlarge']);
    expect(r.pick?.spot?.expectedUsd).toBeCloseTo(r.pick?.totalUsd ?? 0, 9);
  });

  it('ranks by expected cost: one interruption per T4 batch-time loses the T4 more than its 10 % saving', () => {
    const { base, slow, fast } = spotRace();
    // λ = 1 per T4 batch: each T4 round stretches by (e − 1) = 1.718×; the A10G's shorter batches by less.
    const risk = { interruptionsPerHour: 3600 / slow.batchSeconds, restartSeconds: 0 };
    const r = recommend({ ...base, spot: risk });
    expect(ids(r.candidates)).toEqual(['g5.xlarge', 'g4dn.xlarge']);
    const t4 = r.candidates[1];
    expect((t4?.spot?.expectedRunSeconds ?? 0) / slow.runSeconds).toBeCloseTo(Math.E - 1, 9);
    const x = fast.batchSeconds / slow.batchSeconds;
    expect((r.pick?.spot?.expectedRunSeconds ?? 0) / fast.runSeconds).toBeCloseTo(Math.expm1(x) / x, 9);
    // The baseline saving is measured in expected dollars too.
    expect(r.baselines.noOffload?.savingUsd).toBe(0);
  });

  it('checks the SLO on the expected throughput: a rate that halves the T4’s delivery rejects it', () => {
    const { base, slow } = spotRace();
    const sloTokensPerSecond = slow.tokensPerSecond * 0.9;
    const r = recommend({
      ...base,
      sloTokensPerSecond,
      uncertainty: undefined,
      spot: { interruptionsPerHour: 3600 / slow.batchSeconds, restartSeconds: 0 },
    });
    const rejected = r.rejected.find((j) => j.instance === 'g4dn.xlarge');
    expect(rejected?.reason.code).toBe('misses-slo');
    // Expected: TPS / (e − 1) = 0.582 of the uninterrupted TPS, short of the SLO of 0.9 of it.
    expect(Number(rejected?.reason.details?.spotExpectedTokensPerSecond)).toBeCloseTo(
      slow.tokensPerSecond / (Math.E - 1),
      6,
    );
  });
});
