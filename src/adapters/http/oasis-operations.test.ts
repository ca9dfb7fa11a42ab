import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';

const app = createApp(fsPlannerData, {
  ...DEFAULT_LIMITS,
  maxBodyBytes: 1 << 20,
  timeoutMs: 60_000,
  maxSimulateRequests: 5000,
});
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /v1/provision and /v1/pack', () => {
  it('provisions an inline trace and returns every strategy’s timeline for a chart', async () => {
    const n = 400;
    const arrivalSeconds = Array.from({ length: n }, (_, i) => i * (i < 200 ? 2 : 0.5));
    for (let i = 1; i < n; i++)
      arrivalSeconds[i] = Math.max(arrivalSeconds[i] as number, arrivalSeconds[i - 1] as number);
    const res = await post('/v1/provision', {
      model: 'meta-llama/Llama-3.1-8B',
      windowSeconds: 120,
      slo: { e2eSeconds: 20 },
      probeRequests: 60,
      requests: {
        arrivalSeconds,
        inputTokens: arrivalSeconds.map((_, i) => (i % 2 ? 900 : 100)),
        outputTokens: arrivalSeconds.map(() => 50),
      },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.timeline.length).toBe(3 * body.settings.windows);
    expect(body.totals.oasis.usd).toBeGreaterThan(0);
  }, 120_000);

  it('names bad fields with 400, and an unknown MIG profile', async () => {
    const res = await post('/v1/provision', {
      model: 'meta-llama/Llama-3.1-8B',
      slo: {},
      migProfiles: ['9g.1gb'],
      requests: { arrivalSeconds: [0, 1], inputTokens: [1], outputTokens: [1, 1] },
    });
    expect(res.status).toBe(400);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('latency target');
    expect(text).toContain('one entry per request');
    const bad = await post('/v1/pack', { tenants: [] });
    expect(bad.status).toBe(400);
  });
});
