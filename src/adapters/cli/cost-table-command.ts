import { readFile } from 'node:fs/promises';
import { buildCostTable, planCostTable } from '../../app/cost-table.js';
import { COST_TABLE_DEFAULTS, parseCostTableRequest } from '../../app/cost-table-request.js';
import {
  COST_TABLE_QUERY_TYPES,
  COST_TABLE_RATE_DEFINITIONS,
  COST_TABLE_VARIANTS,
  type CostTable,
  costTableSchema,
} from '../../app/cost-table-schema.js';
import { bestConfigurations, mergeCostTables } from '../../app/cost-table-select.js';
import { readPercentileTargets } from '../../app/latency-slo-flags.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress } from '../../app/progress.js';
import type { Issue } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { readTrace } from '../importers/traces/read-trace.js';
import { TRACE_FORMATS, type TraceFormat } from '../importers/traces/trace-format.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import { defaultCostTableWorkers, workerCostTableRunner } from '../workers/cost-table-runner.js';
import { costTableCsv, renderCostTable } from './render-cost-table.js';

const FIELD_FLAGS: Record<string, string> = {
  model: '--model',
  gpu: '--gpu',
  precision: '--precision',
  migProfiles: '--mig',
  wholeGpu: '--no-whole-gpu',
  gpuClocksMhz: '--gpu-clocks-mhz',
  maxNumSeqs: '--max-num-seqs',
  variants: '--variants',
  queryTypes: '--query-types',
  rateDefinitions: '--rate-definitions',
  queryTypeThresholdTokens: '--query-type-threshold',
  smallTokens: '--small-tokens',
  largeTokens: '--large-tokens',
  slo: '--slo-e2e-p95',
  probeRequests: '--probe-requests',
  closedLoopRequests: '--closed-loop-requests',
  engine: '--engine',
  usdPerGpuHour: '--usd-per-gpu-hour',
  electricityUsdPerKwh: '--electricity-usd-per-kwh',
  pue: '--pue',
  gridGco2PerKwh: '--grid-gco2-per-kwh',
  shard: '--shard',
  best: '--best',
  seed: '--seed',
};

/** A comma-separated list of positive whole numbers, or the problem with it. */
function integerList(o: OptionReader, key: string, flag: string): number[] | undefined {
  const items = o.list(key);
  if (o.text(key) === undefined) return undefined;
  const bad = items.filter((t) => !/^[0-9]+$/.test(t) || Number(t) <= 0);
  if (items.length === 0 || bad.length > 0) {
    o.issues.push({
      code: 'invalid-option',
      path: flag,
      message: `'${o.text(key)}' is not a comma-separated list of positive whole numbers (e.g. 855,1230,1410)`,
    });
    return undefined;
  }
  return [...new Set(items.map(Number))];
}

/** A comma-separated list of names from `allowed` (`all` for every one), or the problem with it. */
function nameList<T extends string>(o: OptionReader, key: string, flag: string, allowed: readonly T[]) {
  if (o.text(key) === undefined) return undefined;
  const items = o.list(key);
  if (items.length === 1 && items[0] === 'all') return [...allowed];
  const bad = items.filter((t) => !(allowed as readonly string[]).includes(t));
  if (items.length === 0 || bad.length > 0) {
    o.issues.push({
      code: 'invalid-option',
      path: flag,
      message: `unknown ${bad.join(', ') || '(empty)'}: choose from ${allowed.join(', ')} (comma-separated) or all`,
    });
    return undefined;
  }
  return [...new Set(items)] as T[];
}

/** --shard i/N: this run computes configurations k with k mod N = i. */
function readShard(o: OptionReader): { index: number; count: number } | undefined {
  const text = o.text('shard');
  if (text === undefined) return undefined;
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    o.issues.push({
      code: 'invalid-option',
      path: '--shard',
      message: `'${text}' is not a shard i/N with 0 ≤ i < N (e.g. 0/4 … 3/4; a Kubernetes Indexed Job passes $JOB_COMPLETION_INDEX/N)`,
    });
    return undefined;
  }
  return { index, count };
}

/** The flags as a request body (only those given: the schema holds the defaults). */
function requestBody(o: OptionReader, raw: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  put('model', o.text('model'));
  put('gpu', o.text('gpu'));
  put('precision', o.precisions('precision')?.[0]);
  if (raw.mig === false || o.text('mig') === 'none') body.migProfiles = [];
  else if (o.text('mig') !== undefined) body.migProfiles = o.list('mig');
  if (raw.wholeGpu === false) body.wholeGpu = false;
  put('gpuClocksMhz', integerList(o, 'gpuClocksMhz', '--gpu-clocks-mhz'));
  put('maxNumSeqs', integerList(o, 'maxNumSeqs', '--max-num-seqs'));
  put('variants', nameList(o, 'variants', '--variants', COST_TABLE_VARIANTS));
  put('queryTypes', nameList(o, 'queryTypes', '--query-types', COST_TABLE_QUERY_TYPES));
  put('rateDefinitions', nameList(o, 'rateDefinitions', '--rate-definitions', COST_TABLE_RATE_DEFINITIONS));
  put('queryTypeThresholdTokens', o.positiveInteger('queryTypeThreshold'));
  put('smallTokens', o.positiveInteger('smallTokens'));
  put('largeTokens', o.positiveInteger('largeTokens'));
  const { percentile, slo } = readPercentileTargets(o);
  if (Object.keys(slo).length > 0) body.slo = slo;
  body.percentile = percentile;
  put('probeRequests', o.positiveInteger('probeRequests'));
  put('closedLoopRequests', o.positiveInteger('closedLoopRequests'));
  put('engine', o.text('engine'));
  put('usdPerGpuHour', o.positiveNumber('usdPerGpuHour'));
  put('electricityUsdPerKwh', o.positiveNumber('electricityUsdPerKwh'));
  put('pue', o.positiveNumber('pue'));
  const grid = o.text('gridGco2PerKwh');
  if (grid !== undefined) body.gridGco2PerKwh = Number(grid);
  put('shard', readShard(o));
  put('best', o.oneOf('best', ['rate', 'energy', 'cost'] as const));
  put('seed', o.wholeNumber('seed'));
  return body;
}

function emit(table: CostTable, best: ReturnType<typeof bestConfigurations>, raw: Record<string, unknown>) {
  if (raw.json === true) return `${JSON.stringify({ ...table, best }, null, 2)}\n`;
  if (raw.csv === true) return costTableCsv(table);
  return renderCostTable(table, best);
}

/** `infersave cost-table`: OASIS's hardware cost table, predicted, over worker threads. */
export async function runCostTable(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const o = new OptionReader(raw);
  const body = requestBody(o, raw);
  const workers = o.positiveInteger('workers') ?? defaultCostTableWorkers();
  const format = o.oneOf('traceFormat', TRACE_FORMATS);
  const tracePath = o.text('trace');
  const out = o.text('out');
  if (out !== undefined)
    o.issues.push(
      ...outputFileIssues(out, '--out', {
        force: o.flag('force'),
        inputs: tracePath !== undefined ? [tracePath] : [],
      }),
    );
  const request = parseCostTableRequest(body, (f) => FIELD_FLAGS[f.split('.')[0] ?? ''] ?? f);
  const trace =
    tracePath !== undefined
      ? await readTrace(tracePath, format ? { format: format as TraceFormat } : {})
      : undefined;
  const issues: Issue[] = [
    ...o.issues,
    ...(request.ok ? [] : request.issues),
    ...(trace && !trace.ok ? trace.issues : []),
  ];
  if (!request.ok || (trace && !trace.ok) || issues.length > 0)
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'cost-table') };
  const plan = planCostTable(request.value, data, trace?.ok ? trace.value.workload : undefined);
  if (!plan.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(plan.issues, 'cost-table') };
  const result = await buildCostTable(plan.value, workerCostTableRunner(workers), progress);
  const warnings = [...(trace?.ok ? trace.warnings : []), ...result.warnings];
  const stderr = renderWarnings(warnings);
  const failed =
    out !== undefined ? writeOutputFile(out, `${JSON.stringify(result.table, null, 2)}\n`) : undefined;
  if (failed !== undefined)
    return {
      exitCode: 2,
      stdout: '',
      stderr: renderErrors(
        [{ code: 'invalid-option', path: '--out', message: `cannot write ${out}: ${failed}` }],
        'cost-table',
      ),
    };
  const served = result.table.rows.some((r) => r.maxServiceableRequestsPerSecond > 0);
  return {
    exitCode: served || result.table.rows.length === 0 ? 0 : 1,
    stdout: emit(result.table, result.best, raw),
    stderr,
  };
}

/** `infersave cost-table-merge a.json b.json …`: the shards of one sweep joined (checked complete). */
export async function runCostTableMerge(
  files: string[],
  raw: Record<string, unknown>,
): Promise<CommandOutput> {
  const out = typeof raw.out === 'string' ? raw.out : undefined;
  const issues: Issue[] =
    out !== undefined ? outputFileIssues(out, '--out', { force: raw.force === true, inputs: files }) : [];
  const tables: CostTable[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      issues.push({
        code: 'invalid-option',
        path: file,
        message: `cannot read a cost table: ${(e as Error).message}`,
      });
      continue;
    }
    const table = costTableSchema.safeParse(parsed);
    if (table.success) tables.push(table.data);
    else
      issues.push(
        ...table.error.issues.slice(0, 5).map((i) => ({
          code: 'invalid-option',
          path: `${file}: ${i.path.join('.')}`,
          message: `${i.message} (not a cost table written by infersave cost-table --out)`,
        })),
      );
  }
  const merged = issues.length === 0 ? mergeCostTables(tables) : undefined;
  if (!merged?.ok) {
    const all = [...issues, ...(merged && !merged.ok ? merged.issues : [])];
    return { exitCode: 2, stdout: '', stderr: renderErrors(all, 'cost-table-merge') };
  }
  const objective = (o: unknown) => (o === 'rate' || o === 'energy' ? o : COST_TABLE_DEFAULTS.best);
  const best = bestConfigurations(merged.value.rows, objective(raw.best ?? merged.value.settings.best));
  const failed =
    out !== undefined
      ? writeOutputFile(out, `${JSON.stringify({ ...merged.value, best }, null, 2)}\n`)
      : undefined;
  if (failed !== undefined)
    return {
      exitCode: 2,
      stdout: '',
      stderr: renderErrors(
        [{ code: 'invalid-option', path: '--out', message: `cannot write ${out}: ${failed}` }],
        'cost-table-merge',
      ),
    };
  return { exitCode: 0, stdout: emit(merged.value, best, raw), stderr: '' };
}
