import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareApi,
  createPlanner,
  createPredictor,
  DEFAULTS,
  fsPlannerData,
  loadBuiltinApiPrices,
  loadBuiltinCloudCatalogs,
  loadBuiltinModels,
  packageVersion,
} from './index.js';

/** Every use case through the library entry point, as `import { … } from 'infersave'` gives it. */
const planner = createPlanner();
const WORKLOAD = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: 128,
  outputTokens: 32,
  requests: 200,
  probeRequests: 100,
  sloE2eP95: '20s',
};

const { probeRequests: _, ...SIMULATE } = WORKLOAD;

describe('library: each use case from the index', () => {
  it('recommend under a throughput SLO', async () => {
    const r = await planner.recommend({
      model: 'facebook/opt-2.7b',
      inputTokens: 128,
      outputTokens: 512,
      batchSize: 32,
      sloTps: 400,
      maxPrice: 3,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.schemaVersion).toBe(1);
    expect(r.value.pick?.tokensPerSecond).toBeGreaterThanOrEqual(400);
  });

  it('recommend: every problem at once, each naming its field', async () => {
    const r = await planner.recommend({
      inputTokens: -1,
      outputTokens: 512,
      batchSize: 32,
      sloTps: 400,
    } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual(
      expect.arrayContaining([
        ['missing-option', 'model'],
        ['invalid-option', 'inputTokens'],
      ]),
    );
    for (const i of r.issues) expect(i.message).not.toMatch(/--[a-z]/);
  });

  it('recommend under latency SLOs', async () => {
    const r = await planner.recommendForLatency({ ...WORKLOAD, rate: 2, instances: 'g6e.xlarge' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.pick?.instance).toBe('g6e.xlarge');
  });

  it('predict', async () => {
    const r = await planner.predict({
      model: 'meta-llama/Llama-3.1-8B',
      instance: 'g6.xlarge',
      inputTokens: 1024,
      outputTokens: 128,
      batchSize: 16,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.instance).toBe('g6.xlarge');
    expect(r.value.tokensPerSecond).toBeGreaterThan(0);
  });

  it('simulate', async () => {
    const r = await planner.simulate({ ...SIMULATE, instance: 'g6e.xlarge', rate: 2 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.schemaVersion).toBe(1);
  });

  it('capacity', async () => {
    const r = await planner.capacity({ ...WORKLOAD, instance: 'g6e.xlarge' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.results[0]?.maxRequestsPerSecond).toBeGreaterThan(0);
  });

  it('calibrate from measurements given inline', async () => {
    const file = resolve(
      import.meta.dirname,
      '../test/fixtures/measurements/llama-3.1-8b-h100-synthetic.json',
    );
    const r = await planner.calibrate({ measurements: [JSON.parse(readFileSync(file, 'utf8'))], id: 'mine' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.calibration.id).toBe('mine');
  });

  it('pack', async () => {
    const r = await planner.pack({
      tenants: [
        {
          model: 'meta-llama/Llama-3.1-8B',
          requestsPerSecond: 0.5,
          inputTokens: 128,
          outputTokens: 32,
          slo: { e2eP95Seconds: 20 },
        },
      ],
      probeRequests: 50,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.schemaVersion).toBe(1);
  }, 60_000);

  it('provision', async () => {
    const arrivalSeconds = Array.from({ length: 60 }, (_, i) => i * 2);
    const r = await planner.provision({
      model: 'meta-llama/Llama-3.1-8B',
      windowSeconds: 60,
      slo: { e2eSeconds: 20 },
      probeRequests: 50,
      requests: {
        arrivalSeconds,
        inputTokens: arrivalSeconds.map(() => 100),
        outputTokens: arrivalSeconds.map(() => 20),
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.schemaVersion).toBe(1);
  }, 60_000);

  it('capacity mix: reserved baseline, on-demand burst, the autoscaling target', async () => {
    const arrivalSeconds = Array.from({ length: 90 }, (_, i) => i * 2);
    const r = await planner.capacityMix({
      model: 'meta-llama/Llama-3.1-8B',
      windowSeconds: 60,
      slo: { e2eSeconds: 20 },
      probeRequests: 50,
      requests: {
        arrivalSeconds,
        inputTokens: arrivalSeconds.map(() => 100),
        outputTokens: arrivalSeconds.map(() => 20),
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.plans.mix.totalUsd).toBeLessThanOrEqual(r.value.plans['all-on-demand'].totalUsd);
    expect(r.value.autoscaling?.metric).toBe('vllm:num_requests_waiting');
  }, 60_000);

  it('compare-api', () => {
    const models = loadBuiltinModels();
    const catalogs = loadBuiltinCloudCatalogs();
    const apiPrices = loadBuiltinApiPrices();
    const efficiency = fsPlannerData.efficiency();
    if (!models.ok || !catalogs.ok || !apiPrices.ok || !efficiency.ok) throw new Error('built-in data');
    const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B');
    if (!model) throw new Error('Llama-3.1-8B missing');
    const r = compareApi(
      {
        inputTokens: 1024,
        outputTokens: 256,
        batchSize: 64,
        apiUsdPerMillionInput: 0.2,
        apiUsdPerMillionOutput: 0.6,
      },
      {
        model,
        catalogs: catalogs.value,
        apiPrices: apiPrices.value,
        predictor: createPredictor('roofline', efficiency.value),
        precisions: ['bf16'],
        gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
        hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
      },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.selfHost.length).toBeGreaterThan(0);
  });

  it('exports the public API only: the index and package.json', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'));
    expect(Object.keys(pkg.exports)).toEqual(['.', './package.json']);
    expect(pkg.exports['.']).toEqual({ types: `./${pkg.types}`, import: `./${pkg.main}` });
  });

  it('states its version once, from package.json', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'));
    expect(packageVersion()).toBe(pkg.version);
  });
});
