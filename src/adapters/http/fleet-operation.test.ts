import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';

const app = createApp(fsPlannerData, { ...DEFAULT_LIMITS, timeoutMs: 60_000, maxSimulateRequests: 5000 });
const post = (body: unknown) =>
  app.request('/v1/fleet', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const options = {
  model: 'meta-llama/Llama-3.1-8B',
  clouds: ['aws'],
  instances: ['g6e.xlarge', 'g6.xlarge'],
  slo: { tpotSeconds: 0.1 },
  probeRequests: 60,
};

describe('POST /v1/fleet', () => {
  it('answers a weighted distribution with the fleet, the saving and the replay', async () => {
    const res = await post({
      ...options,
      requestsPerSecond: 3,
      replayRequests: 200,
      distribution: [
        { inputTokens: 200, outputTokens: 100, weight: 3 },
        { inputTokens: 3000, outputTokens: 100, weight: 1 },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.schemaVersion).toBe(1);
    expect(body.fleet.usdPerHour).toBeLessThanOrEqual(body.bestSingleType.usdPerHour + 1e-9);
    expect(body.replay.requests).toBe(200);
  }, 120_000);

  it('names the bad fields with 400: both size sources, an unknown cloud', async () => {
    const res = await post({
      ...options,
      clouds: ['aws', 'nimbus'],
      distribution: [{ inputTokens: 1, outputTokens: 1, weight: 1 }],
      requests: { arrivalSeconds: [0], inputTokens: [1], outputTokens: [1] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('one of them');
    const unknown = await post({
      ...options,
      clouds: ['nimbus'],
      requestsPerSecond: 1,
      distribution: [{ inputTokens: 1, outputTokens: 1, weight: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('unknown-cloud');
  });
});
