import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const OFFLINE = [
  '--catalog',
  'paper-2025',
  '--model',
  'facebook/opt-2.7b',
  '--input-tokens',
  '1024',
  '--output-tokens',
  '128',
  '--batch-size',
  '32',
];

describe('predict --engine flexgen', () => {
  it("places the KV cache by FlexGen's policy search and times the offloaded batch by its cost model", async () => {
    const run = await cli(
      'predict',
      ...OFFLINE,
      '--instance',
      'g4dn.xlarge',
      '--engine',
      'flexgen',
      '--json',
    );
    expect(run.err).toBe('');
    const json = JSON.parse(run.out);
    expect(json.offloadFraction).toBeCloseTo(0.66, 12);
    expect(json.decodeBound).toBe('host-cpu');
    expect(json.warnings.map((w: { code: string }) => w.code)).toContain('flexgen-cost-model');
    const w = json.warnings.find((x: { code: string }) => x.code === 'flexgen-cost-model');
    expect(w.details).toMatchObject({
      percent: '100 0 34 66 100 0',
      policySource: 'searched',
      transferred: false,
    });
  });

  it('runs a stated --offload-percent and marks constants moved off the T4 as estimated', async () => {
    const run = await cli(
      'predict',
      ...OFFLINE,
      '--instance',
      'g6.xlarge',
      '--engine',
      'flexgen',
      '--offload-percent',
      '60',
    );
    expect(run.err).toBe('');
    expect(run.out).toContain('KV offload      60%');
    expect(run.out).toContain(
      "FlexGen's cost model times this offloaded batch on L4 (policy --percent 100 0 40 60 100 0, as stated): estimated",
    );
    // the step model’s band does not describe the cost model
    expect(run.out).toContain('Uncertainty: no band — timed by FlexGen’s cost model');
  });

  it('refuses --offload-percent without FlexGen, and a percent outside 0–100', async () => {
    const vllm = await cli('predict', ...OFFLINE, '--instance', 'g6.xlarge', '--offload-percent', '60');
    expect(vllm.code).toBe(2);
    expect(vllm.err).toContain('--offload-percent states FlexGen’s offload policy'.replace('’', "'"));
    const bad = await cli(
      'predict',
      ...OFFLINE,
      '--instance',
      'g6.xlarge',
      '--engine',
      'flexgen',
      '--offload-percent',
      '120',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("'120' is not a whole percent from 0 to 100");
  });

  it('leaves vLLM, the default engine, on Algorithm 1 and the roofline', async () => {
    const json = JSON.parse((await cli('predict', ...OFFLINE, '--instance', 'g4dn.xlarge', '--json')).out);
    expect(json.warnings.map((w: { code: string }) => w.code)).not.toContain('flexgen-cost-model');
  });
});
