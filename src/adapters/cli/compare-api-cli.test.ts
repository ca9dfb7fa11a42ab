import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const base = [
  'compare-api',
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--input-tokens',
  '512',
  '--output-tokens',
  '128',
  '--batch-size',
  '16',
];

describe('infersave compare-api', () => {
  it('prints $/M input and output, break-even per API with its price date, and the monthly cost at a volume', async () => {
    const run = await cli(
      ...base,
      '--cloud',
      'aws,lambda',
      '--api-model',
      'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo,groq/llama-3.3-70b-versatile,deepinfra/meta-llama/Llama-3.3-70B-Instruct',
      '--tokens-per-month',
      '2e9',
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/\/M input, .*\/M output/);
    expect(run.out).toContain('2026-07-24');
    expect(run.out).toContain('At 2.00 B tokens a month');
  });

  it('writes the cost-vs-volume curve as CSV', async () => {
    const run = await cli(
      ...base,
      '--api-usd-per-million-input',
      '0.2',
      '--api-usd-per-million-output',
      '0.6',
      '--csv',
    );
    const lines = run.out.trim().split('\n');
    expect(lines[0]).toBe(
      'tokens_per_month,self_host_on-demand_usd,self_host_reserved_usd,api your API price usd',
    );
    expect(lines).toHaveLength(42);
  });

  it('refuses an API price of 0 and an unknown cloud, naming the flags', async () => {
    const run = await cli(
      ...base,
      '--api-usd-per-million-input',
      '0',
      '--api-usd-per-million-output',
      '1',
      '--cloud',
      'gcp,oracel',
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('--api-usd-per-million-input: an API price must be more than $0');
    expect(run.err).toContain("unknown cloud 'oracel'");
  });

  it('asks for cloud:region when a region name exists in two selected clouds', async () => {
    const run = await cli(...base, '--api-model', 'groq/llama-3.3-70b-versatile', '--region', 'us-east-1');
    expect(run.code).toBe(2);
    expect(run.err).toContain('aws:us-east-1, lambda:us-east-1');
  });
});
