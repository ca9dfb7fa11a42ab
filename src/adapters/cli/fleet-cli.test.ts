import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseDistributionCsv } from '../importers/fleet-distribution.js';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-fleet-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const sizes = file('sizes.csv', 'input_tokens,output_tokens,weight\n200,100,3\n3000,100,1\n');
const base = [
  'fleet',
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--slo-tpot-p95',
  '100ms',
  '--probe-requests',
  '60',
];

describe('infersave fleet', () => {
  it('prints the cheapest mix, the best single type and the replayed SLO for a size distribution', async () => {
    const args = [
      ...base,
      '--distribution',
      sizes,
      '--rate',
      '4',
      '--cloud',
      'aws',
      '--instances',
      'g6e.xlarge,g6.xlarge',
      '--replay-requests',
      '200',
    ];
    const run = await cli(...args);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('cheapest fleet: $');
    expect(run.out).toContain('best single type:');
    expect(run.out).toMatch(/mix: (meets|MISSES) the SLO/);
    expect(run.out).toContain('in ≤512, out ≤128');
  });

  it('needs the sizes: a trace or a distribution', async () => {
    const args = [...base, '--cloud', 'aws'];
    expectCleanFailure(await cli(...args), args, 2, ['--trace', '--distribution']);
  });

  it('names an unknown cloud and region, and a distribution without weight, all at once', async () => {
    const empty = file('empty.csv', 'input_tokens,output_tokens,weight\n100,10,0\n');
    const args = [
      ...base,
      '--distribution',
      empty,
      '--rate',
      '2',
      '--cloud',
      'aws,azur',
      '--region',
      'aws:mars-1',
    ];
    expectCleanFailure(await cli(...args), args, 2, ["unknown cloud 'azur'", 'mars-1', 'no weight']);
  });

  it('points at the bad row of a distribution file', async () => {
    const bad = file('bad.csv', 'input_tokens,output_tokens,weight\n100,10,1\n100,-3,1\n');
    const args = [...base, '--distribution', bad, '--rate', '2'];
    expectCleanFailure(await cli(...args), args, 2, [`${bad}:3`, "output tokens '-3'"]);
  });

  it('refuses bucket edges that do not ascend', async () => {
    const args = [...base, '--distribution', sizes, '--rate', '2', '--input-bucket-edges', '512,100'];
    expectCleanFailure(await cli(...args), args, 2, ['--input-bucket-edges', 'ascending']);
  });
});

describe('distribution CSV', () => {
  it('reads input, output and weight columns in any order, weight 1 when absent', () => {
    expect(parseDistributionCsv('weight,output_tokens,input_tokens\n2,10,100\n', 'a.csv')).toEqual({
      ok: true,
      value: [{ inputTokens: 100, outputTokens: 10, weight: 2 }],
      warnings: [],
    });
    const noWeight = parseDistributionCsv('input_tokens,output_tokens\n5,6\n', 'b.csv');
    expect(noWeight.ok && noWeight.value).toEqual([{ inputTokens: 5, outputTokens: 6, weight: 1 }]);
  });

  it('names the missing columns', () => {
    const r = parseDistributionCsv('prompt,completion\n1,2\n', 'c.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toContain('input_tokens and output_tokens');
  });
});

describe('recommend --pricing spot', () => {
  const rec = [
    'recommend',
    '--model',
    'meta-llama/Llama-3.1-8B',
    '--input-tokens',
    '1024',
    '--output-tokens',
    '256',
    '--batch-size',
    '32',
    '--requests',
    '20000',
    '--slo-tps',
    '500',
    '--cloud',
    'gcp',
  ];

  it('needs the interruption rate: no provider publishes one to default to', async () => {
    const args = [...rec, '--pricing', 'spot'];
    expectCleanFailure(await cli(...args), args, 2, [
      '--spot-interruptions-per-hour',
      'no provider publishes',
    ]);
  });

  it('refuses the spot flags without spot pricing', async () => {
    const args = [...rec, '--spot-interruptions-per-hour', '0.1'];
    expectCleanFailure(await cli(...args), args, 2, ['add --pricing spot']);
  });

  it('states the pick’s expected time and cost when interrupted batches rerun', async () => {
    const run = await cli(
      ...rec,
      '--pricing',
      'spot',
      '--spot-interruptions-per-hour',
      '0.2',
      '--spot-restart',
      '5m',
      '--json',
    );
    expect(run.code).toBe(0);
    const pick = JSON.parse(run.out).pick;
    expect(pick.spot.interruptionsPerHour).toBe(0.2);
    expect(pick.spot.restartSeconds).toBe(300);
    expect(pick.spot.expectedRunSeconds).toBeGreaterThan(pick.runSeconds);
    expect(pick.spot.expectedUsd).toBeGreaterThanOrEqual(pick.totalUsd);
  });
});

describe('deployable fleets', () => {
  it('emits one SkyServe service per instance type with its cloud/region, spot flag and replicas', async () => {
    const run = await cli(
      ...base,
      '--distribution',
      sizes,
      '--rate',
      '4',
      '--cloud',
      'gcp',
      '--instances',
      'g2-standard-4,a2-highgpu-1g',
      '--replay-requests',
      '200',
      '--emit',
      'skypilot',
    );
    expect(run.code).toBe(0);
    const docs = run.out.split(/^---$/m);
    expect(docs.length).toBeGreaterThanOrEqual(1);
    for (const doc of docs) {
      expect(doc).toContain('infra: gcp/us-central1');
      expect(doc).toContain('use_spot: false');
      expect(doc).toMatch(/service:[\s\S]*replicas: \d+/);
      expect(doc).toContain('# Assumes: a router sends this type:');
    }
  });

  it('emits a Deployment per GPU type of a GCP mix, each pinned to its machine type and GKE accelerator', async () => {
    const run = await cli(
      ...base,
      '--distribution',
      sizes,
      '--rate',
      '4',
      '--cloud',
      'gcp',
      '--instances',
      'g2-standard-4,a2-highgpu-1g',
      '--replay-requests',
      '200',
      '--emit',
      'k8s',
    );
    expect(run.code).toBe(0);
    const deployments = parseAllDocuments(run.out)
      .map((d) => d.toJS())
      .filter((d) => d?.kind === 'Deployment');
    const expected: Record<string, string> = {
      'g2-standard-4': 'nvidia-l4',
      'a2-highgpu-1g': 'nvidia-tesla-a100',
    };
    expect(deployments.length).toBeGreaterThanOrEqual(1);
    expect(new Set(deployments.map((d) => d.metadata.name)).size).toBe(deployments.length);
    for (const d of deployments) {
      const selector = d.spec.template.spec.nodeSelector;
      const type = selector['node.kubernetes.io/instance-type'];
      expect(selector).toEqual({
        'node.kubernetes.io/instance-type': type,
        'cloud.google.com/gke-accelerator': expected[type],
      });
    }
  });

  it('recommend --emit skypilot names the pick’s own cloud and spot', async () => {
    const run = await cli(
      'recommend',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--input-tokens',
      '1024',
      '--output-tokens',
      '256',
      '--batch-size',
      '32',
      '--requests',
      '20000',
      '--slo-tps',
      '500',
      '--cloud',
      'gcp',
      '--pricing',
      'spot',
      '--spot-interruptions-per-hour',
      '0.1',
      '--emit',
      'skypilot',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('infra: gcp/us-central1');
    expect(run.out).toContain('use_spot: true');
  });
});
