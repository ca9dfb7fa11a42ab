import { performance } from 'node:perf_hooks';
import type { EfficiencyData } from '../../src/app/predictors.js';
import { buildServingReplica } from '../../src/app/serving-replica.js';
import type { GpuSpec } from '../../src/core/gpu-spec.js';
import type { ModelConfig } from '../../src/core/model-config.js';
import { simulate } from '../../src/sim/simulate.js';
import type { Workload } from '../../src/sim/workload.js';
import { measureSimulatorSpeed, type SpeedCase, syntheticWorkload } from '../sim-speed.js';

export interface SimulatorBench {
  /** The simulator's own cost, with a cheap linear step timer (scripts/sim-speed.ts). */
  fakeTimer: SpeedCase[];
  /** End to end with the roofline step timer of a real placement. */
  roofline: (SpeedCase & { placement: string })[];
  targets: { name: string; target: string; measured: string; met: boolean }[];
}

function timeRoofline(
  name: string,
  placement: string,
  workload: Workload,
  replicas: number,
  replica: Parameters<typeof simulate>[0]['replica'],
  runs: number,
): SpeedCase & { placement: string } {
  let best = Number.POSITIVE_INFINITY;
  let summary: ReturnType<typeof simulate>['summary'] | undefined;
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    summary = simulate({ workload, replicas, replica, router: 'least-outstanding-tokens', seed: 1 }).summary;
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  const s = summary as NonNullable<typeof summary>;
  return {
    name,
    placement,
    requests: s.count,
    replicas,
    simulatedSeconds: s.makespanSeconds,
    steps: s.steps,
    outputTokens: s.throughput.outputTokensPerSecond * s.makespanSeconds,
    wallSeconds: best,
    requestsPerWallSecond: s.count / best,
    p95E2eSeconds: s.e2eSeconds?.p95 ?? null,
    prefixCacheHitRate: s.prefixCache.hitRate,
  };
}

/**
 * Simulator throughput: the aims are the Azure conversation trace (19k requests) in under 1 s and
 * one million requests in under 10 s on one core — measured both with a fake timer and with the real
 * roofline step timer of Llama-3.1-8B (bf16) on one H100-SXM per replica.
 */
export async function measureSimulator(
  model: ModelConfig,
  gpu: GpuSpec,
  efficiency: EfficiencyData,
  azure: Workload | undefined,
  quick: boolean,
): Promise<SimulatorBench> {
  const fakeTimer = await measureSimulatorSpeed(undefined, quick);
  const serving = buildServingReplica({
    model,
    hardware: { gpu, gpuCount: 1, hostMemoryBytes: 256 * 2 ** 30, interconnect: 'none' },
    precision: 'bf16',
    minimumKvTokens: 20_000,
    scheduler: { prefixCaching: false },
    efficiency,
    gpuMemoryUtilization: 0.9,
    hostMemoryUtilization: 0.9,
  });
  if (!serving.ok) throw new Error(`bench placement does not fit: ${JSON.stringify(serving.issues)}`);
  const placement = `${model.id} bf16 on 1× ${gpu.id} per replica, vLLM defaults`;
  const roofline: (SpeedCase & { placement: string })[] = [];
  if (azure)
    roofline.push(
      timeRoofline('azure-conv, 1 replica', placement, azure, 1, serving.value.replica, quick ? 1 : 3),
    );
  const n = quick ? 100_000 : 1_000_000;
  roofline.push(
    timeRoofline(
      `synthetic ${n}, 8 replicas`,
      placement,
      syntheticWorkload(n, 40, 42),
      8,
      serving.value.replica,
      1,
    ),
  );
  const targets: SimulatorBench['targets'] = [];
  const azureCase = roofline.find((c) => c.name.startsWith('azure'));
  if (azureCase) {
    targets.push({
      name: 'Simulate the Azure conversation trace (roofline timer)',
      target: '< 1 s',
      measured: `${azureCase.wallSeconds.toFixed(2)} s`,
      met: azureCase.wallSeconds < 1,
    });
  }
  const million = roofline.find((c) => c.requests >= 1_000_000);
  if (million) {
    targets.push({
      name: 'Simulate one million requests (roofline timer)',
      target: '< 10 s',
      measured: `${million.wallSeconds.toFixed(2)} s`,
      met: million.wallSeconds < 10,
    });
  }
  return { fakeTimer, roofline, targets };
}

export function renderSimulatorSection(b: SimulatorBench): string[] {
  const row = (c: SpeedCase) =>
    `| ${c.name} | ${c.requests.toLocaleString('en-US')} | ${c.replicas} | ${c.steps.toLocaleString('en-US')} | ${c.wallSeconds.toFixed(3)} s | ${Math.round(c.requestsPerWallSecond).toLocaleString('en-US')} | ${c.simulatedSeconds.toFixed(0)} s |`;
  const head = [
    '| Case | Requests | Replicas | Steps | Wall (best) | Requests / wall s | Simulated time |',
    '|---|---|---|---|---|---|---|',
  ];
  return [
    '## Serving simulator',
    '',
    `With the roofline step timer (${b.roofline[0]?.placement ?? ''}):`,
    '',
    ...head,
    ...b.roofline.map(row),
    '',
    'With a cheap linear step timer (the simulator’s own cost; `npx tsx scripts/sim-speed.ts`):',
    '',
    ...head,
    ...b.fakeTimer.map(row),
    '',
  ];
}
