import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { LLAMA_31_8B_CONFIG } from '../../catalog/fixtures/hf-configs.js';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-capacity-mix-'));

/** A BurstGPT-format trace: 15 min of long answers, quiet (1 req/s) / busy (4 req/s) / quiet. */
function burstTrace(): string {
  const rows = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
  let t = 0;
  let k = 0;
  while (t < 900) {
    t += t >= 300 && t < 600 ? 0.25 : 1;
    const input = 400 + ((k * 37) % 800);
    const output = 300 + ((k * 53) % 300);
    rows.push(`${t.toFixed(2)},ChatGPT,${input},${output},${input + output},Conversation log`);
    k++;
  }
  const path = join(dir, 'burst.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

const trace = burstTrace();
const base = [
  'capacity-mix',
  '--trace',
  trace,
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--probe-requests',
  '60',
];

describe('infersave capacity-mix', () => {
  it('plans reserved + on-demand per window as JSON, CSV and text, and emits an HPA at the simulated queue target', async () => {
    const run = await cli(...base, '--window', '1m', '--slo-e2e-p95', '20s', '--json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.settings.windows).toBe(15);
    expect(Object.keys(r.plans)).toEqual(['mix', 'all-on-demand', 'all-reserved']);
    expect(r.plans.mix.totalUsd).toBeLessThanOrEqual(r.plans['all-on-demand'].totalUsd);
    for (const w of r.windows) expect(w.reserved + w.onDemand).toBeGreaterThanOrEqual(w.replicasNeeded);

    const csv = await cli(...base, '--window', '1m', '--slo-e2e-p95', '20s', '--csv');
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe(
      'window,start_s,end_s,requests,interactive_requests_per_s,replicas_needed,reserved,on_demand,slo_attainment',
    );
    expect(lines).toHaveLength(16);

    const text = await cli(...base, '--window', '1m', '--slo-e2e-p95', '20s');
    expect(text.out).toContain('cheapest mix');
    expect(text.out).toContain('Autoscaling: HPA on vllm:num_requests_waiting');

    const out = join(dir, 'k8s.yaml');
    const emitted = await cli(
      ...base,
      '--window',
      '1m',
      '--slo-e2e-p95',
      '20s',
      '--emit',
      'k8s',
      '--emit-out',
      out,
    );
    expect(emitted.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const docs = parseAllDocuments(readFileSync(out, 'utf8')).map((d) => d.toJSON());
    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBe(r.autoscaling.minReplicas);
    expect(hpa.spec.maxReplicas).toBe(Math.max(r.autoscaling.minReplicas, r.autoscaling.maxReplicas));
    const target = hpa.spec.metrics[0].pods.target.averageValue as string;
    expect(target).toBe(`${Math.max(1, Math.round(r.autoscaling.queueDepthPerReplica * 1000))}m`);
    expect(docs.find((d) => d.kind === 'Deployment').spec.replicas).toBe(r.autoscaling.minReplicas);
  }, 180_000);

  it('emits a GCP host with attached GPUs as its machine type plus GKE’s accelerator label', async () => {
    const emitted = await cli(
      ...['capacity-mix', '--trace', trace, '--first', '300', '--model', 'facebook/opt-2.7b'],
      ...['--gpu', 'T4', '--cloud', 'gcp', '--reserved-discount', '0.37', '--probe-requests', '60'],
      ...['--window', '1m', '--slo-e2e-p95', '30s', '--emit', 'k8s'],
    );
    expect(emitted.err).toBe('');
    expect(emitted.code).toBe(0);
    const deployment = parseAllDocuments(emitted.out)
      .map((d) => d.toJSON())
      .find((d) => d.kind === 'Deployment');
    const selector = deployment.spec.template.spec.nodeSelector;
    // The catalog id (n1-highmem-8+2xT4) labels no node: the machine type and the node pool's GPU do.
    expect(selector['node.kubernetes.io/instance-type']).toMatch(/^n1-[a-z]+-\d+$/);
    expect(selector['cloud.google.com/gke-accelerator']).toBe('nvidia-tesla-t4');
  }, 120_000);

  it('plans a month of a diurnal profile with the trace’s sizes', async () => {
    const run = await cli(
      ...base,
      '--window',
      '1h',
      '--slo-e2e-p95',
      '20s',
      '--profile-mean-rate',
      '10',
      '--profile-amplitude',
      '0.6',
      '--json',
    );
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.settings.profile).toEqual({ meanRequestsPerSecond: 10, amplitude: 0.6, peakHour: 14, days: 30 });
    expect(r.windows).toHaveLength(720);
    expect(r.plans.mix.usdPerMonth).toBeCloseTo(r.plans.mix.totalUsd, 6);
    expect(r.replay).toBeNull();
  }, 60_000);

  it('refuses a cloud without reserved prices, spot without its risk, and stray profile flags, all at once', async () => {
    const args = [
      ...base,
      '--slo-e2e-p95',
      '20s',
      '--cloud',
      'lambda',
      '--batch-fraction',
      '0.3',
      '--spot-usd-per-gpu-hour',
      '1',
    ];
    expectCleanFailure(await cli(...args), args, 2, [
      '--reserved-usd-per-gpu-hour',
      '--reserved-discount',
      '--spot-interruptions-per-hour is required',
      '--spot-restart is required',
    ]);
    const stray = [...base, '--slo-e2e-p95', '20s', '--profile-days', '7', '--window', '30s'];
    expectCleanFailure(await cli(...stray), stray, 2, ['--profile-mean-rate', 'at least 1m']);
  });

  it('refuses an empty trace and a missing SLO', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n');
    const args = [
      'capacity-mix',
      '--trace',
      empty,
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--slo-e2e-p95',
      '20s',
    ];
    expectCleanFailure(await cli(...args), args, 2, ['no requests']);
    expectCleanFailure(await cli(...base), base, 2, ['latency target']);
  });

  it('plans a --model-config config.json like the catalog model it describes; with --model too it is refused', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify(LLAMA_31_8B_CONFIG));
    const rest = ['--slo-e2e-p95', '20s', '--window', '1m', '--probe-requests', '60', '--json'];
    const fromFile = JSON.parse(
      (
        await cli(
          'capacity-mix',
          '--trace',
          trace,
          '--model-config',
          config,
          '--served-model-name',
          'my/llama',
          ...rest,
        )
      ).out,
    );
    const fromCatalog = JSON.parse((await cli(...base, ...rest)).out);
    expect(fromFile.settings.model).toBe('my/llama');
    expect(fromFile.plans.mix.totalUsd).toBe(fromCatalog.plans.mix.totalUsd);
    const both = [...base, '--model-config', config, ...rest];
    expectCleanFailure(await cli(...both), both, 2, ['--model', '--model-config', 'not both']);
  }, 120_000);
});
