import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-provision-'));

/** A BurstGPT-format trace (its documented columns): 20 min, quiet / busy / quiet, short and long prompts. */
function burstTrace(): string {
  const rows = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
  let t = 0;
  let k = 0;
  while (t < 1200) {
    const busy = t >= 400 && t < 800;
    t += busy ? 0.25 : 2;
    const input = k % 3 === 0 ? 900 : 120;
    const output = k % 5 === 0 ? 200 : 60;
    rows.push(`${t.toFixed(2)},ChatGPT,${input},${output},${input + output},Conversation log`);
    k++;
  }
  const path = join(dir, 'burst.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

const trace = burstTrace();
const base = [
  'provision',
  '--trace',
  trace,
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--gpu',
  'A100-80GB',
  '--probe-requests',
  '80',
];

describe('infersave provision', () => {
  it('provisions a BurstGPT trace window by window and compares with static peak and one GPU, as JSON and CSV', async () => {
    const run = await cli(
      ...base,
      '--window',
      '5m',
      '--slo-e2e-p95',
      '20s',
      '--grid-gco2-per-kwh',
      '400',
      '--json',
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.settings.windows).toBe(4);
    expect(Object.keys(r.totals)).toEqual(['oasis', 'static-peak', 'one-gpu']);
    expect(r.timeline).toHaveLength(12);
    // OASIS follows the load: it never bills more than static peak provisioning.
    expect(r.totals.oasis.usd).toBeLessThanOrEqual(r.totals['static-peak'].usd + 1e-9);
    for (const k of ['oasis', 'static-peak', 'one-gpu']) {
      const t = r.totals[k];
      expect(t.kgCo2).toBeCloseTo((t.kwh * 400) / 1000, 9);
      expect(t.sloAttainment).toBeGreaterThan(0);
      expect(t.sloAttainment).toBeLessThanOrEqual(1);
    }
    // The quiet first window needs less than one GPU: a MIG slice.
    expect(r.timeline[0].fleet).toMatch(/\dg\.\d+gb/);
    // Power from the power model at each window's simulated activity: between the A100's idle floor and
    // its limit, and energy = billed GPU-hours × W × PUE.
    expect(r.settings.gpuWatts).toBeNull();
    expect(r.settings.powerSource).toMatch(/power model per window/);
    for (const row of r.timeline) {
      expect(row.wattsPerGpu).toBeGreaterThan(40);
      expect(row.wattsPerGpu).toBeLessThan(400);
      const gpuHours = (row.gpuEquivalents * (row.endSeconds - row.startSeconds)) / 3600;
      expect(row.kwh).toBeCloseTo((gpuHours * row.wattsPerGpu * r.settings.pue) / 1000, 9);
    }
    // Busy windows (1 and 2, 4× the arrivals) draw more W per billed GPU than quiet ones, in every strategy.
    for (const k of ['oasis', 'static-peak', 'one-gpu']) {
      const w = r.timeline
        .filter((x: { strategy: string }) => x.strategy === k)
        .map((x: { wattsPerGpu: number }) => x.wattsPerGpu);
      expect(Math.min(w[1], w[2])).toBeGreaterThan(Math.max(w[0], w[3]));
    }

    const given = await cli(
      ...base,
      '--window',
      '5m',
      '--slo-e2e-p95',
      '20s',
      '--gpu-watts',
      '300',
      '--json',
    );
    const fixed = JSON.parse(given.out);
    expect(fixed.settings.gpuWatts).toBe(300);
    for (const row of fixed.timeline) expect(row.wattsPerGpu).toBe(300);

    const csv = await cli(...base, '--window', '5m', '--slo-e2e-p99', '20s', '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toMatch(/^strategy,window,start_s,end_s,requests,requests_SISO/);
    expect(lines).toHaveLength(13);
  }, 180_000);

  it('refuses a window longer than the trace, an unknown MIG profile and mixed percentiles, all at once', async () => {
    const args = [...base, '--window', '2h', '--slo-e2e-p95', '20s', '--mig-profiles', '3g.41gb'];
    expectCleanFailure(await cli(...args), args, 2, [
      'longer than the trace',
      "no MIG profile '3g.41gb'",
      '3g.40gb',
    ]);
    const mixed = [...base, '--slo-e2e-p95', '20s', '--slo-ttft-p99', '1s'];
    expectCleanFailure(await cli(...mixed), mixed, 2, ['one percentile']);
  });

  it('refuses an empty trace and a missing SLO', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n');
    const args = [
      'provision',
      '--trace',
      empty,
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--slo-e2e-p95',
      '20s',
    ];
    expectCleanFailure(await cli(...args), args, 2, ['no requests']);
    const noSlo = [...base];
    expectCleanFailure(await cli(...noSlo), noSlo, 2, ['latency target']);
  });
});
