import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlannerData } from '../../app/planner-data.js';
import { parseMeasurementFile } from '../../catalog/measurement-file.js';
import { runCli } from '../cli/program.js';
import { runBench } from './bench-command.js';
import type { Api } from './client.js';
import {
  type FakeServer,
  type FakeServerOptions,
  startFakeOpenAiServer,
} from './fixtures/fake-openai-server.js';
import { runLoad } from './load-generator.js';
import { summarize } from './stats.js';

const TTFT_MS = 50;
const ITL_MS = 10;
/*
 * No wall-clock tolerances here (a busy machine delays timers by any amount): the tests assert what
 * lateness cannot break — a token never arrives before the server sends it, so measured TTFT and E2E
 * are at least the schedule, and the stages are ordered. How closely the client matches the schedule
 * on an idle machine is measured by `npm run bench` (docs/benchmarks.md).
 */
const EARLY_MS = 2; // timer and clock granularity: a token may appear to arrive this much early

const servers: FakeServer[] = [];
async function fake(o: Partial<FakeServerOptions> = {}): Promise<FakeServer> {
  const server = await startFakeOpenAiServer({ ttftMs: TTFT_MS, itlMs: ITL_MS, ...o });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const spec = (url: string, api: Api = 'completions') => ({
  url,
  model: 'fake',
  api,
  prompt: 'hello hello hello',
  maxTokens: 20,
  ignoreEos: true,
  timeoutSeconds: 5,
  concurrency: 4,
  requests: 8,
  warmup: 4,
});

describe('infersave bench against a server with a known token schedule', () => {
  // One untimed run first, so the timed ones do not include the JIT compiling the client and server.
  beforeAll(async () => {
    const server = await startFakeOpenAiServer({ ttftMs: 1, itlMs: 1 });
    await runLoad({ ...spec(server.url), maxTokens: 20, requests: 8, warmup: 0 });
    await server.close();
  });

  for (const api of ['completions', 'chat'] as const) {
    it(`measures TTFT ${TTFT_MS} ms and TPOT ${ITL_MS} ms on /${api}`, async () => {
      const server = await fake({ splitEvents: api === 'chat' });
      const run = await runLoad(spec(server.url, api));
      const s = summarize(run, 3);
      expect(s.requests).toMatchObject({ total: 8, ok: 8, failed: 0 });
      expect(server.requests()).toBe(4 + 8);
      expect(s.outputTokens).toBe(8 * 20);
      expect(s.tokensFromUsage).toBe(true);
      const ttft = (s.ttft?.p50 ?? 0) * 1000;
      const tpot = (s.tpot?.p50 ?? 0) * 1000;
      const gap = (s.interTokenGap?.p50 ?? 0) * 1000;
      // Printed so the agreement can be reported, not just bounded.
      console.log(
        `${api}: TTFT p50 ${ttft.toFixed(2)} ms, TPOT p50 ${tpot.toFixed(2)} ms, gap p50 ${gap.toFixed(2)} ms`,
      );
      // A token cannot arrive before it is sent: TTFT and E2E are at least the schedule.
      expect(ttft).toBeGreaterThanOrEqual(TTFT_MS - EARLY_MS);
      const e2eMs = (s.e2e?.p50 ?? 0) * 1000;
      expect(e2eMs).toBeGreaterThanOrEqual(TTFT_MS + 19 * ITL_MS - EARLY_MS);
      expect(e2eMs).toBeGreaterThan(ttft);
      expect(tpot).toBeGreaterThan(0);
      expect(gap).toBeGreaterThan(0);
      expect(s.meanConcurrency).toBeGreaterThan(0);
      expect(s.meanConcurrency).toBeLessThanOrEqual(4.01);
    });
  }

  it('never has more than --concurrency requests in flight', async () => {
    const server = await fake({ ttftMs: 5, itlMs: 2 });
    const run = await runLoad({ ...spec(server.url), maxTokens: 5, concurrency: 3, requests: 12, warmup: 0 });
    expect(run.results.filter((r) => r.ok)).toHaveLength(12);
    expect(server.requests()).toBe(12);
    expect(server.maxInFlight()).toBe(3);
  });

  it('counts tokens from chunks when the server sends no usage', async () => {
    const server = await fake({ ttftMs: 5, itlMs: 2, usage: false });
    const s = summarize(await runLoad({ ...spec(server.url), maxTokens: 6, requests: 2 }), 3);
    expect(s.outputTokens).toBe(12);
    expect(s.tokensFromUsage).toBe(false);
  });
});

describe('infersave bench failures are counted, never thrown', () => {
  it('HTTP 500', async () => {
    const server = await fake({ mode: 'http-500' });
    const s = summarize(await runLoad(spec(server.url)), 3);
    expect(s.requests).toMatchObject({ ok: 0, failed: 8, failedBy: { 'HTTP 500': 8 } });
    expect(s.failureExamples['HTTP 500']?.detail).toContain('internal server error');
  });

  it('a server that stalls past --timeout', async () => {
    const server = await fake({ mode: 'stall' });
    const run = await runLoad({ ...spec(server.url), timeoutSeconds: 0.2, requests: 4, warmup: 0 });
    const s = summarize(run, 3);
    expect(s.requests.failedBy).toEqual({ timeout: 4 });
    // Each request was given up on, not before its timeout (a hang fails the test by vitest's timeout).
    for (const r of run.results) expect(r.end - r.start).toBeGreaterThanOrEqual(200 - EARLY_MS);
  });

  it('a non-streaming JSON reply', async () => {
    const server = await fake({ mode: 'json' });
    const s = summarize(await runLoad(spec(server.url, 'chat')), 3);
    expect(s.requests.failedBy).toEqual({ 'not streaming': 8 });
    expect(s.failureExamples['not streaming']?.detail).toContain('application/json');
  });

  it('a refused connection, through the CLI: exit 1 and a sentence', async () => {
    const server = await fake();
    const url = server.url;
    await servers.splice(0)[0]?.close();
    const out = await runBench({ url, model: 'm', requests: '3', concurrency: '2', json: true });
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout).requests.failedBy).toEqual({ 'connection refused': 3 });
    expect(out.stderr).toContain('error: all 3 requests failed (connection refused');
  });

  it('reports bad flags together, exit 2', async () => {
    const out = await runBench({ url: 'localhost', concurrency: '0', out: 'x.json' });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain('--url');
    expect(out.stderr).toContain('--model is required');
    expect(out.stderr).toContain('--concurrency');
    expect(out.stderr).toContain('--gpu is required');
    expect(out.stderr).toContain('--precision is required');
  });
});

describe('infersave bench output', () => {
  it('--out writes a measurement file that parseMeasurementFile accepts (prefill only at concurrency 1)', async () => {
    const server = await fake({ ttftMs: 20, itlMs: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    for (const concurrency of [1, 2]) {
      const file = join(dir, `m${concurrency}.json`);
      const out = await runBench({
        url: server.url,
        model: 'meta-llama/Llama-3.1-8B',
        requests: '3',
        concurrency: String(concurrency),
        inputTokens: '64',
        outputTokens: '8',
        pricePerHour: '1.167',
        out: file,
        gpu: 'H100-SXM',
        precision: 'bf16',
      });
      expect(out.stderr).toBe('');
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toContain(`Wrote ${file}.`);
      expect(out.stdout).toMatch(/cost at \$1\.17\/h: \$[0-9.]+ per M output tokens/);
      const parsed = parseMeasurementFile(JSON.parse(readFileSync(file, 'utf8')), file);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const stages = parsed.value.samples.map((x) => x.stage);
      expect(stages).toEqual(concurrency === 1 ? ['decode', 'prefill'] : ['decode']);
      const decode = parsed.value.samples[0];
      expect(decode?.contextTokens).toBe(64 + 4);
      expect(decode?.seconds ?? 0).toBeGreaterThan(0);
      expect(parsed.value.software.notes).toContain('include HTTP');
    }
  });

  it('is wired into the CLI as `infersave bench`', async () => {
    const server = await fake({ ttftMs: 5, itlMs: 2 });
    const out: string[] = [];
    const codes: number[] = [];
    const io = { out: (t: string) => out.push(t), err: () => {}, exit: (c: number) => codes.push(c) };
    const argv = ['bench', '--url', server.url, '--model', 'm', '--api', 'chat', '--requests', '4'];
    await runCli([...argv, '--concurrency', '2', '--output-tokens', '4'], {} as PlannerData, io);
    expect(codes).toEqual([0]);
    expect(out.join('')).toContain('requests: 4 sent, 4 ok, 0 failed');
    expect(out.join('')).toMatch(/TTFT/);
  });
});
