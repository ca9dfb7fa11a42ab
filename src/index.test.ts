import { describe, expect, it } from 'vitest';
import {
  createPredictor,
  DEFAULTS,
  fsPlannerData,
  kvCacheBytesPerToken,
  loadBuiltinCatalog,
  loadBuiltinModels,
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
});
