import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const traffic = ['--input-tokens', '50-1500', '--output-tokens', '20-1200', '--requests', '200'];

describe('query types in recommend under latency SLOs and simulate (issue 10 part 4)', () => {
  it('recommend judges each query type alone at the pick, at the τ given', async () => {
    const run = await cli(
      'recommend',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--instances',
      'g6e.12xlarge',
      ...traffic,
      '--rate',
      '2',
      '--slo-e2e-p95',
      '40s',
      '--query-type-threshold',
      '600',
      '--json',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.settings.queryTypeThresholdTokens).toBe(600);
    const byType = json.pick.byQueryType;
    const total = Object.values(byType).reduce((n: number, v) => n + (v as { requests: number }).requests, 0);
    expect(total).toBe(json.settings.probeRequests);
    for (const v of Object.values(byType) as { meets: boolean; e2eP95Seconds: number }[])
      expect(v.meets).toBe(v.e2eP95Seconds <= 40);
  });

  it('simulate classifies at --query-type-threshold: τ = 2000 makes every request SISO', async () => {
    const run = await cli(
      'simulate',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--gpu',
      'A100-80GB',
      ...traffic,
      '--rate',
      '1',
      '--query-type-threshold',
      '2000',
      '--json',
    );
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.out).summary;
    expect(summary.queryTypeThresholdTokens).toBe(2000);
    expect(summary.byQueryType.SISO.count).toBe(200);
  });

  it('--query-type-threshold alone with --slo-tps is refused as a latency-mode flag', async () => {
    const run = await cli(
      'recommend',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--input-tokens',
      '100',
      '--output-tokens',
      '100',
      '--batch-size',
      '8',
      '--slo-tps',
      '100',
      '--query-type-threshold',
      '600',
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('--query-type-threshold');
  });
});
