import { describe, expect, it } from 'vitest';
import { LLAMA_31_8B_CONFIG } from '../../catalog/fixtures/hf-configs.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';

const app = createApp(fsPlannerData);

async function post(route: string, body: unknown) {
  const res = await app.request(route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A small synthetic workload: 200 short requests, 100 simulated per probe. */
const WORKLOAD = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: 128,
  outputTokens: 32,
  requests: 200,
  probeRequests: 100,
  sloE2eP95: '20s',
};

describe('POST /v1/recommend-latency', () => {
  it('chooses an instance type and count that meets the P95 target at the rate', async () => {
    const { status, json } = await post('/v1/recommend-latency', {
      ...WORKLOAD,
      rate: 2,
      instances: 'g6e.xlarge',
    });
    expect(status).toBe(200);
    expect(json.schemaVersion).toBe(1);
    const pick = json.pick as { instance: string; instances: number } | null;
    expect(pick?.instance).toBe('g6e.xlarge');
    expect(pick?.instances).toBeGreaterThanOrEqual(1);
  });

  it('serves on spot only when asked, with the SLO risk its interruption rate and replacement time give', async () => {
    const { status, json } = await post('/v1/recommend-latency', {
      ...WORKLOAD,
      rate: 2,
      catalog: 'gcp',
      instances: 'g2-standard-4',
      pricing: 'spot',
      spotInterruptionsPerHour: 0.2,
      spotRestart: '10m',
    });
    expect(status).toBe(200);
    const pick = json.pick as {
      instances: number;
      spot: { instanceDownFraction: number; sloAtRiskFraction: number };
    };
    // λR = 1/30 → out 1/31 of the time; some instance of the fleet out: 1 − (30/31)^n.
    expect(pick.spot.instanceDownFraction).toBeCloseTo(1 / 31, 12);
    expect(pick.spot.sloAtRiskFraction).toBeCloseTo(1 - (30 / 31) ** pick.instances, 12);
    expect(json.settings).toMatchObject({
      pricing: 'spot',
      spotInterruptionsPerHour: 0.2,
      spotReplacementSeconds: 600,
    });
  });

  it('names JSON fields in its problems, all at once', async () => {
    const { status, json } = await post('/v1/recommend-latency', {
      inputTokens: 128,
      outputTokens: 32,
      rate: -1,
      sloE2eP95: 20,
    });
    expect(status).toBe(400);
    const issues = json.issues as { code: string; field: string; message: string }[];
    expect(issues.map((i) => [i.code, i.field])).toEqual(
      expect.arrayContaining([
        ['missing-option', 'model'],
        ['invalid-option', 'rate'],
        ['invalid-option', 'sloE2eP95'],
      ]),
    );
    for (const i of issues) expect(i.message).not.toMatch(/--[a-z]/);
  });
});

describe('POST /v1/capacity', () => {
  it('finds the highest rate one instance type serves within the target', async () => {
    const { status, json } = await post('/v1/capacity', { ...WORKLOAD, instance: 'g6e.xlarge' });
    expect(status).toBe(200);
    const results = json.results as { instance: string; maxRequestsPerSecond: number }[];
    expect(results.map((r) => r.instance)).toEqual(['g6e.xlarge']);
    expect(results[0]?.maxRequestsPerSecond).toBeGreaterThan(0);
  });

  it('refuses an instance and instance patterns together, naming the field', async () => {
    const { status, json } = await post('/v1/capacity', {
      ...WORKLOAD,
      instance: 'g6e.xlarge',
      instances: 'g6.*',
    });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'invalid-option', field: 'instance' });
    expect((json.error as { message: string }).message).toBe(
      'instance: give instance or instances, not both',
    );
  });
});

describe('a config.json sent as modelConfig instead of model', () => {
  it('recommend-latency and capacity plan it as they plan the catalog model it describes', async () => {
    const { model: _model, ...rest } = WORKLOAD;
    const sent = { ...rest, modelConfig: LLAMA_31_8B_CONFIG, servedModelName: 'my/llama' };
    for (const [path, extra] of [
      ['/v1/recommend-latency', { rate: 2, instances: 'g6e.xlarge' }],
      ['/v1/capacity', { instance: 'g6e.xlarge' }],
    ] as const) {
      const byId = await post(path, { ...WORKLOAD, ...extra });
      const byConfig = await post(path, { ...sent, ...extra });
      expect(byConfig.status, path).toBe(200);
      const a = JSON.stringify(byId.json).replaceAll('meta-llama/Llama-3.1-8B', 'my/llama');
      expect(JSON.stringify(byConfig.json), path).toBe(a);
    }
  });

  it('answers a broken config inside modelConfig, and model with modelConfig as one problem', async () => {
    const broken = await post('/v1/capacity', {
      ...WORKLOAD,
      model: undefined,
      instance: 'g6e.xlarge',
      modelConfig: { model_type: 'llama' },
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.json)).toContain('modelConfig.hidden_size');
    const both = await post('/v1/recommend-latency', {
      ...WORKLOAD,
      rate: 2,
      modelConfig: LLAMA_31_8B_CONFIG,
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.json)).toContain('not both');
  });
});
