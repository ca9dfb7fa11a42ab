import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { buildRecommendRequest } from './build-recommend-request.js';
import { evaluateRecommendLatency } from './evaluate-recommend-latency.js';

const BATCH = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: '512',
  outputTokens: '256',
  batchSize: '32',
  sloTps: '100',
};
const LATENCY = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: '512',
  outputTokens: '256',
  rate: '2',
  requests: '50',
  sloTtftP95: '2s',
};
const pairs = (issues: { code: string; path?: string }[]) => issues.map((i) => [i.code, i.path]);

describe('spot flags and where spot prices exist', () => {
  it('a catalog without spot prices named with --catalog is refused naming pricing, with the missing rate', () => {
    const r = buildRecommendRequest({ ...BATCH, catalog: 'aws', pricing: 'spot' }, fsPlannerData);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(pairs(r.issues)).toEqual([
      ['missing-option', 'spotInterruptionsPerHour'],
      ['spot-unavailable', 'pricing'],
    ]);
    expect(r.issues[1]?.details).toMatchObject({ clouds: ['aws'], chosenWith: 'catalog' });
    expect(String(r.issues[1]?.details?.cloudsWithSpot)).toContain('gcp');
  });

  it('clouds that all lack spot prices are refused; with one that has them, that one is searched and the rest named', () => {
    const none = buildRecommendRequest(
      { ...BATCH, cloud: 'aws,lambda', pricing: 'spot', spotInterruptionsPerHour: '0.1' },
      fsPlannerData,
    );
    expect(none.ok ? [] : pairs(none.issues)).toEqual([['spot-unavailable', 'pricing']]);
    const some = buildRecommendRequest(
      { ...BATCH, cloud: 'gcp,lambda', pricing: 'spot', spotInterruptionsPerHour: '0.1' },
      fsPlannerData,
    );
    expect(some.ok).toBe(true);
    // …and says once which clouds it left without spot.
    const warned = some.ok ? some.value.request.searchWarnings : [];
    expect(warned).toEqual([
      {
        code: 'clouds-without-spot',
        path: 'pricing',
        details: { clouds: ['lambda'], regions: 'lambda us-east-1', searched: ['gcp'] },
      },
    ]);
  });

  it('names both spot flags given without spot pricing', () => {
    const r = buildRecommendRequest(
      { ...BATCH, pricing: 'reserved', spotInterruptionsPerHour: '1', spotRestart: '5m' },
      fsPlannerData,
    );
    expect(r.ok ? [] : pairs(r.issues)).toEqual([
      ['invalid-option', 'spotInterruptionsPerHour'],
      ['invalid-option', 'spotRestart'],
    ]);
  });

  it('latency-SLO serving on spot needs the rate and the replacement time, both named at once', async () => {
    const r = await evaluateRecommendLatency({ ...LATENCY, catalog: 'gcp', pricing: 'spot' }, fsPlannerData);
    expect(r.ok ? [] : pairs(r.issues)).toEqual([
      ['missing-option', 'spotInterruptionsPerHour'],
      ['missing-option', 'spotRestart'],
    ]);
  });

  it('latency-SLO serving: spot flags without spot pricing are refused', async () => {
    const r = await evaluateRecommendLatency(
      { ...LATENCY, catalog: 'gcp', spotInterruptionsPerHour: '0.2', spotRestart: '10m' },
      fsPlannerData,
    );
    expect(r.ok ? [] : pairs(r.issues)).toEqual([
      ['invalid-option', 'spotInterruptionsPerHour'],
      ['invalid-option', 'spotRestart'],
    ]);
  });
});
