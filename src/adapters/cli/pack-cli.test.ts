import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-pack-'));

/** Two 7–8B models on A100-80GBs, LISO-shaped (1000 in, 50 out), P95 E2E ≤ 20 s, at `rate` req/s each. */
function tenantsFile(name: string, rate: number): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'gpu: A100-80GB',
      'probeRequests: 120',
      'tenants:',
      ...['meta-llama/Llama-3.1-8B', 'mistralai/Mistral-7B-v0.1'].flatMap((model) => [
        `  - model: ${model}`,
        `    requestsPerSecond: ${rate}`,
        '    inputTokens: 1000',
        '    outputTokens: 50',
        '    slo: { e2eP95Seconds: 20 }',
      ]),
    ].join('\n'),
  );
  return path;
}

describe('infersave pack', () => {
  it('packs two light 7B tenants onto one A100 as MIG slices, and gives heavy ones whole GPUs (a remainder may share one split GPU)', async () => {
    const light = await cli('pack', '--tenants', tenantsFile('light.yaml', 0.3), '--json');
    expect(light.code).toBe(0);
    const l = JSON.parse(light.out);
    expect(l.solver.provenOptimal).toBe(true);
    expect(l.plan.gpuCount).toBe(1);
    expect(
      l.plan.replicas.every((r: { option: { profile: string | null } }) => r.option.profile !== null),
    ).toBe(true);
    expect(l.onePerModel.gpuCount).toBe(2);
    expect(l.savings.fraction).toBeCloseTo(0.5, 6);

    const heavy = await cli('pack', '--tenants', tenantsFile('heavy.yaml', 20), '--json');
    expect(heavy.code).toBe(0);
    const h = JSON.parse(heavy.out);
    expect(h.solver.provenOptimal).toBe(true);
    // Heavy tenants fill whole GPUs; at most one GPU is split, for what remains of their load.
    const whole = h.plan.gpus.find((g: { layout: string }) => g.layout === 'whole GPU (MIG off)');
    expect(whole.count).toBeGreaterThanOrEqual(h.plan.gpuCount - 1);
    expect(whole.count).toBeGreaterThanOrEqual(2);
    expect(h.plan.gpuCount).toBeLessThanOrEqual(h.onePerModel.gpuCount);
  }, 120_000);

  it('names every bad field of the tenants file, with the file, at once', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        gpu: 'A100-80GB',
        tenants: [{ model: 'x', requestsPerSecond: -1, inputTokens: 10, outputTokens: 10, slo: {} }],
      }),
    );
    const args = ['pack', '--tenants', path];
    expectCleanFailure(await cli(...args), args, 2, [
      'tenants.0.requestsPerSecond',
      'give at least one of ttftP95Seconds',
      path,
    ]);
  });

  it('rejects an unknown model by its field, and a missing file', async () => {
    const path = join(dir, 'unknown.yaml');
    writeFileSync(
      path,
      'tenants:\n  - model: meta-llama/Llama-3.1-8C\n    requestsPerSecond: 1\n    inputTokens: 10\n    outputTokens: 10\n    slo: { e2eP95Seconds: 20 }\n',
    );
    const args = ['pack', '--tenants', path];
    expectCleanFailure(await cli(...args), args, 2, ['did you mean meta-llama/Llama-3.1-8B']);
    const missing = ['pack', '--tenants', join(dir, 'nope.yaml')];
    expectCleanFailure(await cli(...missing), missing, 2, ['nope.yaml']);
  });
});
