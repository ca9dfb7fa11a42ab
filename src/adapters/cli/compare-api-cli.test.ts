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

  it('prices a bare region on every cloud that has a region by that name, and leaves the others out', async () => {
    const run = await cli(...base, '--api-model', 'groq/llama-3.3-70b-versatile', '--region', 'us-east-1');
    expect(run.code).toBe(0);
    expect(run.out).toContain('aws (us-east-1), lambda (us-east-1)');
    expect(run.out).toContain('--region: us-east-1 prices aws, lambda; azure, gcp are left out');
    const json = await cli(
      ...base,
      '--api-model',
      'groq/llama-3.3-70b-versatile',
      '--region',
      'us-east-1',
      '--json',
    );
    const warnings = (JSON.parse(json.out) as { warnings: { code: string; message: string }[] }).warnings;
    expect(warnings.map((w) => w.code)).toEqual(['clouds-left-out-by-region']);
    expect(warnings[0]?.message).toContain('region: us-east-1 prices aws, lambda');
  });
});

describe('infersave recommend --cloud', () => {
  const rec = [
    'recommend',
    '--model',
    'meta-llama/Llama-3.1-8B',
    '--input-tokens',
    '1024',
    '--output-tokens',
    '256',
    '--batch-size',
    '32',
    '--requests',
    '10000',
    '--slo-tps',
    '2000',
  ];

  it('ranks instances of every named cloud, each priced in its own region', async () => {
    const run = await cli(...rec, '--cloud', 'aws,gcp,azure,lambda', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out) as { candidates: { instance: string; region: string }[] };
    const regions = new Set(out.candidates.map((c) => c.region));
    expect(regions).toEqual(new Set(['us-east-1', 'us-central1', 'eastus']));
    expect(out.candidates.some((c) => c.instance.startsWith('gpu_'))).toBe(true);
    expect(out.candidates.some((c) => c.instance.startsWith('Standard_'))).toBe(true);
  });

  it('prices spot where a cloud sells it and refuses spot on a cloud that sells none', async () => {
    const risk = ['--spot-interruptions-per-hour', '0.05'];
    const spot = await cli(...rec, '--cloud', 'gcp', '--pricing', 'spot', ...risk, '--json');
    expect(spot.code).toBe(0);
    const lambda = await cli(...rec, '--cloud', 'lambda', '--pricing', 'spot', ...risk);
    expect(lambda.code).toBe(2);
    expect(lambda.err).toContain('lambda sells no spot capacity');
  });
});

describe('infersave regions and instances --cloud', () => {
  it('lists each cloud’s regions with its default marked, and how many have spot prices', async () => {
    const run = await cli('regions', '--cloud', 'lambda', '--json');
    const rows = JSON.parse(run.out) as {
      cloud: string;
      region: string;
      isDefault: boolean;
      withSpotPrice: number;
    }[];
    expect(rows.every((r) => r.cloud === 'lambda' && r.withSpotPrice === 0)).toBe(true);
    expect(rows.filter((r) => r.isDefault).map((r) => r.region)).toEqual(['us-east-1']);
  });

  it('lists every default cloud’s instances, each in its own region, without --cloud or --catalog', async () => {
    const run = await cli('instances', '--gpu', 'L4', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out) as {
      instances: { cloud: string; region: string }[];
      warnings: unknown[];
    };
    expect(new Set(out.instances.map((r) => `${r.cloud} ${r.region}`))).toEqual(
      new Set(['aws us-east-1', 'gcp us-central1']),
    );
    expect(out.warnings).toEqual([]);
  });

  it('lists a bare region on every cloud that has it and says which clouds it left out', async () => {
    const run = await cli('instances', '--region', 'us-east-1', '--gpu', 'A100-80GB');
    expect(run.code).toBe(0);
    expect(run.out).toContain('p4de.24xlarge');
    expect(run.out).toContain('gpu_8x_a100_80gb_sxm4');
    expect(run.out).toContain('--region: us-east-1 prices aws, lambda; azure, gcp are left out');
  });

  it('lists one cloud’s instances with --cloud', async () => {
    const run = await cli('instances', '--cloud', 'azure', '--region', 'eastus');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Standard_NC24ads_A100_v4');
  });

  it('names an unknown cloud in regions', async () => {
    const run = await cli('regions', '--cloud', 'oracle');
    expect(run.code).toBe(2);
    expect(run.err).toContain("unknown cloud 'oracle'");
  });
});

describe('predict --instance of any default cloud', () => {
  it('finds a GCP instance without --catalog and prices it in GCP’s default region', async () => {
    const args = ['--model', 'meta-llama/Llama-3.1-8B', '--input-tokens', '1024', '--output-tokens', '128'];
    const run = await cli('predict', ...args, '--batch-size', '16', '--instance', 'g2-standard-4', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out) as { region: string; priceUsdPerHour: number };
    expect(out.region).toBe('us-central1');
    expect(out.priceUsdPerHour).toBeGreaterThan(0);
  });
});
