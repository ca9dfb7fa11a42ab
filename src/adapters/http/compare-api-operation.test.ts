import { describe, expect, it } from 'vitest';
import { evaluateCompareApi } from '../../app/evaluate-compare-api.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';

const app = createApp(fsPlannerData);
const post = (body: unknown) =>
  app.request('/v1/compare-api', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const APIS = [
  'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo',
  'groq/llama-3.3-70b-versatile',
  'deepinfra/meta-llama/Llama-3.3-70B-Instruct',
];
const BODY = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: 512,
  outputTokens: 128,
  batchSize: 16,
  cloud: 'aws,lambda',
  apiModel: APIS,
  tokensPerMonth: 2e9,
};

interface Answer {
  schemaVersion: number;
  apis: {
    id: string;
    asOf: string;
    blendedUsdPerMillionTokens: number;
    breakEven: Record<string, { firstTokensPerMonth?: number }>;
  }[];
  curve: { tokensPerMonth: number; apiUsd: Record<string, number> }[];
  monthly: { tokensPerMonth: number; apis: { id: string; usdPerMonth: number }[] };
}

describe('POST /v1/compare-api', () => {
  it('answers what `infersave compare-api --json` prints: each API with its price date, break-even and the cost curve', async () => {
    const res = await post(BODY);
    expect(res.status).toBe(200);
    const json = (await res.json()) as Answer;
    const cli = evaluateCompareApi({ ...BODY, apiModel: APIS.join(',') }, fsPlannerData);
    expect(cli.ok && JSON.parse(JSON.stringify(cli.value))).toEqual(json);
    expect(json.schemaVersion).toBe(1);
    expect(json.apis.map((a) => a.id)).toEqual(APIS);
    expect(json.apis.every((a) => a.asOf === '2026-07-24')).toBe(true);
    expect(json.curve).toHaveLength(41);
    // Together's Llama-3.3-70B is $0.88 per million input and output tokens: 2e9 tokens a month cost
    // 2,000 × $0.88 = $1,760.
    const together = json.monthly.apis.find((a) => a.id === APIS[0]);
    expect(together?.usdPerMonth).toBeCloseTo(1760, 6);
    expect(json.apis[0]?.blendedUsdPerMillionTokens).toBeCloseTo(0.88, 12);
  });

  it('names every problem at once, each by its field: a bad pricing, an unknown cloud and API model, a zero price', async () => {
    const res = await post({
      ...BODY,
      apiModel: 'groq/llama-3.3-70b-versatil',
      pricing: 'spto',
      cloud: 'aws,oracel',
      apiUsdPerMillionInput: 0,
      apiUsdPerMillionOutput: 1,
    });
    expect(res.status).toBe(400);
    const { issues } = (await res.json()) as { issues: { field: string; message: string }[] };
    const byField = Object.fromEntries(issues.map((i) => [i.field, i.message]));
    expect(byField.pricing).toContain(
      "'spto' is not a pricing: on-demand, reserved or spot (did you mean spot?)",
    );
    expect(byField.cloud).toContain("unknown cloud 'oracel'");
    expect(byField.apiModel).toContain('did you mean groq/llama-3.3-70b-versatile?');
    expect(byField.apiUsdPerMillionInput).toContain('an API price must be more than $0');
    // Worded for HTTP: fields, never CLI flags.
    expect(issues.map((i) => i.message).join(' ')).not.toMatch(/--[a-z]/);
  });

  it('reports missing fields, wrong types and unknown fields together', async () => {
    const res = await post({ inputTokens: -5, apiModel: 3, tokensPerMonth: 1, top: 5 });
    expect(res.status).toBe(400);
    const { issues } = (await res.json()) as { issues: { field: string; code: string }[] };
    expect(issues.map((i) => i.field).sort()).toEqual(
      ['apiModel', 'batchSize', 'inputTokens', 'model', 'outputTokens', 'top'].sort(),
    );
  });

  it('returns as many curve points as asked for, evenly spaced from 0, up to 1,000', async () => {
    const res = await post({ ...BODY, curvePoints: 5 });
    const { curve } = (await res.json()) as Answer;
    const step = curve[1]?.tokensPerMonth ?? 0;
    expect(curve.map((c) => c.tokensPerMonth / step)).toEqual(
      [0, 1, 2, 3, 4].map((k) => expect.closeTo(k, 9)),
    );
    const tooMany = await post({ ...BODY, curvePoints: 1001 });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { field: string } }).error.field).toBe('curvePoints');
  });

  it('is 422 when no instance type can self-host the workload', async () => {
    const res = await post({ ...BODY, instances: 'zzz.*' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('no-self-host-option');
  });

  it('plans a config.json sent as modelConfig, and answers its problems inside it', async () => {
    const res = await post({ ...BODY, model: undefined, modelConfig: { model_type: 'llama' } });
    expect(res.status).toBe(400);
    const { issues } = (await res.json()) as { issues: { field: string }[] };
    expect(issues.some((i) => i.field === 'modelConfig.hidden_size')).toBe(true);
  });
});
