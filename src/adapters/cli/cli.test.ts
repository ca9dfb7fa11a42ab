import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { LLAMA_31_8B_CONFIG } from '../../catalog/fixtures/hf-configs.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { type CliRun, cli } from './fixtures/run-cli.js';

const EXAMPLE = [
  'recommend',
  ...['--model', 'facebook/opt-2.7b', '--input-tokens', '128', '--output-tokens', '512'],
  ...['--batch-size', '32', '--requests', '3000', '--slo-tps', '400', '--max-price', '3'],
];
const PREDICT = [
  'predict',
  ...['--model', 'meta-llama/Llama-3.1-8B', '--instance', 'g6.xlarge'],
  ...['--input-tokens', '1024', '--output-tokens', '128', '--batch-size', '16'],
];

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function writeConfig(folder: string, config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'infersave-cli-'));
  tempDirs.push(dir);
  mkdirSync(join(dir, folder));
  const path = join(dir, folder, 'config.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

function json<T = Record<string, unknown>>(run: CliRun): T {
  expect(run.err).toBe('');
  return JSON.parse(run.out) as T;
}

describe('infersave recommend', () => {
  it('prints the issue example as a table with a ★ pick, baselines and rejections, exit 0', async () => {
    const run = await cli(...EXAMPLE);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toContain('★ 1');
    expect(run.out).toMatch(/Pick: \S+ — /);
    expect(run.out).toContain('Baselines:');
    expect(run.out).toContain('Max-Performance:');
    expect(run.out).toMatch(/Rejected \(\d+\):/);
    expect(run.out).toContain('over budget');
    expect(run.out).toContain('SLO ≥ 400 TPS');
  });

  it('--json follows the documented contract: pick, candidates, rejected with reason codes, baselines', async () => {
    const r = json<{
      schemaVersion: number;
      pick: { instance: string; tokensPerSecond: number; totalUsd: number; offloadFraction: number };
      candidates: { instance: string }[];
      rejected: { instance: string; reason: string; message: string }[];
      baselines: { maxPerformance: { candidate: { instance: string } }; noOffload: unknown };
      noPick: unknown;
      settings: { sloTokensPerSecond: number; maxPriceUsdPerHour: number };
    }>(await cli(...EXAMPLE, '--json'));
    expect(r.schemaVersion).toBe(1);
    expect(typeof r.pick.instance).toBe('string');
    expect(r.pick.tokensPerSecond).toBeGreaterThanOrEqual(400);
    expect(r.pick.totalUsd).toBeGreaterThan(0);
    expect(r.pick.offloadFraction).toBeGreaterThanOrEqual(0);
    expect(r.pick.offloadFraction).toBeLessThanOrEqual(1);
    expect(r.candidates[0]?.instance).toBe(r.pick.instance);
    expect(r.rejected.length).toBeGreaterThan(0);
    for (const j of r.rejected) {
      expect(typeof j.instance).toBe('string');
      expect(j.reason).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(j.message.length).toBeGreaterThan(0);
    }
    expect(r.baselines.maxPerformance.candidate.instance).toBeTruthy();
    expect(r.baselines).toHaveProperty('noOffload');
    expect(r.noPick).toBeNull();
    expect(r.settings).toMatchObject({ sloTokensPerSecond: 400, maxPriceUsdPerHour: 3 });
  });

  it('--csv gives a header and one row per candidate and rejection, rejections with a reason', async () => {
    const run = await cli(...EXAMPLE, '--csv');
    expect(run.code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(run.out.trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(expect.arrayContaining(['status', 'instance', 'total_usd', 'reason']));
    const rows = parsed.data;
    expect(rows[0]?.status).toBe('pick');
    expect(Number(rows[0]?.tokens_per_second)).toBeGreaterThanOrEqual(400);
    const rejected = rows.filter((row) => row.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const row of rejected) expect(row.reason).toMatch(/^[a-z-]+$/);
    // One row per instance type of the default search space: every shipped cloud that is not opt-in.
    const searched = ['aws', 'gcp', 'azure', 'lambda'].map((id) => fsPlannerData.catalog(id));
    expect(rows).toHaveLength(
      searched.reduce((n, c) => n + (c.ok ? c.value.instances.length : Number.NaN), 0),
    );
  });

  it('exits 1 with the no-pick sentence when nothing qualifies', async () => {
    const run = await cli(...EXAMPLE.slice(0, -4), '--slo-tps', '1000000');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/no instance meets 1,000,000\.0 TPS/);
    expect(run.out).not.toContain('★');
  });
});

describe('infersave predict', () => {
  it('shows the memory breakdown, per-stage times with their bound, and TPS', async () => {
    const run = await cli(...PREDICT);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    for (const label of ['Memory per GPU:', 'weights', 'KV cache', 'activations', 'free', 'KV offload']) {
      expect(run.out).toContain(label);
    }
    expect(run.out).toMatch(/prefill\s+\S+ \S+\s+\((compute|hbm|pcie|network|overhead)-bound\)/);
    expect(run.out).toMatch(/decode\s+\S+ \S+\s+\(\w+-bound; /);
    expect(run.out).toMatch(/Throughput: [\d,.]+ tokens\/s/);
    expect(run.out).toMatch(/Cost: \$[\d.]+\/h/);
  });

  it('--json has the memory breakdown, offload, stage times, bounds and TPS', async () => {
    const r = json<Record<string, unknown> & { memory: Record<string, number> }>(
      await cli(...PREDICT, '--json'),
    );
    for (const key of ['weightsBytes', 'kvCacheBytes', 'activationBytes', 'freeBytes']) {
      expect(Number.isFinite(r.memory[key])).toBe(true);
    }
    // 8.03 B parameters × 2 bytes of bf16.
    expect(r.memory.weightsBytes).toBeGreaterThan(16.0e9);
    expect(r.memory.weightsBytes).toBeLessThan(16.1e9);
    for (const key of ['offloadFraction', 'prefillSeconds', 'decodeSeconds', 'tokensPerSecond']) {
      expect(Number.isFinite(r[key])).toBe(true);
    }
    expect(r.tokensPerSecond).toBeGreaterThan(0);
    expect(r.prefillBound).toMatch(/^[a-z]+$/);
    expect(r.decodeBound).toMatch(/^[a-z]+$/);
    expect(r).toMatchObject({ instance: 'g6.xlarge', gpu: 'L4', model: 'meta-llama/Llama-3.1-8B' });
  });

  it('runs on bare GPUs: --gpu H100-SXM --gpu-count 2 --tensor-parallel 2', async () => {
    const args = ['--gpu', 'H100-SXM', '--gpu-count', '2', '--tensor-parallel', '2'];
    const r = json(await cli('predict', ...PREDICT.slice(1, 3), ...args, ...PREDICT.slice(5), '--json'));
    expect(r).toMatchObject({ gpu: 'H100-SXM', gpuCount: 2, tensorParallel: 2, replicas: 1 });
    expect(Number(r.tokensPerSecond)).toBeGreaterThan(0);
  });

  it('--model-config reads a Hugging Face config.json and matches the catalog model', async () => {
    const path = writeConfig('Meta-Llama-3.1-8B', LLAMA_31_8B_CONFIG);
    const fromFile = json(await cli('predict', '--model-config', path, ...PREDICT.slice(3), '--json'));
    const fromCatalog = json(await cli(...PREDICT, '--json'));
    expect(fromFile.model).toBe('Meta-Llama-3.1-8B');
    expect(fromFile.memory).toEqual(fromCatalog.memory);
    expect(fromFile.tokensPerSecond).toBeCloseTo(Number(fromCatalog.tokensPerSecond), 6);
  });

  it('--slo-tps says whether the placement meets it', async () => {
    expect((await cli(...PREDICT, '--slo-tps', '10')).out).toMatch(/SLO: meets 10\.0 TPS/);
    expect((await cli(...PREDICT, '--slo-tps', '1000000')).out).toMatch(
      /SLO: misses 1,000,000\.0 TPS by [\d,.]+ TPS/,
    );
    expect(json(await cli(...PREDICT, '--slo-tps', '1000000', '--json')).meetsSlo).toBe(false);
  });

  it('notes when the instance has no price in the region, and predicts anyway', async () => {
    const run = await cli(
      'predict',
      ...PREDICT.slice(1, 3),
      '--instance',
      'p6-b300.48xlarge',
      ...PREDICT.slice(5),
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('no price in us-east-1');
    expect(run.out).not.toContain('Cost:');
  });
});

describe('infersave lists', () => {
  it('models lists the catalog models', async () => {
    const run = await cli('models');
    expect(run.code).toBe(0);
    expect(run.out).toContain('facebook/opt-2.7b');
    expect(run.out).toContain('meta-llama/Llama-3.1-8B');
  });

  it('gpus lists the GPUs with their memory', async () => {
    const run = await cli('gpus');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/H100-SXM\s+│\s+\S+\s+│\s+80\.0 GiB/);
    expect(json<{ id: string }[]>(await cli('gpus', '--json')).map((g) => g.id)).toContain('L4');
  });

  it('instances --gpu L4 lists only L4 instances, with prices', async () => {
    const run = await cli('instances', '--gpu', 'L4');
    expect(run.code).toBe(0);
    expect(run.out).toContain('g6.xlarge');
    expect(run.out).not.toContain('g5.xlarge');
    const r = json<{ instances: { id: string; gpu: string; onDemandUsdPerHour: number | null }[] }>(
      await cli('instances', '--gpu', 'L4', '--json'),
    );
    expect(r.instances.length).toBeGreaterThan(3);
    for (const i of r.instances) expect(i.gpu).toBe('L4');
    expect(r.instances.find((i) => i.id === 'g6.xlarge')?.onDemandUsdPerHour).toBeGreaterThan(0);
  });

  it('--help and --version exit 0', async () => {
    expect((await cli('--version')).code).toBe(0);
    const help = await cli('recommend', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--slo-tps');
  });
});
