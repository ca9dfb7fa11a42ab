/**
 * Measures how fast the planner is and writes docs/benchmarks.md and docs/benchmarks.json:
 * candidate evaluations per second, one full-catalog recommendation (cold and warm), a sweep over all
 * regions × precisions × batch sizes 1–256, and the CLI's wall time.
 *
 *   npm run bench              every batch size 1–256 in the sweep
 *   npm run bench -- --quick   powers of two only, fewer repetitions
 *   npm run bench -- --cost-table-only   only the hardware cost table (docs/benchmarks-cost-table.md)
 *   npm run bench -- --all-clouds-only   only both recommendation modes over every cloud (docs/benchmarks-all-clouds.md)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsPlannerData } from '../src/adapters/fs/fs-planner-data.js';
import { readTrace } from '../src/adapters/importers/traces/read-trace.js';
import { loadHighsSolver } from '../src/adapters/solver/highs-milp-solver.js';
import { buildRecommendRequest } from '../src/app/build-recommend-request.js';
import { lookupById } from '../src/app/lookup.js';
import { createPredictor } from '../src/app/predictors.js';
import type { RecommendRequest } from '../src/app/recommend.js';
import { PRECISIONS, type Precision } from '../src/core/precision.js';
import { measureAllClouds, renderAllCloudsSection } from './bench/all-clouds-bench.js';
import { CLI_ENTRY, ensureBuilt, timeNode } from './bench/cli.js';
import { measureCostTable, renderCostTableSection } from './bench/cost-table-bench.js';
import { measureEvaluationRate, placementMix } from './bench/evaluation-rate.js';
import { measureFleetSolve, renderFleetSection } from './bench/fleet-bench.js';
import { measureHttp, renderHttpSection } from './bench/http-bench.js';
import { measureHostile, renderHostileSection } from './bench/http-hostile-bench.js';
import { loadAverages, machineInfo } from './bench/machine.js';
import { measureFullCatalog, runSweep } from './bench/recommend-bench.js';
import { type BenchResults, count, ms, renderMarkdown, targetChecks } from './bench/report.js';
import { measureSimulator, renderSimulatorSection } from './bench/simulator-bench.js';
import { timeOnce } from './bench/timing.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

const WORKLOAD = {
  model: 'meta-llama/Llama-3.1-8B',
  inputTokens: 1024,
  outputTokens: 128,
  batchSize: 32,
  requests: 1000,
  sloTokensPerSecond: 400,
};
const MIX_MODELS = [
  'facebook/opt-2.7b',
  'meta-llama/Llama-3.1-8B',
  'meta-llama/Llama-3.1-70B',
  'mistralai/Mixtral-8x7B-v0.1',
];
const MIX_PRECISIONS: Precision[] = ['bf16', 'fp8', 'int4'];
const MIX_BATCH_SIZES = [1, 8, 32, 128, 256];
const CLI_ARGS = [
  'recommend',
  '--model',
  'facebook/opt-2.7b',
  '--input-tokens',
  '128',
  '--output-tokens',
  '512',
  '--batch-size',
  '32',
  '--requests',
  '3000',
  '--slo-tps',
  '400',
  '--max-price',
  '3',
];

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

function orThrow<T>(result: { ok: true; value: T } | { ok: false; issues: unknown[] }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** The hardware cost table alone: its own section file, so a run need not redo the rest. */
function costTableOnly(): void {
  const build = ensureBuilt(repoRoot);
  if (build.rebuilt)
    log(`built dist/ (${build.reason}) in ${ms(build.ms)}, tsc exit code ${build.tscExitCode}`);
  const machine = machineInfo();
  const b = measureCostTable(repoRoot);
  log(
    `${b.target.met ? 'MET   ' : 'MISSED'} ${b.target.name}: ${b.target.measured} (target ${b.target.target})`,
  );
  writeFileSync(
    join(repoRoot, 'docs', 'benchmarks-cost-table.md'),
    `# Benchmark: hardware cost table\n\nMeasured by \`npm run bench -- --cost-table-only\` on ${machine.cpuModel} (${machine.logicalCores} cores), Node ${machine.nodeVersion}.\n\n${renderCostTableSection(b).join('\n')}`,
  );
  log('wrote docs/benchmarks-cost-table.md');
}

/** Both recommendation modes over every cloud alone: its own section file. */
async function allCloudsOnly(): Promise<void> {
  const machine = machineInfo();
  const b = await measureAllClouds(quick ? 10 : 30);
  for (const t of b.targets)
    log(`${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.measured} (target ${t.target})`);
  writeFileSync(
    join(repoRoot, 'docs', 'benchmarks-all-clouds.md'),
    `# Benchmark: recommendation over every cloud\n\nMeasured by \`npm run bench -- --all-clouds-only\` on ${machine.cpuModel} (${machine.logicalCores} cores), Node ${machine.nodeVersion}.\n\n${renderAllCloudsSection(b).join('\n')}\n`,
  );
  log('wrote docs/benchmarks-all-clouds.md');
}

async function main(): Promise<void> {
  if (process.argv.includes('--cost-table-only')) return costTableOnly();
  if (process.argv.includes('--all-clouds-only')) return allCloudsOnly();
  const machine = machineInfo();
  const loadStart = loadAverages();
  log(
    `bench on ${machine.cpuModel} (${machine.logicalCores} cores), Node ${machine.nodeVersion}, load ${loadStart.join(' ')}`,
  );

  // 1. The typical request, exactly as the CLI builds it; the first call loads and parses the data.
  let built: ReturnType<typeof buildRecommendRequest> | undefined;
  const dataLoadMs = timeOnce(() => {
    built = buildRecommendRequest(
      {
        model: WORKLOAD.model,
        inputTokens: String(WORKLOAD.inputTokens),
        outputTokens: String(WORKLOAD.outputTokens),
        batchSize: String(WORKLOAD.batchSize),
        requests: String(WORKLOAD.requests),
        sloTps: String(WORKLOAD.sloTokensPerSecond),
        // The AWS catalog alone, as every earlier run measured (the default now searches every cloud;
        // that is measured by the all-clouds section below).
        catalog: 'aws',
        region: 'us-east-1',
        precision: PRECISIONS.join(','),
      },
      fsPlannerData,
    );
  });
  const { request, settings } = orThrow(built as NonNullable<typeof built>, 'building the benchmark request');
  log(`data load + request build: ${ms(dataLoadMs)}`);

  // 2. Full catalog: cold first, before anything else has warmed the JIT.
  const fullCatalog = measureFullCatalog(request, { warmup: 20, runs: quick ? 20 : 40 });
  log(
    `full catalog (${count(fullCatalog.evaluations)} evaluations): cold ${ms(fullCatalog.coldMs)}, warm median ${ms(fullCatalog.warm.median)}, p95 ${ms(fullCatalog.warm.p95)}`,
  );

  // 3. Candidate evaluations per second.
  const models = orThrow(fsPlannerData.models(), 'loading models');
  const efficiency = orThrow(fsPlannerData.efficiency(), 'loading efficiency data');
  const mix = {
    models: MIX_MODELS.map((id) => orThrow(lookupById(models, id, 'unknown-model', '--model'), id)),
    catalog: request.catalog,
    region: request.region,
    precisions: MIX_PRECISIONS,
    batchSizes: MIX_BATCH_SIZES,
    task: request.task,
    sloTokensPerSecond: request.sloTokensPerSecond,
  };
  const evaluationRates = (['roofline', 'paper'] as const).map((id) => {
    const rate = measureEvaluationRate(id, placementMix(mix, createPredictor(id, efficiency)), {
      reps: quick ? 5 : 9,
      minRepMs: quick ? 100 : 250,
      warmupMs: quick ? 500 : 1500,
    });
    log(
      `evaluatePlacement, ${id}: ${count(rate.medianOpsPerSecond)} evaluations/s over ${rate.placements} placements`,
    );
    return rate;
  });

  // 4. The sweep: every region with a price × every precision × batch sizes 1–256.
  const regions = [
    ...new Set(request.catalog.instances.flatMap((i) => i.prices.map((p) => p.region))),
  ].sort();
  const batchSizes = quick
    ? Array.from({ length: 9 }, (_, i) => 2 ** i)
    : Array.from({ length: 256 }, (_, i) => i + 1);
  const sweepBase: RecommendRequest = { ...request };
  log(
    `sweep: ${regions.length} regions × ${PRECISIONS.length} precisions × ${batchSizes.length} batch sizes ...`,
  );
  const sweep = runSweep(sweepBase, {
    regions,
    precisions: [...PRECISIONS],
    batchSizes,
    batchSizeNote: quick ? 'powers of two 1–256 (9 sizes)' : 'every integer 1–256',
  });
  log(
    `sweep: ${count(sweep.recommendations)} recommendations, ${count(sweep.evaluations)} evaluations in ${ms(sweep.wallMs)} (median ${ms(sweep.perRecommendationMs.median)} each)`,
  );

  // 5. The CLI as a user runs it.
  const build = ensureBuilt(repoRoot);
  if (build.rebuilt)
    log(`built dist/ (${build.reason}) in ${ms(build.ms)}, tsc exit code ${build.tscExitCode}`);
  const runs = quick ? 5 : 10;
  const cli = [
    timeNode('node start-up (empty script, for reference)', ['-e', '0'], { cwd: repoRoot, runs }),
    timeNode('recommend', [CLI_ENTRY, ...CLI_ARGS], { cwd: repoRoot, runs }),
    timeNode('recommend --json', [CLI_ENTRY, ...CLI_ARGS, '--json'], { cwd: repoRoot, runs }),
  ];
  for (const c of cli)
    log(`${c.label}: median ${ms(c.wall.median)}, p95 ${ms(c.wall.p95)}, exit ${c.exitCodes.join(',')}`);

  // 6. The serving simulator.
  const h100 = orThrow(fsPlannerData.gpus(), 'loading GPUs').find((g) => g.id === 'H100-SXM');
  const llama = models.find((m) => m.id === 'meta-llama/Llama-3.1-8B');
  if (!h100 || !llama) throw new Error('H100-SXM or Llama-3.1-8B missing from the catalogs');
  const azurePath = join(
    repoRoot,
    '..',
    'shared',
    'data',
    'traces',
    'azure-2023',
    'AzureLLMInferenceTrace_conv.csv',
  );
  const azure = await readTrace(azurePath);
  const simulator = await measureSimulator(
    llama,
    h100,
    efficiency,
    azure.ok ? azure.value.workload : undefined,
    quick,
  );
  for (const c of [...simulator.roofline, ...simulator.fakeTimer])
    log(`simulate ${c.name}: ${c.wallSeconds.toFixed(3)} s (${count(c.requestsPerWallSecond)} requests/s)`);

  // 7. The hardware cost table (issue 10), through the built CLI on every core.
  const costTable = measureCostTable(repoRoot);
  log(`cost-table: ${costTable.rows} rows in ${costTable.wallSeconds.toFixed(1)} s`);

  // 8. The HTTP API on loopback.
  const http = await measureHttp(quick ? 2 : 5);
  // 9. A valid request while hostile clients run (issue 12).
  const httpHostile = await measureHostile(quick ? 4 : 10);
  log(
    `valid recommend p50 idle ${httpHostile.validIdle.p50Ms.toFixed(1)} ms, under hostile load ${httpHostile.validUnderAttack.p50Ms.toFixed(1)} ms`,
  );

  // 9. The fleet-mix MILP at 10k variables (issue 11).
  const fleet = measureFleetSolve(await loadHighsSolver(), quick);
  for (const c of fleet.cases) log(`fleet MILP ${c.name}: ${c.status} in ${c.seconds.toFixed(2)} s`);

  const results: BenchResults = {
    command: quick ? 'npm run bench -- --quick' : 'npm run bench',
    machine,
    loadAverage: { start: loadStart, end: loadAverages() },
    workload: {
      ...WORKLOAD,
      predictor: settings.predictor,
      catalog: settings.catalog,
      catalogAsOf: settings.catalogAsOf,
    },
    dataLoadMs,
    evaluationMix: {
      models: MIX_MODELS,
      precisions: MIX_PRECISIONS,
      batchSizes: MIX_BATCH_SIZES,
      region: mix.region,
    },
    evaluationRates,
    fullCatalog,
    sweep,
    build,
    cli,
    simulator,
    http,
    httpHostile,
    costTable,
    fleet,
    targets: [...targetChecks(fullCatalog, cli), ...simulator.targets, costTable.target, ...fleet.targets],
  };
  writeFileSync(join(repoRoot, 'docs', 'benchmarks.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    join(repoRoot, 'docs', 'benchmarks.md'),
    `${renderMarkdown(results)}\n${renderSimulatorSection(simulator).join('\n')}\n${renderCostTableSection(costTable).join('\n')}\n${renderHttpSection(http).join('\n')}\n${renderHostileSection(httpHostile).join('\n')}\n${renderFleetSection(fleet).join('\n')}`,
  );
  for (const t of results.targets)
    log(`${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.measured} (target ${t.target})`);
  log('wrote docs/benchmarks.md and docs/benchmarks.json');
}

await main();
