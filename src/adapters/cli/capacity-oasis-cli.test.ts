import { describe, expect, it } from 'vitest';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

/** Llama-3.1-8B on one p4de (8× A100-80GB): short and long prompts and outputs, a 20 s E2E P95. */
const args = [
  'capacity',
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--instance',
  'p4de.24xlarge',
  '--input-tokens',
  '50-1500',
  '--output-tokens',
  '20-1200',
  '--requests',
  '200',
  '--probe-requests',
  '120',
  '--slo-e2e-p95',
  '20s',
];

describe('capacity: energy at the answer and MSRR per query type (issue 10)', () => {
  it('--json carries the fleet’s power, J/token and CO2 at the answer, with the region’s PUE and grid', async () => {
    const run = await cli(...args, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    const row = json.results[0];
    expect(row.energy.gpus).toBe(8);
    expect(row.energy.averagePowerWatts).toBeGreaterThan(8 * 50);
    expect(row.energy.averagePowerWatts).toBeLessThanOrEqual(8 * 400);
    expect(row.energy.gco2PerMillionTokens).toBeGreaterThan(0);
    expect(json.settings.energy.pue).toBeGreaterThan(1);
    expect(row.byQueryType).toBeNull();
  });

  it('--by-query-type adds each type’s own MSRR; long outputs serve fewer requests than short ones', async () => {
    const run = await cli(...args, '--by-query-type', '--json');
    const row = JSON.parse(run.out).results[0];
    const msrr = (t: string) => row.byQueryType[t].maxRequestsPerSecond as number;
    expect(Object.keys(row.byQueryType).sort()).toEqual(['LILO', 'LISO', 'SILO', 'SISO']);
    expect(msrr('SISO')).toBeGreaterThan(msrr('SILO'));
    expect(msrr('LISO')).toBeGreaterThan(msrr('LILO'));
    const text = await cli(...args, '--by-query-type', '--query-type-threshold', '700');
    expect(text.out).toContain('MSRR per query type (τ = 700 tokens)');
  });

  it('refuses a bad PUE and a bad threshold together', async () => {
    const bad = [...args, '--pue', '7', '--query-type-threshold', 'many'];
    expectCleanFailure(await cli(...bad), bad, 2, ['--pue', '--query-type-threshold']);
  });

  it('--gpu G --mig P: one MIG slice as the hardware, at its share of the GPU-hour, power estimated', async () => {
    const slice = [
      'capacity',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--gpu',
      'A100-80GB',
      '--mig',
      '3g.40gb',
      '--usd-per-gpu-hour',
      '4',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '50',
      '--requests',
      '100',
      '--slo-e2e-p95',
      '20s',
      '--json',
    ];
    const run = await cli(...slice);
    expect(run.code).toBe(0);
    const [row] = JSON.parse(run.out).results;
    expect(row.instance).toBe('A100-80GB 3g.40gb');
    expect(row.priceUsdPerHour).toBeCloseTo(2);
    expect(row.energy.estimated).toBe(true);
    expect(row.maxRequestsPerSecond).toBeGreaterThan(0);
  });

  it('--mig without --gpu, an unknown profile and --gpu beside --instance are refused with the fix', async () => {
    const base = [
      'capacity',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--requests',
      '50',
      '--slo-e2e-p95',
      '20s',
    ];
    expectCleanFailure(await cli(...base, '--mig', '3g.40gb'), base, 2, ['--mig needs --gpu']);
    const unknown = [...base, '--gpu', 'A100-80GB', '--mig', '5g.60gb'];
    expectCleanFailure(await cli(...unknown), unknown, 2, ['5g.60gb', '3g.40gb']);
    const both = [...base, '--gpu', 'A100-80GB', '--instance', 'p4de.24xlarge'];
    expectCleanFailure(await cli(...both), both, 2, ['--gpu or --instance']);
  });
});
