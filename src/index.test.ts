import { describe, expect, it } from 'vitest';
import {
  buildCostTable,
  costTableSchema,
  createPredictor,
  DEFAULTS,
  fsPlannerData,
  kvCacheBytesPerToken,
  loadBuiltinCatalog,
  loadBuiltinModels,
  parseCostTableRequest,
  planCostTable,
  recommend,
} from './index.js';

describe('library API', () => {
  it('recommends from the built-in catalogs without the CLI', () => {
    const models = loadBuiltinModels();
    const catalog = loadBuiltinCatalog('aws');
    const efficiency = fsPlannerData.efficiency();
    if (!models.ok || !catalog.ok || !efficiency.ok) throw new Error('built-in data did not load');
    const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B');
    if (!model) throw new Error('Llama-3.1-8B missing');
    expect(kvCacheBytesPerToken(model, 2)).toBe(131_072);
    const result = recommend({
      model,
      catalog: catalog.value,
      task: { requests: 1000, batchSize: 16, inputTokens: 1024, outputTokens: 128 },
      sloTokensPerSecond: 500,
      maxPriceUsdPerHour: 5,
      region: 'us-east-1',
      precisions: ['bf16'],
      instancePatterns: ['g5.*', 'g6.*'],
      predictor: createPredictor('roofline', efficiency.value),
      billing: catalog.value.billing,
      pricing: 'on-demand',
      gpuMemoryUtilization: DEFAULTS.gpuMemoryUtilization,
      hostMemoryUtilization: DEFAULTS.hostMemoryUtilization,
      top: 3,
    });
    expect(result.pick?.instance).toMatch(/^g[56]\./);
    expect(result.pick?.tokensPerSecond).toBeGreaterThanOrEqual(500);
  });

  it('builds a hardware cost table from the built-in data without the CLI', async () => {
    const request = parseCostTableRequest({
      model: 'meta-llama/Llama-3.1-8B',
      migProfiles: [],
      gpuClocksMhz: [1410],
      maxNumSeqs: [32],
      variants: ['chunked-prefill'],
      queryTypes: ['SISO'],
      probeRequests: 40,
    });
    if (!request.ok) throw new Error('bad request');
    const plan = planCostTable(request.value, fsPlannerData);
    if (!plan.ok) throw new Error('bad plan');
    const { table } = await buildCostTable(plan.value);
    expect(costTableSchema.parse(table).rows.map((r) => r.rateDefinition)).toEqual([
      'open-loop-poisson',
      'closed-loop-ramp',
    ]);
  });
});
