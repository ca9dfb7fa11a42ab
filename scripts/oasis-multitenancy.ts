// OASIS's Tables 6 and 7 (two models served at once on two whole A100s or on one A100 split by MIG) next
// to our simulator's closed-loop prediction and the power model. Writes the section between the markers
// in docs/oasis.md. Run: npx tsx scripts/oasis-multitenancy.ts
//
// Measured values are transcribed from ../shared/seeds/oasis-paper.txt, Tables 6 and 7. The MIG layout is
// not stated in the paper; two 3g.40gb instances (the largest two-way split of an A100-80GB) are assumed.
// The full-GPU powers were used to fit the power model (in-sample); the MIG powers were not (held out).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPlanner } from '../src/adapters/library/planner.js';

interface MeasuredRun {
  table: 'Table 6' | 'Table 7';
  setup: 'full GPU' | 'MIG';
  model: string;
  standIn: string;
  shape: { inputTokens: number; outputTokens: number };
  concurrency: number;
  p95Seconds: number;
  requestsPerSecond: number;
  /** Board power of the setup's GPU (for MIG, the one GPU both slices share). */
  watts: number;
}

const LISO = { inputTokens: 1000, outputTokens: 50 };
const SILO = { inputTokens: 50, outputTokens: 1000 };
const LLAMA = 'meta-llama/Llama-3.1-8B';
const QWEN = 'Qwen/Qwen2.5-7B-Instruct';
const MIG_PROFILE = '3g.40gb';

const RUNS: MeasuredRun[] = [
  ['Table 6', 'full GPU', 'Llama3-8B', LLAMA, LISO, 50, 6.85, 7.59, 235],
  ['Table 6', 'full GPU', 'Qwen-7B', QWEN, LISO, 50, 7.44, 6.8, 232],
  ['Table 6', 'MIG', 'Llama3-8B', LLAMA, LISO, 50, 13.87, 3.69, 270],
  ['Table 6', 'MIG', 'Qwen-7B', QWEN, LISO, 50, 19.96, 3.17, 270],
  ['Table 7', 'full GPU', 'Llama3-8B', LLAMA, SILO, 3, 12.2, 0.25, 234],
  ['Table 7', 'full GPU', 'Qwen-7B', QWEN, SILO, 3, 12.24, 0.25, 233],
  ['Table 7', 'MIG', 'Llama3-8B', LLAMA, SILO, 3, 21.85, 0.14, 265],
  ['Table 7', 'MIG', 'Qwen-7B', QWEN, SILO, 3, 20.01, 0.15, 265],
].map(([table, setup, model, standIn, shape, concurrency, p95Seconds, requestsPerSecond, watts]) => ({
  table,
  setup,
  model,
  standIn,
  shape,
  concurrency,
  p95Seconds,
  requestsPerSecond,
  watts,
})) as MeasuredRun[];

interface Predicted {
  requestsPerSecond: number;
  p95Seconds: number;
  watts: number;
  estimated: boolean;
}

const planner = createPlanner();

async function predict(run: MeasuredRun): Promise<Predicted> {
  const answer = await planner.simulate({
    model: run.standIn,
    gpu: 'A100-80GB',
    ...(run.setup === 'MIG' ? { mig: MIG_PROFILE } : {}),
    inputTokens: run.shape.inputTokens,
    outputTokens: run.shape.outputTokens,
    concurrency: run.concurrency,
    requests: Math.max(300, run.concurrency * 20),
  });
  if (!answer.ok) throw new Error(JSON.stringify(answer.issues));
  const v = answer.value as unknown as {
    summary: { throughput: { requestsPerSecond: number }; e2eSeconds: { p95: number } };
    energy: { averagePowerWatts: number; estimated: boolean };
  };
  return {
    requestsPerSecond: v.summary.throughput.requestsPerSecond,
    p95Seconds: v.summary.e2eSeconds.p95,
    watts: v.energy.averagePowerWatts,
    estimated: v.energy.estimated,
  };
}

const pct = (predicted: number, measured: number) =>
  `${predicted >= measured ? '+' : ''}${(((predicted - measured) / measured) * 100).toFixed(1)} %`;
const fmt = (x: number, d: number) => x.toFixed(d);

const lines: string[] = [];
lines.push(
  `Our prediction: \`simulate --gpu A100-80GB [--mig ${MIG_PROFILE}] --concurrency C\` (closed loop, the vLLM engine profile, ${'`requests`'} = max(300, 20 C)), stand-in models as in the power fit. A MIG GPU's power is the two slices' predicted power plus the idle floor of the share they leave unused (each slice is charged its price share of the idle floor and its compute share of the dynamic range; see the power model above). Full-GPU powers were in the power fit (**in-sample**); the MIG powers were not (**held out**); every throughput and latency is a pure prediction of the time model.`,
  '',
  '| table | setup | model (stand-in) | concurrency | req/s measured | req/s ours | error | P95 s measured | P95 s ours | error |',
  '|---|---|---|---|---|---|---|---|---|---|',
);
const predictions: Predicted[] = [];
for (const run of RUNS) {
  const p = await predict(run);
  predictions.push(p);
  lines.push(
    `| ${run.table} | ${run.setup === 'MIG' ? `MIG ${MIG_PROFILE}` : 'full A100'} | ${run.model} (${run.standIn}) | ${run.concurrency} | ${run.requestsPerSecond} | ${fmt(p.requestsPerSecond, 2)} | ${pct(p.requestsPerSecond, run.requestsPerSecond)} | ${run.p95Seconds} | ${fmt(p.p95Seconds, 2)} | ${pct(p.p95Seconds, run.p95Seconds)} |`,
  );
}

// Power per setup: two whole GPUs (sum) or one MIG GPU (two slices + the idle floor of what they leave).
const dataDir = resolve(import.meta.dirname, '../data/v1');
const energy = JSON.parse(readFileSync(resolve(dataDir, 'energy.json'), 'utf8')) as {
  gpus: { gpuId: string; idleWatts: number }[];
};
const mig = JSON.parse(readFileSync(resolve(dataDir, 'mig.json'), 'utf8')) as {
  gpus: { gpuId: string; profiles: { name: string; priceShare: number }[] }[];
};
const idleWatts = energy.gpus.find((g) => g.gpuId === 'A100-80GB')?.idleWatts ?? Number.NaN;
const sliceShare =
  mig.gpus.find((g) => g.gpuId === 'A100-80GB')?.profiles.find((p) => p.name === MIG_PROFILE)?.priceShare ??
  Number.NaN;
const unusedIdleWatts = Math.max(0, 1 - 2 * sliceShare) * idleWatts;
lines.push(
  '',
  '| table | setup | measured W (total) | ours W (total) | error | in the power fit? |',
  '|---|---|---|---|---|---|',
);
for (const table of ['Table 6', 'Table 7'] as const) {
  for (const setup of ['full GPU', 'MIG'] as const) {
    const idx = RUNS.flatMap((r, i) => (r.table === table && r.setup === setup ? [i] : []));
    const measured =
      setup === 'MIG'
        ? (RUNS[idx[0] as number] as MeasuredRun).watts
        : idx.reduce((a, i) => a + (RUNS[i] as MeasuredRun).watts, 0);
    const ours =
      idx.reduce((a, i) => a + (predictions[i] as Predicted).watts, 0) +
      (setup === 'MIG' ? unusedIdleWatts : 0);
    lines.push(
      `| ${table} | ${setup === 'MIG' ? `one A100, 2× ${MIG_PROFILE}` : 'two A100s'} | ${measured} | ${fmt(ours, 0)} | ${pct(ours, measured)} | ${setup === 'MIG' ? 'no (held out)' : 'yes (in-sample)'} |`,
    );
  }
}

const docPath = resolve(import.meta.dirname, '../docs/oasis.md');
const doc = readFileSync(docPath, 'utf8');
const begin = '<!-- oasis-multitenancy:begin (generated by scripts/oasis-multitenancy.ts) -->';
const end = '<!-- oasis-multitenancy:end -->';
const a = doc.indexOf(begin);
const b = doc.indexOf(end);
if (a < 0 || b < a) throw new Error(`docs/oasis.md lacks the markers ${begin} … ${end}`);
writeFileSync(docPath, `${doc.slice(0, a + begin.length)}\n${lines.join('\n')}\n${doc.slice(b)}`);
console.log(lines.join('\n'));
