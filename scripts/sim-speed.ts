/**
 * How fast the serving simulator runs, with a cheap linear step timer (so the number is the simulator's
 * own cost, not the timer's): the Azure 2023 conversation trace (19,366 requests, when the shared data is
 * present) and one million synthetic requests, on one core.
 *
 *   npx tsx scripts/sim-speed.ts [sharedDataDir]      (default: ../shared/data next to the repository)
 *
 * `measureSimulatorSpeed` returns the same numbers for the benchmark script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { linearStepTimer } from '../src/sim/linear-step-timer.js';
import { simulate } from '../src/sim/simulate.js';
import type { ReplicaConfig, SimulationInput } from '../src/sim/simulation-input.js';
import type { SimulationResult } from '../src/sim/simulation-result.js';
import type { Workload } from '../src/sim/workload.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SHARED_DATA_DIR = resolve(REPO_ROOT, '../shared/data');
const AZURE_CONV = 'traces/azure-2023/AzureLLMInferenceTrace_conv.csv';

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
}

/** Azure conversation trace: TIMESTAMP,ContextTokens,GeneratedTokens → seconds from the first request. */
export function readAzureTrace(path: string): Workload {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.length > 0);
  const n = lines.length;
  const arrivalSeconds = new Float64Array(n);
  const inputTokens = new Uint32Array(n);
  const outputTokens = new Uint32Array(n);
  let first = 0;
  lines.forEach((line, i) => {
    const [stamp = '', context = '0', generated = '0'] = line.split(',');
    const [date = '', time = '00:00:00'] = stamp.split(' ');
    const [hms = '', fraction = '0'] = time.split('.');
    const ms = Date.parse(`${date}T${hms}Z`) + Number(`0.${fraction}`) * 1000;
    if (i === 0) first = ms;
    arrivalSeconds[i] = (ms - first) / 1000;
    inputTokens[i] = Number(context);
    outputTokens[i] = Number(generated);
  });
  return { arrivalSeconds, inputTokens, outputTokens, source: `${path} (Azure 2023 conversation)` };
}

/** Poisson arrivals; log-normal lengths (median input 1000, output 200 tokens, σ = 1), capped. Seeded. */
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
    inputTokens[i] = Math.min(16_000, Math.max(1, Math.round(1000 * Math.exp(normal()))));
    outputTokens[i] = Math.min(4000, Math.max(1, Math.round(200 * Math.exp(normal()))));
  }
  return { arrivalSeconds, inputTokens, outputTokens, source: `synthetic poisson ${requestsPerSecond}/s` };
}

function timeCase(name: string, workload: Workload, replicas: number, runs: number): SpeedCase {
  const input: SimulationInput = {
    workload,
    replicas,
    replica: REPLICA,
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
  };
}

export function measureSimulatorSpeed(sharedDataDir = DEFAULT_SHARED_DATA_DIR, quick = false): SpeedCase[] {
  const cases: SpeedCase[] = [];
  const azure = join(sharedDataDir, AZURE_CONV);
  if (existsSync(azure)) {
    const trace = readAzureTrace(azure);
    cases.push(timeCase('azure-conv, 2 replicas', trace, 2, quick ? 2 : 5));
    cases.push(timeCase('azure-conv, 1 replica (overloaded)', trace, 1, quick ? 1 : 3));
  }
  const million = syntheticWorkload(quick ? 100_000 : 1_000_000, 40, 42);
  cases.push(timeCase(`synthetic ${million.arrivalSeconds.length}, 8 replicas`, million, 8, quick ? 1 : 2));
  return cases;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : DEFAULT_SHARED_DATA_DIR;
  for (const c of measureSimulatorSpeed(dir, process.argv.includes('--quick'))) {
    console.log(
      `${c.name}: ${c.requests} requests, ${c.steps} steps, ${c.simulatedSeconds.toFixed(0)} s simulated, ` +
        `${c.wallSeconds.toFixed(3)} s wall → ${Math.round(c.requestsPerWallSecond).toLocaleString('en-US')} requests/s ` +
        `(P95 e2e ${c.p95E2eSeconds?.toFixed(2) ?? '–'} s)`,
    );
  }
}
