/**
 * How fast the serving simulator runs, with a cheap linear step timer (so the number is the simulator's
 * own cost, not the timer's): the Azure 2023 conversation trace (19,366 requests, when the shared data is
 * present) and one million synthetic requests, on one core.
 *
 *   npx tsx scripts/sim-speed.ts [sharedDataDir]      (default: ../shared/data next to the repository)
 *
 * `measureSimulatorSpeed` returns the same numbers for the benchmark script.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readTrace } from '../src/adapters/importers/traces/read-trace.js';
import { linearStepTimer } from '../src/sim/fixtures/linear-step-timer.js';
import { simulate } from '../src/sim/simulate.js';
import type { ReplicaConfig, SimulationInput } from '../src/sim/simulation-input.js';
import type { SimulationResult } from '../src/sim/simulation-result.js';
import type { Workload } from '../src/sim/workload.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SHARED_DATA_DIR = resolve(REPO_ROOT, '../shared/data');
const AZURE_CONV = 'traces/azure-2023/AzureLLMInferenceTrace_conv.csv';
const MOONCAKE_CONV = 'traces/mooncake/conversation_trace.jsonl';

/** Roughly an 8B model on one H100: 6 ms per step, 60 µs per token, 20 ns per context token read. */
const REPLICA: ReplicaConfig = {
  stepTimer: linearStepTimer({ baseSeconds: 0.006, secondsPerToken: 6e-5, secondsPerContextToken: 2e-8 }),
  maxNumSeqs: 256,
  maxNumBatchedTokens: 8192,
  chunkedPrefill: true,
  blockTokens: 16,
  kvBlocks: 20_000,
  kvBlockBytes: 2 * 1024 * 1024,
  preemption: 'recompute',
  hostKvBlocks: 0,
  prefixCaching: false,
};

export interface SpeedCase {
  name: string;
  requests: number;
  replicas: number;
  simulatedSeconds: number;
  steps: number;
  outputTokens: number;
  /** Best of the timed runs. */
  wallSeconds: number;
  requestsPerWallSecond: number;
  p95E2eSeconds: number | null;
  prefixCacheHitRate: number;
}

/** A trace from the shared data through the project's importer, or undefined when it is absent. */
async function loadTrace(path: string): Promise<Workload | undefined> {
  if (!existsSync(path)) return undefined;
  const read = await readTrace(path);
  return read.ok ? read.value.workload : undefined;
}

/**
 * Poisson arrivals; log-normal lengths with σ = 1 and the Azure 2023 conversation trace's means (1155
 * prompt, 211 output tokens: medians 700 and 128), capped at 16k / 4k. Seeded.
 */
export function syntheticWorkload(requests: number, requestsPerSecond: number, seed: number): Workload {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const arrivalSeconds = new Float64Array(requests);
  const inputTokens = new Uint32Array(requests);
  const outputTokens = new Uint32Array(requests);
  let t = 0;
  for (let i = 0; i < requests; i++) {
    arrivalSeconds[i] = t;
    t += -Math.log(uniform()) / requestsPerSecond;
    inputTokens[i] = Math.min(16_000, Math.max(1, Math.round(700 * Math.exp(normal()))));
    outputTokens[i] = Math.min(4000, Math.max(1, Math.round(128 * Math.exp(normal()))));
  }
  return { arrivalSeconds, inputTokens, outputTokens, source: `synthetic poisson ${requestsPerSecond}/s` };
}

function timeCase(
  name: string,
  workload: Workload,
  replicas: number,
  runs: number,
  replica: ReplicaConfig = REPLICA,
): SpeedCase {
  const input: SimulationInput = {
    workload,
    replicas,
    replica,
    router: 'least-outstanding-tokens',
    seed: 1,
  };
  let best = Number.POSITIVE_INFINITY;
  let result: SimulationResult | undefined;
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    result = simulate(input);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  const s = (result as SimulationResult).summary;
  return {
    name,
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

export async function measureSimulatorSpeed(
  sharedDataDir = DEFAULT_SHARED_DATA_DIR,
  quick = false,
): Promise<SpeedCase[]> {
  const cases: SpeedCase[] = [];
  const trace = await loadTrace(join(sharedDataDir, AZURE_CONV));
  if (trace) {
    cases.push(timeCase('azure-conv, 2 replicas', trace, 2, quick ? 2 : 5));
    cases.push(timeCase('azure-conv, 1 replica', trace, 1, quick ? 1 : 3));
  }
  const mooncake = await loadTrace(join(sharedDataDir, MOONCAKE_CONV));
  if (mooncake) {
    const cached = { ...REPLICA, prefixCaching: true };
    cases.push(timeCase('mooncake-conv, prefix caching, 4 replicas', mooncake, 4, quick ? 1 : 3, cached));
  }
  const million = syntheticWorkload(quick ? 100_000 : 1_000_000, 40, 42);
  cases.push(timeCase(`synthetic ${million.arrivalSeconds.length}, 8 replicas`, million, 8, quick ? 1 : 2));
  return cases;
}

async function main(): Promise<void> {
  const dir = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : DEFAULT_SHARED_DATA_DIR;
  for (const c of await measureSimulatorSpeed(dir, process.argv.includes('--quick'))) {
    console.log(
      `${c.name}: ${c.requests} requests, ${c.steps} steps, ${c.simulatedSeconds.toFixed(0)} s simulated, ` +
        `${c.wallSeconds.toFixed(3)} s wall → ${Math.round(c.requestsPerWallSecond).toLocaleString('en-US')} requests/s ` +
        `(P95 e2e ${c.p95E2eSeconds?.toFixed(2) ?? '–'} s, prefix-cache hits ${(100 * c.prefixCacheHitRate).toFixed(0)} %)`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
