import { performance } from 'node:perf_hooks';
import { fsPlannerData } from '../../src/adapters/fs/fs-planner-data.js';
import { readTrace } from '../../src/adapters/importers/traces/read-trace.js';
import { buildRecommendRequest } from '../../src/app/build-recommend-request.js';
import { evaluateRecommendLatency } from '../../src/app/evaluate-recommend-latency.js';
import { loadAverages } from './machine.js';
import { measureFullCatalog } from './recommend-bench.js';
import { ms } from './report.js';
import type { Summary } from './stats.js';

/** Issue 11's goals on this 2-core machine: every cloud, both recommendation modes. */
export const ALL_CLOUDS = 'aws,gcp,azure,lambda';
export const THROUGHPUT_TARGET_MS = 100;
export const LATENCY_TARGET_SECONDS = 5;

const THROUGHPUT_RAW = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: '1024',
  outputTokens: '256',
  batchSize: '32',
  requests: '5000',
  sloTps: '1500',
  precision: 'bf16,fp8,int4',
  cloud: ALL_CLOUDS,
};
const LATENCY_RAW = {
  model: 'meta-llama/Llama-3.1-8B',
  rate: '5',
  requests: '200',
  inputTokens: '128-512',
  outputTokens: '32-128',
  sloTtftP95: '1s',
  sloTpotP95: '100ms',
  cloud: ALL_CLOUDS,
};

export interface AllCloudsBench {
  throughput: { instances: number; evaluations: number; coldMs: number; warm: Summary; pick: string | null };
  latency: { runsSeconds: number[]; pick: string | null; candidates: number };
  loadAverage: { start: [number, number, number]; end: [number, number, number] };
  targets: { name: string; target: string; measured: string; met: boolean }[];
}

/** Both recommendation modes over every cloud, in process (the data already loaded, as a server would). */
export async function measureAllClouds(runs: number): Promise<AllCloudsBench> {
  const start = loadAverages();
  const built = buildRecommendRequest(THROUGHPUT_RAW, fsPlannerData);
  if (!built.ok) throw new Error(`all-clouds request: ${JSON.stringify(built.issues)}`);
  const full = measureFullCatalog(built.value.request, { warmup: 10, runs });
  const data = { ...fsPlannerData, readTrace };
  const runsSeconds: number[] = [];
  let pick: string | null = null;
  let candidates = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const outcome = await evaluateRecommendLatency(LATENCY_RAW, data);
    runsSeconds.push((performance.now() - t0) / 1000);
    if (!outcome.ok) throw new Error(`all-clouds latency: ${JSON.stringify(outcome.issues)}`);
    pick = outcome.result.pick?.instance ?? null;
    candidates = outcome.result.candidates.length;
  }
  const latencyBest = Math.min(...runsSeconds);
  return {
    throughput: {
      instances: full.instances,
      evaluations: full.evaluations,
      coldMs: full.coldMs,
      warm: full.warm,
      pick: full.pick,
    },
    latency: { runsSeconds, pick, candidates },
    loadAverage: { start, end: loadAverages() },
    targets: [
      {
        name: 'throughput recommendation over every cloud, warm median',
        target: `< ${THROUGHPUT_TARGET_MS} ms`,
        measured: ms(full.warm.median),
        met: full.warm.median < THROUGHPUT_TARGET_MS,
      },
      {
        name: 'latency-SLO recommendation over every cloud, warm run',
        target: `< ${LATENCY_TARGET_SECONDS} s`,
        measured: `${latencyBest.toFixed(1)} s`,
        met: latencyBest < LATENCY_TARGET_SECONDS,
      },
    ],
  };
}

export function renderAllCloudsSection(b: AllCloudsBench): string[] {
  return [
    '## Every cloud (`--cloud aws,gcp,azure,lambda`)',
    '',
    `Throughput SLO (Llama-3.1-8B, 1024 in / 256 out, batch 32, bf16/fp8/int4): ${b.throughput.instances} instance types, ${b.throughput.evaluations} placements; cold ${ms(b.throughput.coldMs)}, warm median ${ms(b.throughput.warm.median)} (p95 ${ms(b.throughput.warm.p95)}, ${b.throughput.warm.n} runs); pick ${b.throughput.pick ?? 'none'}.`,
    '',
    `Latency SLOs (Llama-3.1-8B at 5 req/s, 128–512 in / 32–128 out, P95 TTFT ≤ 1 s, TPOT ≤ 100 ms; 200 probe requests): runs ${b.latency.runsSeconds.map((s) => `${s.toFixed(1)} s`).join(', ')} (first includes JIT warm-up); ${b.latency.candidates} candidates; pick ${b.latency.pick ?? 'none'}. Instance sizes that share GPU type, count and interconnect share one capacity search, across clouds too, which is what keeps every cloud within a few seconds.`,
    '',
    `Load average ${b.loadAverage.start.join(' ')} at the start, ${b.loadAverage.end.join(' ')} at the end.`,
    '',
    '| goal | target | measured | |',
    '|---|---|---|---|',
    ...b.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'met' : 'missed'} |`),
  ];
}
