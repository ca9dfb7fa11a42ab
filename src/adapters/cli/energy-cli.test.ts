import { describe, expect, it } from 'vitest';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const LLAMA_A100 = [
  'predict',
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--gpu',
  'A100-80GB',
  '--input-tokens',
  '50',
  '--output-tokens',
  '1000',
  '--batch-size',
  '32',
];

describe('energy on predict', () => {
  it('prints power, J/token, energy $ and says CO2 needs a grid intensity on a bare GPU', async () => {
    const run = await cli(...LLAMA_A100);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Energy (power model fitted on OASIS measurements');
    expect(run.out).toContain('CO2: needs --grid-gco2-per-kwh');
  });

  it('JSON: energy per token equals average power ÷ tokens/s, and CO2 follows --grid-gco2-per-kwh and --pue', async () => {
    const run = await cli(...LLAMA_A100, '--grid-gco2-per-kwh', '400', '--pue', '1.2', '--json');
    const json = JSON.parse(run.out);
    const e = json.energy;
    expect(e.joulesPerToken).toBeCloseTo(e.averagePowerWatts / json.tokensPerSecond, 9);
    expect(e.facilityKwhPerMillionTokens).toBeCloseTo((e.joulesPerToken * 1e6 * 1.2) / 3.6e6, 12);
    expect(e.gco2PerMillionTokens).toBeCloseTo(e.facilityKwhPerMillionTokens * 400, 9);
    expect(e.energyUsdPerMillionTokens).toBeCloseTo(e.facilityKwhPerMillionTokens * 0.12, 12);
    expect(e.estimated).toBe(false);
    expect(e.gridSource).toBe('--grid-gco2-per-kwh');
  });

  it('lowering the clock on decode-heavy Llama-3-8B on A100 cuts power a lot and throughput little', async () => {
    const high = JSON.parse((await cli(...LLAMA_A100, '--gpu-clock-mhz', '1320', '--json')).out);
    const low = JSON.parse((await cli(...LLAMA_A100, '--gpu-clock-mhz', '855', '--json')).out);
    const powerDrop = 1 - low.energy.averagePowerWatts / high.energy.averagePowerWatts;
    const throughputDrop = 1 - low.outputTokensPerSecond / high.outputTokensPerSecond;
    expect(powerDrop).toBeGreaterThan(0.25);
    expect(throughputDrop).toBeLessThan(0.05);
    expect(throughputDrop).toBeGreaterThanOrEqual(0);
  });

  it('an instance takes its provider’s PUE and its region’s grid intensity, and an unmeasured GPU says estimated', async () => {
    const args = [
      'predict',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--instance',
      'g6.xlarge',
      '--input-tokens',
      '512',
    ];
    const run = await cli(...args, '--output-tokens', '128', '--batch-size', '8', '--json');
    const e = JSON.parse(run.out).energy;
    expect(e.pue).toBe(1.135);
    expect(e.gridGco2PerKwh).toBeCloseTo(379.069, 3);
    expect(e.estimated).toBe(true);
  });
});

describe('energy bad input', () => {
  it('refuses a clock below the lowest documented one, naming the range', async () => {
    const args = [...LLAMA_A100, '--gpu-clock-mhz', '500'];
    expectCleanFailure(await cli(...args), args, 2, ['855–1410 MHz', '--gpu-clock-mhz']);
  });

  it('refuses a clock on a GPU with no documented clocks, and a PUE below 1, in one run', async () => {
    const args = ['predict', '--model', 'meta-llama/Llama-3.1-8B', '--gpu', 'A10G', '--input-tokens', '50'];
    const all = [
      ...args,
      '--output-tokens',
      '10',
      '--batch-size',
      '1',
      '--gpu-clock-mhz',
      '900',
      '--pue',
      '0.5',
    ];
    expectCleanFailure(await cli(...all), all, 2, ['no source documents A10G', '--pue']);
  });
});

describe('recommend --objective', () => {
  const base = [
    'recommend',
    '--model',
    'facebook/opt-2.7b',
    '--input-tokens',
    '128',
    '--output-tokens',
    '512',
  ];
  const rest = ['--batch-size', '32', '--requests', '3000', '--slo-tps', '400', '--max-price', '3', '--json'];

  it('energy ranks candidates by J/token, lowest first; every candidate carries its energy', async () => {
    const json = JSON.parse((await cli(...base, ...rest, '--objective', 'energy')).out);
    const perToken = json.candidates.map(
      (c: { energy: { joulesPerToken: number } }) => c.energy.joulesPerToken,
    );
    expect(perToken).toEqual([...perToken].sort((a: number, b: number) => a - b));
    expect(json.settings.objective).toBe('energy');
  });

  it('carbon ranks by g CO2e per million tokens', async () => {
    const json = JSON.parse(
      (await cli(...base, ...rest, '--objective', 'carbon', '--cloud', 'aws,gcp,azure')).out,
    );
    const g = json.candidates.map(
      (c: { energy: { gco2PerMillionTokens: number } }) => c.energy.gco2PerMillionTokens,
    );
    expect(g).toEqual([...g].sort((a: number, b: number) => a - b));
  });

  it('refuses carbon where a searched region has no sourced grid intensity, naming it and the way out', async () => {
    const run = await cli(...base, ...rest, '--objective', 'carbon', '--cloud', 'lambda');
    expect(run.code).toBe(2);
    expect(run.err).toContain('none is sourced for lambda us-east-1');
    expect(run.err).toContain('--grid-gco2-per-kwh');
  });

  it('rejects an unknown objective', async () => {
    const args = [...base, ...rest, '--objective', 'speed'];
    expectCleanFailure(await cli(...args), args, 2, ['--objective']);
  });
});
