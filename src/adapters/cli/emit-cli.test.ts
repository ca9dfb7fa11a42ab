import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flagValues, shellCommands } from '../emit/fixtures/shell-words.js';
import { cli } from './fixtures/run-cli.js';

const EXAMPLE = [
  'recommend',
  ...['--model', 'facebook/opt-2.7b', '--input-tokens', '128', '--output-tokens', '512'],
  ...['--batch-size', '32', '--requests', '3000', '--slo-tps', '400', '--max-price', '3'],
];
const LATENCY = [
  'recommend',
  ...['--model', 'meta-llama/Llama-3.1-8B', '--instances', 'g6e.xlarge,g6.xlarge'],
  ...['--rate', '5', '--requests', '200', '--arrival', 'poisson'],
  ...['--input-tokens', '128-512', '--output-tokens', '32-128', '--seed', '7'],
  ...['--slo-ttft-p95', '1s', '--slo-tpot-p95', '100ms'],
];

const dir = mkdtempSync(join(tmpdir(), 'infersave-emit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pickOf(...argv: string[]) {
  const run = await cli(...argv, '--json');
  expect(run.code).toBe(0);
  return JSON.parse(run.out).pick as { instance: string; tensorParallel: number };
}

describe('infersave recommend --emit', () => {
  it('prints a vllm serve command carrying the chosen instance’s TP and the settings', async () => {
    const pick = await pickOf(...EXAMPLE);
    const run = await cli(...EXAMPLE, '--emit', 'vllm', '--gpu-memory-utilization', '0.8');
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toContain(`1 × ${pick.instance}`);
    const commands = shellCommands(run.out);
    expect(commands).toHaveLength(1);
    const argv = commands[0] as string[];
    expect(argv.slice(0, 3)).toEqual(['vllm', 'serve', 'facebook/opt-2.7b']);
    const flags = flagValues(argv);
    expect(flags.get('--tensor-parallel-size')).toBe(String(pick.tensorParallel));
    expect(flags.get('--max-model-len')).toBe('640');
    expect(flags.get('--max-num-seqs')).toBe('32');
    expect(flags.get('--gpu-memory-utilization')).toBe('0.8');
  });

  it('--emit-out writes the file and keeps the usual output', async () => {
    const path = join(dir, 'task.yaml');
    const run = await cli(...EXAMPLE, '--emit', 'skypilot', '--emit-out', path);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Pick');
    expect(run.err).toContain(`Wrote the skypilot deployment to ${path}.`);
    const task = parse(readFileSync(path, 'utf8')) as { resources: { instance_type: string } };
    const pick = await pickOf(...EXAMPLE);
    expect(task.resources.instance_type).toBe(pick.instance);
  });

  it('emits the latency-mode pick: scheduler settings, trace’s longest request, replicas', async () => {
    const pick = await pickOf(...LATENCY);
    const run = await cli(...LATENCY, '--emit', 'skypilot');
    expect(run.code).toBe(0);
    const task = parse(run.out) as { resources: { instance_type: string }; run: string; service: object };
    expect(task.resources.instance_type).toBe(pick.instance);
    expect(task.service).toMatchObject({ replicas: expect.any(Number) });
    const flags = flagValues(shellCommands(task.run)[0] as string[]);
    expect(Number(flags.get('--max-model-len'))).toBeLessThanOrEqual(640);
    expect(Number(flags.get('--max-model-len'))).toBeGreaterThan(160);
    expect(flags.get('--max-num-seqs')).toMatch(/^\d+$/);
  });

  it('refuses an unknown target and --emit-out alone with exit 2, naming the flag', async () => {
    const bad = await cli(...EXAMPLE, '--emit', 'foo');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('--emit');
    expect(bad.err).toContain('vllm, skypilot, k8s');
    const alone = await cli(...EXAMPLE, '--emit-out', join(dir, 'x'));
    expect(alone.code).toBe(2);
    expect(alone.err).toContain('--emit-out');
    const latency = await cli(...LATENCY, '--emit', 'helm');
    expect(latency.code).toBe(2);
    expect(latency.err).toContain('--emit');
  });
});
