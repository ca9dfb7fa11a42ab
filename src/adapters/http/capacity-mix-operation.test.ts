import { describe, expect, it } from 'vitest';
import { LLAMA_31_8B_CONFIG } from '../../catalog/fixtures/hf-configs.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';

const app = createApp(fsPlannerData, DEFAULT_LIMITS);
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** 300 requests at 1/s, then 300 at 4/s: long answers, so the burst needs more than the calm baseline. */
function inlineTrace() {
  const arrivalSeconds: number[] = [];
  for (let i = 0; i < 600; i++) arrivalSeconds.push(i < 300 ? i : 300 + (i - 300) / 4);
  return {
    arrivalSeconds,
    inputTokens: arrivalSeconds.map((_, i) => 400 + ((i * 37) % 800)),
    outputTokens: arrivalSeconds.map((_, i) => 300 + ((i * 53) % 300)),
  };
}

describe('POST /v1/capacity-mix', () => {
  it('answers the same JSON as capacity-mix --json: plans, savings, the autoscaling target, every window', async () => {
    const res = await post('/v1/capacity-mix', {
      model: 'meta-llama/Llama-3.1-8B',
      windowSeconds: 60,
      slo: { e2eSeconds: 20 },
      probeRequests: 60,
      requests: inlineTrace(),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.schemaVersion).toBe(1);
    expect(body.windows).toHaveLength(body.settings.windows);
    expect(body.plans.mix.totalUsd).toBeLessThanOrEqual(body.plans['all-on-demand'].totalUsd);
    expect(body.autoscaling.metric).toBe('vllm:num_requests_waiting');
    expect(body.replay.requests).toBe(600);
  }, 60_000);

  it('names every bad field with 400 in the JSON field names (no flags), before simulating', async () => {
    const res = await post('/v1/capacity-mix', {
      model: 'meta-llama/Llama-3.1-8B',
      cloud: 'azure',
      slo: { e2eSeconds: 20 },
      batchFraction: 0.5,
      requests: inlineTrace(),
    });
    expect(res.status).toBe(400);
    const text = JSON.stringify(await res.json());
    for (const field of ['reservedUsdPerGpuHour', 'spotInterruptionsPerHour', 'spotRestart'])
      expect(text).toContain(field);
    expect(text).not.toContain('--');
  });

  it('plans a config.json sent as modelConfig like the catalog model it describes, and refuses a path', async () => {
    const body = {
      windowSeconds: 60,
      slo: { e2eSeconds: 20 },
      probeRequests: 60,
      requests: inlineTrace(),
    };
    const [pasted, catalog] = await Promise.all([
      post('/v1/capacity-mix', { ...body, modelConfig: LLAMA_31_8B_CONFIG, servedModelName: 'my/llama' }),
      post('/v1/capacity-mix', { ...body, model: 'meta-llama/Llama-3.1-8B' }),
    ]);
    expect(pasted.status).toBe(200);
    const a = await pasted.json();
    const b = await catalog.json();
    expect(a.settings.model).toBe('my/llama');
    expect(a.capacity.requestsPerSecondPerReplica).toBe(b.capacity.requestsPerSecondPerReplica);
    expect(a.plans.mix.totalUsd).toBe(b.plans.mix.totalUsd);

    const path = await post('/v1/capacity-mix', { ...body, modelConfig: '/etc/passwd' });
    expect(path.status).toBe(400);
    expect(JSON.stringify(await path.json())).toContain('never a path');
    const both = await post('/v1/capacity-mix', {
      ...body,
      model: 'meta-llama/Llama-3.1-8B',
      modelConfig: { model_type: 'llama' },
    });
    expect(both.status).toBe(400);
  }, 120_000);
});
