import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { costTableSchema } from '../../app/cost-table-schema.js';
import { cli } from '../cli/fixtures/run-cli.js';
import { promptOf } from './bench-command.js';
import { runBenchRamp } from './bench-ramp.js';
import type { RequestResult, RequestSpec } from './client.js';
import { type FakeServer, startFakeOpenAiServer } from './fixtures/fake-openai-server.js';
import type { LoadSpec } from './load-generator.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-ramp-'));
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const row = { gpu: 'A100-80GB', maxNumSeqs: '64', gpuWatts: '240', model: 'fake' };

/** A server whose E2E is 0.25 s per request in flight: P95 ≤ 20 s holds up to concurrency 80. */
async function loaded(spec: RequestSpec): Promise<RequestResult> {
  const c = (spec as LoadSpec).concurrency ?? 1;
  const e2e = 0.25 * c;
  return {
    ok: true,
    start: 0,
    end: 1,
    ttft: 0.1,
    e2e,
    tpot: e2e / 50,
    gaps: [],
    tokens: 50,
    tokensFromUsage: true,
  };
}

describe('infersave bench --ramp: OASIS phase 1 against an endpoint, as a cost-table row', () => {
  it('searches up to the last concurrency whose P95 meets the SLO (80 here) and records the best throughput below it', async () => {
    const out = join(dir, 'measured.json');
    const run = await runBenchRamp(
      { ...row, url: 'http://fake/v1', sloE2eP95: '20s', concurrency: '16', costTableOut: out, json: true },
      promptOf,
      loaded,
    );
    expect(run.exitCode).toBe(0);
    const table = costTableSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const ramp = table.settings.ramp as { concurrency: number; meetsSlo: boolean }[];
    expect(ramp.map((l) => [l.concurrency, l.meetsSlo])).toEqual([
      [16, true],
      [32, true],
      [64, true],
      [128, false],
      [96, false],
      [80, true],
      [88, false],
      [84, false],
    ]);
    const [r] = table.rows;
    expect(r?.source).toBe('measured');
    expect(r?.rateDefinition).toBe('closed-loop-ramp');
    expect(r?.queryType).toBe('LISO');
    expect(r?.concurrencyAtMax).toBeLessThanOrEqual(80);
    expect(r?.e2eSecondsAtMax).toBeLessThanOrEqual(20);
    // 240 W ÷ tokens/s at that level.
    expect(r?.joulesPerToken).toBeGreaterThan(0);
  });

  it('against the fake server: a loose SLO passes every level up to --ramp-max, a tight one none', async () => {
    const server = await startFakeOpenAiServer({ ttftMs: 20, itlMs: 2 });
    servers.push(server);
    const base = {
      ...row,
      url: server.url,
      queryType: 'SISO',
      outputTokens: '10',
      concurrency: '2',
      rampMax: '8',
      requests: '6',
    };
    const loose = await runBenchRamp({ ...base, sloE2eP95: '30s', json: true }, promptOf);
    expect(loose.exitCode).toBe(0);
    const t = costTableSchema.parse(JSON.parse(loose.stdout));
    expect((t.settings.ramp as { concurrency: number }[]).map((l) => l.concurrency)).toEqual([2, 4, 8]);
    expect(t.rows[0]?.maxServiceableRequestsPerSecond).toBeGreaterThan(0);
    const tight = await runBenchRamp({ ...base, sloE2eP95: '1ms' }, promptOf);
    expect(tight.exitCode).toBe(1);
    expect(tight.stdout).toContain('No concurrency met the SLO');
  });

  it('names every missing row field at once', async () => {
    const run = await runBenchRamp({ url: 'http://x/v1', model: 'm' }, promptOf);
    expect(run.exitCode).toBe(2);
    for (const flag of ['--gpu', '--max-num-seqs', '--gpu-watts']) expect(run.stderr).toContain(flag);
  });

  it('is reachable as `infersave bench --ramp` with its row flags', async () => {
    const server = await startFakeOpenAiServer({ ttftMs: 5, itlMs: 1 });
    servers.push(server);
    const run = await cli(
      'bench',
      '--ramp',
      '--url',
      server.url,
      '--model',
      'fake',
      '--query-type',
      'SISO',
      '--output-tokens',
      '5',
      '--concurrency',
      '2',
      '--ramp-max',
      '4',
      '--requests',
      '4',
      '--slo-e2e-p95',
      '30s',
      '--gpu',
      'A100-80GB',
      '--mig',
      '3g.40gb',
      '--max-num-seqs',
      '32',
      '--gpu-watts',
      '120',
      '--variant',
      'chunked-prefill',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('Measured closed-loop MSRR');
  });
});
