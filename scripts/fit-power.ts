/**
 * Fits the GPU power model (src/core/gpu-power.ts) on the OASIS paper's measured average powers
 * (Tables 3–7, A100-SXM4-80GB and H100-SXM), with the activity (busy share, compute-bound share, SM
 * clock) our roofline time model predicts for each run; cross-validates leaving one table out; writes
 * data/v1/power-model.json and the fit section of docs/oasis.md.
 *
 *   npx tsx scripts/fit-power.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEfficiencyFile } from '../src/catalog/efficiency-file.js';
import { parseEnergyFile } from '../src/catalog/energy-file.js';
import { parseGpuFile } from '../src/catalog/parse-gpu-file.js';
import { parseModelsFile } from '../src/catalog/parse-models-file.js';
import { computeBoundShare } from '../src/core/batch-activity.js';
import { gpuAtClock } from '../src/core/gpu-at-clock.js';
import { averagePowerWatts } from '../src/core/gpu-power.js';
import type { Result } from '../src/core/issue.js';
import { createRooflinePredictor } from '../src/core/roofline-predictor.js';
import { IDENTITY_CTCF } from '../src/core/time-predictor.js';
import { canonicalJson } from './build-data/canonical-json.js';
import { DATA_DIR, REPO_ROOT } from './build-data.js';
import { fitPowerModel, type PowerObservation } from './fit-power/fit-power-model.js';

const must = <T>(name: string, r: Result<T>): T => {
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.issues)}`);
  return r.value;
};
const read = (file: string) => JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as unknown;

const gpus = must('gpus.json', parseGpuFile(read('gpus.json')));
const models = must('models.json', parseModelsFile(read('models.json')));
const efficiency = must('efficiency.json', parseEfficiencyFile(read('efficiency.json')));
const energy = must('energy.json', parseEnergyFile(read('energy.json')));
const predictor = createRooflinePredictor({ profiles: efficiency.byGpuId, fallback: efficiency.fallback });

/** OASIS's models → the closest architecture we hold (said so in docs/oasis.md). */
const STAND_IN: Record<string, string> = {
  'Llama-3-8B': 'meta-llama/Llama-3.1-8B',
  'Llama-3.1-8B': 'meta-llama/Llama-3.1-8B',
  'Yi-6B': 'meta-llama/Llama-3.1-8B',
  'Mistral-7B-v0.3': 'mistralai/Mistral-7B-v0.1',
  'Baichuan-7B': 'meta-llama/Llama-2-7b-hf',
  'starcoder2-15b': 'meta-llama/Llama-2-13b-hf',
  'Qwen-7B': 'Qwen/Qwen2.5-7B-Instruct',
};

interface Run {
  table: string;
  label: string;
  model: string;
  gpuId: string;
  /** Undefined: not stated (the GPU boosts to its highest documented clock under load). */
  clockMhz?: number;
  inputTokens: number;
  outputTokens: number;
  concurrency: number;
  watts: number;
  /** Measured output tokens/s where the table gives it. */
  tokensPerSecond?: number;
}

/**
 * OASIS's measured average powers (ICPE Companion '26, doi:10.1145/3777911.3800633). Tables 3–5 do not
 * state the query type or concurrency: we take its SILO shape (50 in, 1000 out) at 32 concurrent
 * sequences (the middle of its batch sweep) — an assumption, stated in docs/oasis.md.
 */
const SILO = { inputTokens: 50, outputTokens: 1000, concurrency: 32 };
const RUNS: Run[] = [
  {
    table: 'OASIS Table 3',
    label: 'Llama-3-8B A100 1320 MHz',
    model: 'Llama-3-8B',
    gpuId: 'A100-80GB',
    clockMhz: 1320,
    ...SILO,
    watts: 239.4,
    tokensPerSecond: 914.8,
  },
  {
    table: 'OASIS Table 3',
    label: 'Llama-3-8B A100 1035 MHz',
    model: 'Llama-3-8B',
    gpuId: 'A100-80GB',
    clockMhz: 1035,
    ...SILO,
    watts: 153.6,
    tokensPerSecond: 864.6,
  },
  {
    table: 'OASIS Table 3',
    label: 'Llama-3-8B A100 855 MHz',
    model: 'Llama-3-8B',
    gpuId: 'A100-80GB',
    clockMhz: 855,
    ...SILO,
    watts: 145.2,
    tokensPerSecond: 846.7,
  },
  {
    table: 'OASIS Table 4',
    label: 'Mistral-7B-v0.3 A100 1335 MHz',
    model: 'Mistral-7B-v0.3',
    gpuId: 'A100-80GB',
    clockMhz: 1335,
    ...SILO,
    watts: 221.4,
    tokensPerSecond: 2571.5,
  },
  {
    table: 'OASIS Table 4',
    label: 'Baichuan-7B A100 1335 MHz',
    model: 'Baichuan-7B',
    gpuId: 'A100-80GB',
    clockMhz: 1335,
    ...SILO,
    watts: 235.5,
    tokensPerSecond: 2227.2,
  },
  {
    table: 'OASIS Table 4',
    label: 'Llama-3.1-8B A100 1335 MHz',
    model: 'Llama-3.1-8B',
    gpuId: 'A100-80GB',
    clockMhz: 1335,
    ...SILO,
    watts: 223.9,
    tokensPerSecond: 2043.0,
  },
  {
    table: 'OASIS Table 4',
    label: 'starcoder2-15b A100 1335 MHz',
    model: 'starcoder2-15b',
    gpuId: 'A100-80GB',
    clockMhz: 1335,
    ...SILO,
    watts: 233.4,
    tokensPerSecond: 1971.0,
  },
  {
    table: 'OASIS Table 5',
    label: 'Yi-6B A100 855 MHz',
    model: 'Yi-6B',
    gpuId: 'A100-80GB',
    clockMhz: 855,
    ...SILO,
    watts: 142.2,
    tokensPerSecond: 1444.8,
  },
  {
    table: 'OASIS Table 5',
    label: 'Yi-6B A100 1035 MHz',
    model: 'Yi-6B',
    gpuId: 'A100-80GB',
    clockMhz: 1035,
    ...SILO,
    watts: 140.9,
    tokensPerSecond: 1511.3,
  },
  {
    table: 'OASIS Table 5',
    label: 'Yi-6B H100 1530 MHz',
    model: 'Yi-6B',
    gpuId: 'H100-SXM',
    clockMhz: 1530,
    ...SILO,
    watts: 265.9,
    tokensPerSecond: 1698.5,
  },
  {
    table: 'OASIS Table 5',
    label: 'Yi-6B H100 1650 MHz',
    model: 'Yi-6B',
    gpuId: 'H100-SXM',
    clockMhz: 1650,
    ...SILO,
    watts: 280.6,
    tokensPerSecond: 1702.3,
  },
  {
    table: 'OASIS Table 5',
    label: 'Yi-6B H100 1755 MHz',
    model: 'Yi-6B',
    gpuId: 'H100-SXM',
    clockMhz: 1755,
    ...SILO,
    watts: 291.1,
    tokensPerSecond: 1704.4,
  },
  {
    table: 'OASIS Table 6',
    label: 'Llama3-8B LISO ×50, full A100',
    model: 'Llama-3-8B',
    gpuId: 'A100-80GB',
    inputTokens: 1000,
    outputTokens: 50,
    concurrency: 50,
    watts: 235,
  },
  {
    table: 'OASIS Table 6',
    label: 'Qwen-7B LISO ×50, full A100',
    model: 'Qwen-7B',
    gpuId: 'A100-80GB',
    inputTokens: 1000,
    outputTokens: 50,
    concurrency: 50,
    watts: 232,
  },
  {
    table: 'OASIS Table 7',
    label: 'Llama3-8B SILO ×3, full A100',
    model: 'Llama-3-8B',
    gpuId: 'A100-80GB',
    inputTokens: 50,
    outputTokens: 1000,
    concurrency: 3,
    watts: 234,
  },
  {
    table: 'OASIS Table 7',
    label: 'Qwen-7B SILO ×3, full A100',
    model: 'Qwen-7B',
    gpuId: 'A100-80GB',
    inputTokens: 50,
    outputTokens: 1000,
    concurrency: 3,
    watts: 233,
  },
];

function timeRun(run: Run) {
  const gpu = gpus.find((g) => g.id === run.gpuId);
  const model = models.find((m) => m.id === STAND_IN[run.model]);
  const power = energy.gpus[run.gpuId];
  if (!gpu || !model || !power?.smClock) throw new Error(`missing data for ${run.label}`);
  const clockMhz = run.clockMhz ?? power.smClock.maxMhz;
  const prediction = predictor.predict({
    model,
    gpu: gpuAtClock(gpu, clockMhz, power.smClock.peakFlopsMhz),
    precision: 'bf16',
    tensorParallel: 1,
    gpuInterconnect: 'none',
    batch: { batchSize: run.concurrency, inputTokens: run.inputTokens, outputTokens: run.outputTokens },
    offloadFraction: 0,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
  });
  return { power, clockMhz, prediction };
}

const observations: PowerObservation[] = RUNS.map((run) => {
  const { power, clockMhz, prediction } = timeRun(run);
  return {
    table: run.table,
    label: run.label,
    gpu: power,
    clockMhz,
    busyFraction: 1,
    computeBoundFraction: computeBoundShare(prediction),
    measuredWatts: run.watts,
  };
});
const fit = fitPowerModel(observations);
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

const powerModelFile = {
  schemaVersion: 1,
  generatedBy: 'scripts/fit-power.ts',
  description:
    'GPU power model coefficients (src/core/gpu-power.ts) fitted on OASIS Tables 3–7 (A100-SXM4-80GB, H100-SXM), relative-error least squares; errors in percent of measured average power (docs/oasis.md).',
  coefficients: {
    computeActivity: round(fit.coefficients.computeActivity),
    memoryActivity: round(fit.coefficients.memoryActivity),
    voltageKneeClockFraction: fit.coefficients.voltageKneeClockFraction,
  },
  fit: {
    inSample: {
      ...fit.inSample,
      meanAbsPctError: round(fit.inSample.meanAbsPctError, 2),
      maxAbsPctError: round(fit.inSample.maxAbsPctError, 2),
    },
    leaveOneTableOut: Object.fromEntries(
      Object.entries(fit.leaveOneTableOut).map(([k, e]) => [
        k,
        { ...e, meanAbsPctError: round(e.meanAbsPctError, 2), maxAbsPctError: round(e.maxAbsPctError, 2) },
      ]),
    ),
  },
  sources: [
    {
      title: 'OASIS (Mittal et al., ICPE Companion 2026), Tables 3–7: measured average GPU power',
      url: 'https://doi.org/10.1145/3777911.3800633',
    },
    { title: 'data/v1/energy.json: idle floor, power limit and clock range per GPU (their sources)' },
  ],
};
writeFileSync(join(DATA_DIR, 'power-model.json'), canonicalJson(powerModelFile));

// --- docs/oasis.md fit section ---
const c = powerModelFile.coefficients;
const lines: string[] = [];
lines.push(
  `Fitted coefficients: compute-bound activity **${c.computeActivity}**, memory-bound activity **${c.memoryActivity}** (shares of limit − idle at the highest clock), voltage knee at **${c.voltageKneeClockFraction}** of the highest clock.`,
  '',
  `In-sample error over ${fit.inSample.points} measured powers: mean ${round(fit.inSample.meanAbsPctError, 1)} %, max ${round(fit.inSample.maxAbsPctError, 1)} %.`,
  '',
  '| left-out table | points | mean abs % error | max abs % error |',
  '|---|---|---|---|',
);
for (const [table, e] of Object.entries(fit.leaveOneTableOut))
  lines.push(`| ${table} | ${e.points} | ${round(e.meanAbsPctError, 1)} | ${round(e.maxAbsPctError, 1)} |`);
lines.push(
  '',
  'Every run, with its modelled activity and the in-sample prediction (these tables were used in the fit, so this comparison is **in-sample**):',
  '',
  '| table | run | stand-in model | clock MHz | compute-bound share | measured W | predicted W | error |',
  '|---|---|---|---|---|---|---|---|',
);
observations.forEach((o, i) => {
  const run = RUNS[i] as Run;
  const p = fit.predictedWatts[i] as number;
  lines.push(
    `| ${o.table} | ${o.label} | ${STAND_IN[run.model]} | ${o.clockMhz}${run.clockMhz === undefined ? ' (not stated: highest)' : ''} | ${round(o.computeBoundFraction, 3)} | ${o.measuredWatts} | ${round(p, 1)} | ${round((100 * (p - o.measuredWatts)) / o.measuredWatts, 1)} % |`,
  );
});

// Table 3 and Table 5 side by side: our predicted throughput and power at each clock.
const coefficients = powerModelFile.coefficients;
const side = (label: string, runs: Run[]) => {
  lines.push(
    '',
    `**${label}** (ours: roofline batch prediction, ${SILO.concurrency} concurrent SILO sequences; power from the fitted model, in-sample):`,
    '',
  );
  lines.push(
    '| GPU | clock MHz | OASIS W | ours W | OASIS tok/s | ours output tok/s | OASIS mJ/tok | ours mJ/output tok |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const run of runs) {
    const { power, clockMhz, prediction } = timeRun(run);
    const w = averagePowerWatts(power, coefficients, {
      busyFraction: 1,
      computeBoundFraction: computeBoundShare(prediction),
      clockMhz,
    });
    const tps = prediction.outputTokensPerSecond;
    lines.push(
      `| ${run.gpuId} | ${clockMhz} | ${run.watts} | ${round(w, 1)} | ${run.tokensPerSecond} | ${round(tps, 1)} | ${round((1000 * run.watts) / (run.tokensPerSecond as number), 1)} | ${round((1000 * w) / tps, 1)} |`,
    );
  }
};
side(
  'OASIS Table 3 — Llama-3-8B on A100, 1320 → 1035 → 855 MHz',
  RUNS.filter((r) => r.table === 'OASIS Table 3'),
);
side(
  'OASIS Table 5 — Yi-6B (Llama-3.1-8B shape as stand-in), A100 vs H100',
  RUNS.filter((r) => r.table === 'OASIS Table 5'),
);
const t3 = RUNS.filter((r) => r.table === 'OASIS Table 3').map(timeRun);
const hi = t3[0];
const lo = t3[2];
if (hi && lo) {
  const w = (x: typeof hi) =>
    averagePowerWatts(x.power, coefficients, {
      busyFraction: 1,
      computeBoundFraction: computeBoundShare(x.prediction),
      clockMhz: x.clockMhz,
    });
  const dp = (100 * (w(lo) - w(hi))) / w(hi);
  const dt =
    (100 * (lo.prediction.outputTokensPerSecond - hi.prediction.outputTokensPerSecond)) /
    hi.prediction.outputTokensPerSecond;
  lines.push(
    '',
    `1320 → 855 MHz: OASIS power −39.3 %, throughput −7.4 %; ours power ${round(dp, 1)} %, throughput ${round(dt, 1)} % (in-sample for power; throughput is a pure prediction of the time model).`,
  );
}

const docPath = join(REPO_ROOT, 'docs', 'oasis.md');
const doc = readFileSync(docPath, 'utf8');
const begin = '<!-- power-fit:begin (generated by scripts/fit-power.ts) -->';
const end = '<!-- power-fit:end -->';
const a = doc.indexOf(begin);
const b = doc.indexOf(end);
if (a < 0 || b < a) throw new Error('docs/oasis.md lacks the power-fit markers');
writeFileSync(docPath, `${doc.slice(0, a + begin.length)}\n${lines.join('\n')}\n${doc.slice(b)}`);
console.log(lines.join('\n'));
console.log('wrote data/v1/power-model.json and docs/oasis.md');
