import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const LATENCY = [
  'recommend',
  ...['--model', 'meta-llama/Llama-3.1-8B', '--rate', '2', '--requests', '120', '--seed', '3'],
  ...[
    '--input-tokens',
    '128-512',
    '--output-tokens',
    '32-128',
    '--slo-ttft-p95',
    '1s',
    '--slo-tpot-p95',
    '100ms',
  ],
];

describe('recommend under latency SLOs searches the clouds --cloud names (it used to ignore the flag)', () => {
  it('prices every candidate in the named cloud and says so in the settings', async () => {
    const run = await cli(...LATENCY, '--cloud', 'lambda', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.settings.catalog).toBe('lambda');
    expect(json.settings.catalogAsOf).toMatch(/^lambda \d{4}-\d{2}-\d{2}$/);
    expect(json.candidates.length).toBeGreaterThan(0);
    for (const c of json.candidates) expect(c.instance).toMatch(/^gpu_/);
  });

  it('refuses --cloud with --catalog and an unknown cloud, with the other problems of the run', async () => {
    const both = await cli(...LATENCY, '--cloud', 'gcp', '--catalog', 'aws', '--max-price', '-1');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--cloud');
    expect(both.err).toContain('--max-price');
    const unknown = await cli(...LATENCY, '--cloud', 'ibm');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('ibm');
  });
});
