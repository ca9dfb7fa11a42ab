import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

async function json<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const run = await cli(...argv, '--json');
  expect(run.err).toBe('');
  return JSON.parse(run.out) as T;
}

const dir = mkdtempSync(join(tmpdir(), 'infersave-serving-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODEL = ['--model', 'meta-llama/Llama-3.1-8B'];
/** A small synthetic workload: 200 Poisson requests at 5 req/s, 128–512 in, 32–128 out. */
const SYNTHETIC = [
  ...['--rate', '5', '--requests', '200', '--arrival', 'poisson'],
  ...['--input-tokens', '128-512', '--output-tokens', '32-128', '--seed', '7'],
];
const SIMULATE = ['simulate', ...MODEL, '--instance', 'g6e.xlarge', ...SYNTHETIC];

/** An Azure 2023 trace of `rows` requests, one every 200 ms, with one bad row (line 5) when asked. */
function azureTrace(name: string, rows: number, badRow = false): string {
  const lines = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
  for (let i = 0; i < rows; i++) {
    const ms = 200 * i;
    const stamp = `2023-11-16 18:${String(15 + Math.floor(ms / 60000)).padStart(2, '0')}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}0000`;
    lines.push(`${stamp},${200 + ((i * 37) % 400)},${20 + ((i * 13) % 100)}`);
  }
  if (badRow) lines.splice(4, 0, '2023-11-16 18:15:00.0000000,-3,10');
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface LatencyStats {
  p50: number;
  p95: number;
  p99: number;
}

describe('infersave simulate', () => {
  it('prints the layout, KV capacity, throughput, latency percentiles, engine state and query types', async () => {
    const run = await cli(...SIMULATE, '--slo-ttft-p95', '1s', '--slo-tpot-p95', '100ms');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/on 1× g6e\.xlarge: 1× L40S per instance, bf16, tensor parallel 1/);
    expect(run.out).toMatch(/KV cache per replica: [\d,]+ blocks of 16 tokens = [\d,]+ tokens/);
    expect(run.out).toMatch(/Served 200 of 200 requests \(0 rejected, 0 unfinished\)/);
    expect(run.out).toMatch(/Throughput: [\d.]+ req\/s/);
    for (const metric of ['TTFT', 'TPOT', 'E2E', 'queueing'])
      expect(run.out).toMatch(new RegExp(`│ ${metric} +│`));
    expect(run.out).toMatch(/SLO \(P95\): TTFT P95 .+ → (met|missed)/);
    expect(run.out).toMatch(/Goodput: \d+% of requests/);
    expect(run.out).toMatch(/Preemptions: \d+ .*prefix-cache hit rate/);
    expect(run.out).toMatch(/KV blocks in use mean/);
    for (const type of ['SISO', 'SILO', 'LISO', 'LILO']) expect(run.out).toContain(`│ ${type} `);
    expect(run.out).not.toMatch(/\b(NaN|undefined|Infinity)\b/);
  });

  it('--json has settings, the summary without per-request arrays, and the SLO verdict', async () => {
    const r = await json<{
      schemaVersion: number;
      settings: { instance: string; replicas: number; kvTokensPerReplica: number; seed: number };
      summary: {
        count: number;
        completed: number;
        ttftSeconds: LatencyStats;
        e2eSeconds: LatencyStats;
        byQueryType: Record<string, { count: number }>;
        goodput: { fraction: number };
        kvBlockUtilisation: { mean: number; max: number };
      };
      slo: { meets: boolean; ttftP95Seconds: number };
      requests?: unknown;
    }>(...SIMULATE, '--slo-ttft-p95', '1s');
    expect(r.schemaVersion).toBe(1);
    expect(r.settings).toMatchObject({ instance: 'g6e.xlarge', replicas: 1, seed: 7 });
    expect(r.settings.kvTokensPerReplica).toBeGreaterThan(10_000);
    expect(r.summary.count).toBe(200);
    expect(r.summary.completed).toBe(200);
    expect(r.summary.ttftSeconds.p50).toBeLessThanOrEqual(r.summary.ttftSeconds.p95);
    expect(r.summary.ttftSeconds.p95).toBeLessThanOrEqual(r.summary.ttftSeconds.p99);
    const byType = Object.values(r.summary.byQueryType).reduce((n, g) => n + g.count, 0);
    expect(byType).toBe(200);
    expect(r.summary.goodput.fraction).toBeGreaterThan(0);
    expect(r.summary.kvBlockUtilisation.max).toBeLessThanOrEqual(1);
    expect(r.slo.ttftP95Seconds).toBe(r.summary.ttftSeconds.p95);
    expect(r.slo.meets).toBe(r.summary.ttftSeconds.p95 <= 1);
    expect(r.requests).toBeUndefined();
  });

  it('the same --seed gives byte-identical JSON; another seed another workload', async () => {
    const a = await cli(...SIMULATE, '--json');
    const b = await cli(...SIMULATE, '--json');
    expect(a.out).toBe(b.out);
    const c = await cli(...SIMULATE.map((v) => (v === '7' ? '8' : v)), '--json');
    expect(c.out).not.toBe(a.out);
  });

  it('more instances spread the same traffic: replicas = instances × GPUs / TP', async () => {
    const r = await json<{ settings: { replicas: number; instances: number } }>(
      'simulate',
      ...MODEL,
      '--instance',
      'g6e.12xlarge',
      '--instances-count',
      '2',
      ...SYNTHETIC,
    );
    expect(r.settings).toMatchObject({ instances: 2, replicas: 8 });
  });

  it('replays an Azure trace file, time-scaled by --rate, and notes skipped rows with their line', async () => {
    const path = azureTrace('azure-small.csv', 150, true);
    const run = await cli('simulate', ...MODEL, '--instance', 'g6e.xlarge', '--trace', path, '--rate', '10');
    expect(run.code).toBe(0);
    expect(run.out).toContain('azure-small.csv (azure)');
    expect(run.out).toContain('scaled to 10 req/s');
    expect(run.out).toMatch(/Served 150 of 150 requests/);
    expect(run.out).toMatch(/note: .*azure-small\.csv:5: bad row: ContextTokens is negative/);
    expect(run.out).toMatch(/note: .*skipped 1 bad rows of 151/);
  });

  it('--timeline writes a CSV of the fleet state over time', async () => {
    const path = join(dir, 'timeline.csv');
    const run = await cli(...SIMULATE, '--timeline', path, '--timeline-interval', '500ms');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Timeline written to ${path}.`);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'time_s',
      'running',
      'waiting',
      'kv_blocks_used',
      'output_tokens_per_s',
      'prompt_tokens_per_s',
    ]);
    expect(parsed.data.length).toBeGreaterThan(50);
    expect(Number(parsed.data[1]?.time_s) - Number(parsed.data[0]?.time_s)).toBeCloseTo(0.5, 9);
    const output = parsed.data.reduce((sum, row) => sum + Number(row.output_tokens_per_s) * 0.5, 0);
    expect(output).toBeGreaterThan(200 * 32 * 0.99);
    for (const row of parsed.data) expect(Number(row.running)).toBeGreaterThanOrEqual(0);
  });
});

describe('infersave capacity', () => {
  it('finds a positive maximum rate for Llama-3.1-8B on g6e.xlarge under P95 E2E ≤ 20 s', async () => {
    const r = await json<{
      results: {
        instance: string;
        maxRequestsPerSecond: number;
        upperBoundRequestsPerSecond: number | null;
        relativeUncertainty: number | null;
        saturatedRequestsPerSecond: number;
        throughputBound: boolean;
        atAnswer: { meets: boolean; e2eP95Seconds: number };
        usdPerRequestPerSecondHour: number;
        fleetUsdPerHour: number;
      }[];
      rejected: unknown[];
    }>('capacity', ...MODEL, '--instance', 'g6e.xlarge', ...SYNTHETIC, '--slo-e2e-p95', '20s');
    const [row] = r.results;
    expect(row?.instance).toBe('g6e.xlarge');
    expect(row?.maxRequestsPerSecond).toBeGreaterThan(0);
    // 200 requests drain within 20 s even all at once: the answer is the saturated throughput.
    expect(row?.throughputBound).toBe(true);
    expect(row?.maxRequestsPerSecond).toBeCloseTo(row?.saturatedRequestsPerSecond ?? 0, 9);
    expect(row?.upperBoundRequestsPerSecond).toBeNull();
    expect(row?.atAnswer.meets).toBe(true);
    expect(row?.atAnswer.e2eP95Seconds).toBeLessThanOrEqual(20);
    expect(row?.usdPerRequestPerSecondHour).toBeCloseTo(
      (row?.fleetUsdPerHour ?? 0) / (row?.maxRequestsPerSecond ?? 1),
      9,
    );
  });

  it('brackets a rate below the saturated throughput when a target binds, within the tolerance', async () => {
    const r = await json<{
      results: {
        maxRequestsPerSecond: number;
        upperBoundRequestsPerSecond: number;
        relativeUncertainty: number;
        saturatedRequestsPerSecond: number;
        atAnswer: { e2eP95Seconds: number };
      }[];
    }>('capacity', ...MODEL, '--instance', 'g6e.xlarge', ...SYNTHETIC, '--slo-e2e-p95', '3s');
    const [row] = r.results;
    expect(row?.maxRequestsPerSecond).toBeGreaterThan(0);
    expect(row?.upperBoundRequestsPerSecond).toBeGreaterThan(row?.maxRequestsPerSecond ?? 0);
    expect(row?.upperBoundRequestsPerSecond).toBeLessThanOrEqual(row?.saturatedRequestsPerSecond ?? 0);
    expect(row?.relativeUncertainty).toBeLessThanOrEqual(0.03);
    expect(row?.atAnswer.e2eP95Seconds).toBeLessThanOrEqual(3);
  });

  it('prints one row per instance type, simulating sizes that differ only in host RAM once', async () => {
    const run = await cli(
      'capacity',
      ...MODEL,
      '--instances',
      'g6e.xlarge,g6e.2xlarge',
      ...SYNTHETIC,
      '--slo-e2e-p95',
      '20s',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('Maximum serviceable rate');
    const rates = [...run.out.matchAll(/│ (g6e\.\w+) +│ 1× L40S │ TP1 × 1 │ ([\d.,]+)/g)];
    expect(rates.map((m) => m[1]).sort()).toEqual(['g6e.2xlarge', 'g6e.xlarge']);
    expect(rates[0]?.[2]).toBe(rates[1]?.[2]);
    expect(run.out).toContain('each probe simulates all 200 requests');
  });

  it('rejects an instance type that cannot meet the targets at any rate, naming the P95 that missed', async () => {
    const run = await cli(
      'capacity',
      ...MODEL,
      '--instance',
      'g6e.xlarge',
      ...SYNTHETIC,
      '--slo-ttft-p95',
      '1ms',
    );
    expect(run.code).toBe(1);
    expect(run.out).toContain('no instance type meets the P95 targets at any rate');
    expect(run.out).toMatch(
      /g6e\.xlarge +│ misses the P95 targets even at [\d.]+ req\/s: TTFT P95 [\d.]+ ms > 1\.0 ms/,
    );
  });
});

describe('infersave recommend under latency SLOs', () => {
  const RECOMMEND = [
    'recommend',
    ...MODEL,
    ...['--instances', 'g6e.xlarge,g6.xlarge,g5.xlarge', ...SYNTHETIC],
    ...['--slo-ttft-p95', '1s', '--slo-tpot-p95', '100ms'],
  ];

  it('picks an instance type and count whose simulated P95s meet every target', async () => {
    const r = await json<{
      settings: { mode: string; requestsPerSecond: number };
      pick: { instance: string; instances: number; fleetUsdPerHour: number };
      candidates: {
        instance: string;
        instances: number;
        fleetUsdPerHour: number;
        maxRequestsPerSecondPerInstance: number;
        verdict: { meets: boolean; ttftP95Seconds: number; tpotP95Seconds: number };
      }[];
    }>(...RECOMMEND);
    expect(r.settings).toMatchObject({ mode: 'latency', requestsPerSecond: 5 });
    expect(r.pick.instance).toBe(r.candidates[0]?.instance);
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      expect(c.verdict.meets).toBe(true);
      expect(c.verdict.ttftP95Seconds).toBeLessThanOrEqual(1);
      expect(c.verdict.tpotP95Seconds).toBeLessThanOrEqual(0.1);
      expect(c.instances).toBeGreaterThanOrEqual(1);
      expect(c.maxRequestsPerSecondPerInstance).toBeGreaterThan(0);
    }
    const costs = r.candidates.map((c) => c.fleetUsdPerHour);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
  });

  it('prints the ranked table, the pick and why, and the probe size', async () => {
    const run = await cli(...RECOMMEND);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toContain('★ 1');
    expect(run.out).toMatch(/Pick: \d+× \S+ — /);
    expect(run.out).toContain('Why: least fleet cost per hour');
    expect(run.out).toContain('each probe simulates all 200 requests (--probe-requests)');
    for (const head of [
      'instances',
      'fleet $/h',
      'max req/s/inst',
      'TTFT P95',
      'TPOT P95',
      'E2E P95',
      '$/M tok',
    ]) {
      expect(run.out).toContain(head);
    }
  });

  it('defaults the rate to the trace’s own mean rate and probes its first requests', async () => {
    const path = azureTrace('azure-rate.csv', 60);
    const r = await json<{
      settings: { requestsPerSecond: number; rateFrom: string; probeRequests: number };
    }>(
      'recommend',
      ...MODEL,
      ...['--instances', 'g6e.xlarge', '--trace', path, '--probe-requests', '40', '--slo-e2e-p95', '20s'],
    );
    expect(r.settings.rateFrom).toBe('trace-mean');
    expect(r.settings.requestsPerSecond).toBeCloseTo(5, 6);
    expect(r.settings.probeRequests).toBe(40);
  });

  it('exits 1 naming why when no instance type can meet the targets', async () => {
    const run = await cli(...RECOMMEND.map((v) => (v === '1s' ? '1ms' : v)));
    expect(run.code).toBe(1);
    expect(run.out).toContain('no instance type serves 5.00 req/s within the P95 targets');
    expect(run.out).toMatch(/misses the P95 targets even at [\d.]+ req\/s: TTFT P95 [\d.]+ ms > 1\.0 ms/);
    expect(run.out).not.toContain('★');
  });

  it('--help lists the serving commands and the latency flags', async () => {
    const help = await cli('--help');
    expect(help.out).toMatch(/simulate/);
    expect(help.out).toMatch(/capacity/);
    const recommend = await cli('recommend', '--help');
    for (const flag of ['--slo-ttft-p95', '--trace', '--probe-requests', '--slo-tps'])
      expect(recommend.out).toContain(flag);
  });
});
