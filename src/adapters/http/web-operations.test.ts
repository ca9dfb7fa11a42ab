import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';
import { INLINE_MODEL_ID } from './inline-model-config.js';
import { MAX_TIMELINE_SAMPLES } from './operations.js';

// What the web planner asks of the API beyond the CLI's flags: a simulate's timeline in the response,
// and a pasted config.json (sent as a JSON object, never a path) in recommend.
const app = createApp(fsPlannerData);
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const SIMULATE = {
  model: 'meta-llama/Llama-3.1-8B',
  instance: 'g6e.xlarge',
  rate: 5,
  requests: 200,
  inputTokens: '128-512',
  outputTokens: '32-128',
  seed: 7,
};

interface Timeline {
  timeSeconds: number[];
  running: number[];
  waiting: number[];
  kvBlocksUsed: number[];
  outputTokensPerSecond: number[];
  promptTokensPerSecond: number[];
}

const spacing = (t: number[]) => (t[1] as number) - (t[0] as number);

describe('POST /v1/simulate with timelineInterval', () => {
  it('returns the fleet timeline sampled at that interval, its output tokens adding up to the run', async () => {
    const res = await post('/v1/simulate', { ...SIMULATE, timelineInterval: '1s' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      timeline: Timeline;
      summary: { makespanSeconds: number; completed: number; throughput: { outputTokensPerSecond: number } };
    };
    const tl = body.timeline;
    const n = tl.timeSeconds.length;
    // One sample per whole second of the run (200 requests at 5/s: about 40 s).
    expect(n).toBe(Math.floor(body.summary.makespanSeconds));
    expect(spacing(tl.timeSeconds)).toBeCloseTo(1, 9);
    for (const series of Object.values(tl)) expect(series).toHaveLength(n);
    expect(Math.max(...tl.running)).toBeGreaterThan(0);
    // Σ rate × 1 s counts every output token up to the last sample: all but the run's last partial second.
    const counted = tl.outputTokensPerSecond.reduce((a, b) => a + b, 0);
    const total = body.summary.throughput.outputTokensPerSecond * body.summary.makespanSeconds;
    expect(counted).toBeLessThanOrEqual(total + 1e-6);
    expect(counted).toBeGreaterThan(0.9 * total);
  });

  it(`holds fewer than ${MAX_TIMELINE_SAMPLES} samples however fine the interval: it doubles as needed`, async () => {
    const res = await post('/v1/simulate', { ...SIMULATE, timelineInterval: '1ms' });
    expect(res.status).toBe(200);
    const tl = ((await res.json()) as { timeline: Timeline }).timeline;
    expect(tl.timeSeconds.length).toBeLessThan(MAX_TIMELINE_SAMPLES);
    expect(tl.timeSeconds.length).toBeGreaterThanOrEqual(MAX_TIMELINE_SAMPLES / 2);
    const doublings = Math.log2(spacing(tl.timeSeconds) / 0.001);
    expect(doublings).toBeCloseTo(Math.round(doublings), 6);
  });

  it('no timeline unless asked; a bad interval is named', async () => {
    expect(await (await post('/v1/simulate', SIMULATE)).json()).not.toHaveProperty('timeline');
    const bad = await post('/v1/simulate', { ...SIMULATE, timelineInterval: '-1s' });
    expect(bad.status).toBe(400);
    const json = (await bad.json()) as { issues: { field: string }[] };
    expect(json.issues.map((i) => i.field)).toContain('timelineInterval');
  });
});

const LLAMA_CONFIG = resolve(
  import.meta.dirname,
  '../../../../shared/data/model-configs/aiconfigurator-hf-configs/meta-llama--Meta-Llama-3.1-8B_config.json',
);
const WORKLOAD = { inputTokens: 512, outputTokens: 128, batchSize: 16, requests: 1000, sloTps: 500 };

interface RecommendJson {
  settings: { model: string };
  pick: { instance: string; tokensPerSecond: number } | null;
  candidates: unknown[];
}

describe('POST /v1/recommend with modelConfig (a config.json as JSON)', () => {
  it.skipIf(!existsSync(LLAMA_CONFIG))(
    "plans Llama-3.1-8B's config.json exactly as the catalog's Llama-3.1-8B (../shared present)",
    async () => {
      const config = JSON.parse(readFileSync(LLAMA_CONFIG, 'utf8')) as Record<string, unknown>;
      const catalog = (await (
        await post('/v1/recommend', { ...WORKLOAD, model: 'meta-llama/Llama-3.1-8B' })
      ).json()) as RecommendJson;
      const res = await post('/v1/recommend', { ...WORKLOAD, modelConfig: config });
      expect(res.status).toBe(200);
      const pasted = (await res.json()) as RecommendJson;
      expect(pasted.pick).toEqual(catalog.pick);
      expect(pasted.candidates).toEqual(catalog.candidates);
      // No Hub id in this config's _name_or_path: planned under a plain id, or servedModelName.
      expect(pasted.settings.model).toBe(INLINE_MODEL_ID);
      const named = await post('/v1/recommend', {
        ...WORKLOAD,
        modelConfig: config,
        servedModelName: 'meta-llama/Llama-3.1-8B',
      });
      expect(((await named.json()) as RecommendJson).settings.model).toBe('meta-llama/Llama-3.1-8B');
    },
  );

  it('names each missing config field inside modelConfig, all at once', async () => {
    const res = await post('/v1/recommend', {
      ...WORKLOAD,
      modelConfig: { model_type: 'llama', num_hidden_layers: 2 },
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { issues: { field: string }[] }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['modelConfig.hidden_size', 'modelConfig.vocab_size']));
  });

  it('refuses a path or text in modelConfig, and a model with it', async () => {
    const path = await post('/v1/recommend', { ...WORKLOAD, modelConfig: '/etc/passwd' });
    expect(path.status).toBe(400);
    expect(((await path.json()) as { error: { field: string } }).error.field).toBe('modelConfig');
    const both = await post('/v1/recommend', { ...WORKLOAD, model: 'facebook/opt-2.7b', modelConfig: {} });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: { message: string } }).error.message).toMatch(/not both/);
  });
});
