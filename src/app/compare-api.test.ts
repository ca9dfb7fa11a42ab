import { describe, expect, it } from 'vitest';
import { loadBuiltinCloudCatalogs, loadBuiltinGpus, loadBuiltinModels } from '../adapters/fs/builtin-data.js';
import type { ApiPrice } from '../catalog/api-prices-file.js';
import type { Catalog, InstanceType } from '../core/instance-type.js';
import { paperPredictor } from '../core/paper-predictor.js';
import { type CompareApiContext, compareApi } from './compare-api.js';

function value<T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const model = () => {
  const found = value(loadBuiltinModels()).find((m) => m.id === 'meta-llama/Llama-3.1-8B');
  if (!found) throw new Error('model');
  return found;
};

/** A one-instance cloud: an L4 box at $1/h (hand-worked prices). */
function oneInstanceCloud(): Catalog {
  const aws = value(loadBuiltinCloudCatalogs()).find((c) => c.id === 'aws') as Catalog;
  const g6 = aws.instances.find((i) => i.id === 'g6.xlarge') as InstanceType;
  const instance: InstanceType = {
    ...g6,
    prices: [{ region: 'r1', onDemandUsdPerHour: 1, reservedUsdPerHour: 0.6 }],
  };
  return { ...aws, instances: [instance], defaultRegion: 'r1', gpus: value(loadBuiltinGpus()) };
}

const api = (id: string, input: number, output: number): ApiPrice => ({
  id,
  provider: 'p',
  inputUsdPerMillionTokens: input,
  outputUsdPerMillionTokens: output,
  asOf: '2026-07-24',
});

function context(apiPrices: ApiPrice[] = []): CompareApiContext {
  return {
    model: model(),
    catalogs: [oneInstanceCloud()],
    apiPrices,
    predictor: paperPredictor,
    precisions: ['bf16'],
    gpuMemoryUtilization: 0.9,
    hostMemoryUtilization: 0.9,
  };
}

describe('compareApi', () => {
  it('splits the instance-hour between input and output by prefill and decode time, adding back to the whole', () => {
    const result = value(
      compareApi(
        { inputTokens: 512, outputTokens: 128, batchSize: 8, apiModels: ['a'], pricing: ['on-demand'] },
        context([api('a', 1, 2)]),
      ),
    );
    const s = result.selfHost[0];
    if (!s) throw new Error('no self-host option');
    const o = s.option;
    // $1/h over (prefill + decode) seconds of one batch of 8 × (512 + 128) tokens.
    const batchUsd = (1 / 3600) * (o.prefillSeconds + o.decodeSeconds);
    const whole = (s.inputUsdPerMillionTokens * 8 * 512 + s.outputUsdPerMillionTokens * 8 * 128) / 1e6;
    expect(whole).toBeCloseTo(batchUsd / o.replicas, 12);
    expect(s.fullLoadUsdPerMillionTokens).toBeCloseTo((1 / (o.tokensPerSecond * 3600)) * 1e6, 9);
  });

  it('puts the break-even at replica $/month ÷ the API’s blended price, and prices reserved separately', () => {
    const result = value(
      compareApi(
        { inputTokens: 512, outputTokens: 128, batchSize: 8, apiModels: ['a'] },
        context([api('a', 10, 10)]),
      ),
    );
    const be = result.apis[0]?.breakEven;
    // $1/h × 730 h = $730 a month; at $10/M that is 73 M tokens; reserved $0.60/h → 43.8 M.
    expect(be?.['on-demand']?.firstTokensPerMonth).toBeCloseTo(73e6, -1);
    expect(be?.reserved?.firstTokensPerMonth).toBeCloseTo(43.8e6, -1);
    expect(result.curve).toHaveLength(41);
    expect(result.curve[0]?.selfHostUsd['on-demand']).toBeCloseTo(730, 9);
    // The reserved price says its term: AWS's one rate, taken to be 1-year no-upfront.
    const reserved = result.selfHost.find((o) => o.option.pricing === 'reserved');
    expect(reserved?.option.reservedTerm).toMatch(/^1-year no-upfront standard/);
    expect(
      result.selfHost.find((o) => o.option.pricing === 'on-demand')?.option.reservedTerm,
    ).toBeUndefined();
  });

  it('reports an API price of 0, an unknown API model and an unknown cloud together', () => {
    const result = compareApi(
      {
        inputTokens: 512,
        outputTokens: 128,
        batchSize: 8,
        apiModels: ['together/llama'],
        apiUsdPerMillionInput: 0,
        apiUsdPerMillionOutput: 1,
        clouds: ['oracle'],
      },
      context([api('together_ai/llama', 1, 1)]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.code).sort()).toEqual([
      'api-price-not-positive',
      'unknown-api-model',
      'unknown-cloud',
    ]);
  });

  it('says which pricing no cloud offers (spot on a catalog without spot prices)', () => {
    const result = value(
      compareApi(
        {
          inputTokens: 512,
          outputTokens: 128,
          batchSize: 8,
          apiModels: ['a'],
          pricing: ['on-demand', 'spot'],
        },
        context([api('a', 1, 1)]),
      ),
    );
    expect(result.unavailablePricing).toEqual(['spot']);
  });
});
