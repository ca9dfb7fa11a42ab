import { COST_TABLE_DEFAULTS } from '../../app/cost-table-request.js';
import {
  COST_TABLE_QUERY_TYPES,
  COST_TABLE_VARIANTS,
  type CostTable,
  type CostTableRow,
} from '../../app/cost-table-schema.js';
import { readPercentileTargets } from '../../app/latency-slo-flags.js';
import { OptionReader } from '../../app/option-reader.js';
import { DEFAULTS } from '../../app/settings.js';
import { energyFigures } from '../../core/energy.js';
import type { Issue } from '../../core/issue.js';
import { usdPerMillionTokens } from '../../core/serving-economics.js';
import { formatNumber, formatSeconds } from '../../messages/format.js';
import { concurrencyRampAsync } from '../../optimize/concurrency-ramp.js';
import type { CommandOutput } from '../command-output.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import type { Api, RequestResult, RequestSpec } from './client.js';
import { runLoad } from './load-generator.js';
import { type BenchSummary, summarize } from './stats.js';

type QueryType = CostTableRow['queryType'];

/** One level of the ramp as measured. */
export interface RampLevel {
  concurrency: number;
  requests: number;
  ok: number;
  /** The judged percentile of E2E, TTFT and TPOT (seconds; null when nothing completed). */
  e2eSeconds: number | null;
  ttftSeconds: number | null;
  tpotSeconds: number | null;
  requestsPerSecond: number;
  totalTokensPerSecond: number;
  meetsSlo: boolean;
}

interface RampOptions {
  spec: Omit<RequestSpec, 'prompt' | 'maxTokens'> & { api: Api };
  queryType: QueryType;
  inputTokens: number;
  outputTokens: number;
  start: number;
  max: number;
  minRequests: number;
  percentile: 95 | 99;
  slo: { ttftSeconds?: number; tpotSeconds?: number; e2eSeconds?: number };
  row: Pick<CostTableRow, 'hardware' | 'gpuClockMhz' | 'maxNumSeqs' | 'variant'>;
  gpuWatts: number;
  pricePerHour?: number;
  electricityUsdPerKwh: number;
  pue: number;
  out?: string;
  json: boolean;
}

/** The flags of `bench --ramp`; every problem at once. */
function readRamp(raw: Record<string, unknown>) {
  const o = new OptionReader(raw);
  const need = <T>(key: string, read: (k: string) => T | undefined, hint: string) =>
    o.required(key, read, hint);
  const url = need('url', (k) => o.text(k), 'the server base URL, e.g. http://localhost:8000/v1');
  const model = need('model', (k) => o.text(k), 'the model name the server serves');
  const api = o.oneOf<Api>('api', ['completions', 'chat']) ?? 'completions';
  const queryType = o.oneOf('queryType', COST_TABLE_QUERY_TYPES) ?? 'LISO';
  const q = COST_TABLE_QUERY_TYPES.indexOf(queryType);
  const size = (long: boolean) => (long ? COST_TABLE_DEFAULTS.largeTokens : COST_TABLE_DEFAULTS.smallTokens);
  const inputTokens = o.positiveInteger('inputTokens') ?? size(q >= 2);
  const outputTokens = o.positiveInteger('outputTokens') ?? size(q % 2 === 1);
  const start = o.positiveInteger('concurrency') ?? 16;
  const max = o.positiveInteger('rampMax') ?? 256;
  const minRequests = o.positiveInteger('requests') ?? COST_TABLE_DEFAULTS.closedLoopRequests;
  const { percentile, slo } = readPercentileTargets(o);
  const gpu = need('gpu', (k) => o.text(k), 'the GPU the server runs on (a row of the cost table)');
  const maxNumSeqs = need(
    'maxNumSeqs',
    o.positiveInteger,
    'the server’s --max-num-seqs (a row of the cost table)',
  );
  const gpuWatts = need(
    'gpuWatts',
    o.positiveNumber,
    'the average board power read during the ramp (nvidia-smi --query-gpu=power.draw): InferSave does not read GPU power',
  );
  const variant = o.oneOf('variant', COST_TABLE_VARIANTS) ?? 'standard';
  const mig = o.text('mig');
  const clock = o.positiveInteger('gpuClockMhz');
  const pricePerHour = o.positiveNumber('pricePerHour');
  const electricity = o.positiveNumber('electricityUsdPerKwh');
  const pue = o.positiveNumber('pue') ?? 1;
  const timeoutSeconds = o.durationSeconds('timeout') ?? 60;
  const out = o.text('costTableOut');
  if (out !== undefined)
    o.issues.push(...outputFileIssues(out, '--cost-table-out', { force: o.flag('force') }));
  if (
    o.issues.length > 0 ||
    url === undefined ||
    model === undefined ||
    gpu === undefined ||
    maxNumSeqs === undefined ||
    gpuWatts === undefined
  )
    return { issues: o.issues };
  const options: RampOptions = {
    spec: { url, model, api, ignoreEos: raw.ignoreEos !== false, timeoutSeconds },
    queryType,
    inputTokens,
    outputTokens,
    start,
    max: Math.max(max, start),
    minRequests,
    percentile,
    slo: Object.keys(slo).length > 0 ? slo : { e2eSeconds: COST_TABLE_DEFAULTS.e2eSeconds },
    row: {
      hardware: { kind: mig ? 'mig' : 'gpu', gpu, migProfile: mig ?? null, instance: null, gpuCount: 1 },
      gpuClockMhz: clock ?? null,
      maxNumSeqs,
      variant,
    },
    gpuWatts,
    electricityUsdPerKwh: electricity ?? DEFAULTS.electricityUsdPerKwh,
    pue,
    json: o.flag('json'),
    ...(pricePerHour !== undefined ? { pricePerHour } : {}),
    ...(out !== undefined ? { out } : {}),
  };
  return { options, issues: [] as Issue[] };
}

function level(c: number, summary: BenchSummary, r: RampOptions): RampLevel {
  const key = r.percentile === 99 ? 'p99' : 'p95';
  const e2e = summary.e2e?.[key] ?? null;
  const ttft = summary.ttft?.[key] ?? null;
  const tpot = summary.tpot?.[key] ?? null;
  const within = (v: number | null, limit: number | undefined) =>
    limit === undefined || (v !== null && v <= limit);
  return {
    concurrency: c,
    requests: summary.requests.total,
    ok: summary.requests.ok,
    e2eSeconds: e2e,
    ttftSeconds: ttft,
    tpotSeconds: tpot,
    requestsPerSecond: summary.throughput.requestsPerSecond,
    totalTokensPerSecond: summary.throughput.totalTokensPerSecond,
    meetsSlo:
      summary.requests.failed === 0 &&
      within(e2e, r.slo.e2eSeconds) &&
      within(ttft, r.slo.ttftSeconds) &&
      within(tpot, r.slo.tpotSeconds),
  };
}

/**
 * `infersave bench --ramp`: OASIS's phase 1 against a live endpoint — closed loops at rising concurrency
 * (searched: double from --concurrency, then bisect) until the latency percentile passes the SLO; the
 * best throughput below that point is the measured closed-loop MSRR, written as a cost-table row.
 */
export async function runBenchRamp(
  raw: Record<string, unknown>,
  prompt: (tokens: number) => string,
  send?: (spec: RequestSpec) => Promise<RequestResult>,
): Promise<CommandOutput> {
  const { options: r, issues } = readRamp(raw);
  if (!r) return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'bench') };
  const levels: RampLevel[] = [];
  const spec = { ...r.spec, prompt: prompt(r.inputTokens), maxTokens: r.outputTokens };
  const ramp = await concurrencyRampAsync(
    async (c) => {
      const requests = Math.max(3 * c, r.minRequests);
      const run = await runLoad({ ...spec, concurrency: c, requests, warmup: Math.min(c, requests) }, send);
      const l = level(c, summarize(run, r.inputTokens), r);
      levels.push(l);
      return { concurrency: c, requestsPerSecond: l.requestsPerSecond, meetsSlo: l.meetsSlo };
    },
    { startConcurrency: r.start, maxConcurrency: r.max },
  );
  const best = ramp.best ? levels.find((l) => l.concurrency === ramp.best?.concurrency) : undefined;
  const rate = best?.requestsPerSecond ?? 0;
  const tokensPerSecond = best?.totalTokensPerSecond ?? 0;
  const outputShare = r.outputTokens / (r.inputTokens + r.outputTokens);
  const energy = energyFigures(r.gpuWatts, tokensPerSecond, tokensPerSecond * outputShare, {
    electricityUsdPerKwh: r.electricityUsdPerKwh,
    pue: r.pue,
  });
  const served = best !== undefined && tokensPerSecond > 0;
  const row: CostTableRow = {
    ...r.row,
    queryType: r.queryType,
    rateDefinition: 'closed-loop-ramp',
    maxServiceableRequestsPerSecond: rate,
    concurrencyAtMax: best?.concurrency ?? null,
    averagePowerWatts: r.gpuWatts,
    joulesPerToken: served ? energy.joulesPerToken : 0,
    joulesPerOutputToken: served ? energy.joulesPerOutputToken : 0,
    usdPerMillionTokens:
      served && r.pricePerHour !== undefined ? usdPerMillionTokens(r.pricePerHour, tokensPerSecond) : null,
    energyUsdPerMillionTokens: served ? energy.energyUsdPerMillionTokens : 0,
    e2eSecondsAtMax: best?.e2eSeconds ?? null,
    powerEstimated: false,
    source: 'measured',
  };
  const table: CostTable = {
    schemaVersion: 1,
    kind: 'infersave-cost-table',
    model: r.spec.model,
    queryTypeThresholdTokens: COST_TABLE_DEFAULTS.queryTypeThresholdTokens,
    slo: {
      percentile: r.percentile,
      e2eSeconds: r.slo.e2eSeconds ?? null,
      ttftSeconds: r.slo.ttftSeconds ?? null,
      tpotSeconds: r.slo.tpotSeconds ?? null,
    },
    shard: null,
    rows: [row],
    unservable: [],
    best: served ? [row] : [],
    settings: {
      url: r.spec.url,
      api: r.spec.api,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      gpuWatts: `${r.gpuWatts} W (given: --gpu-watts)`,
      electricityUsdPerKwh: r.electricityUsdPerKwh,
      pue: r.pue,
      ramp: levels,
    },
  };
  const failed =
    r.out !== undefined ? writeOutputFile(r.out, `${JSON.stringify(table, null, 2)}\n`) : undefined;
  const warnings: Issue[] = [];
  if (failed !== undefined)
    return {
      exitCode: 2,
      stdout: '',
      stderr: renderErrors(
        [{ code: 'invalid-option', path: '--cost-table-out', message: `cannot write ${r.out}: ${failed}` }],
        'bench',
      ),
    };
  const exitCode = served ? 0 : 1;
  if (r.json)
    return { exitCode, stdout: `${JSON.stringify(table, null, 2)}\n`, stderr: renderWarnings(warnings) };
  return { exitCode, stdout: renderRamp(table, levels, row), stderr: renderWarnings(warnings) };
}

/** OASIS Table 1's layout: one line per concurrency probed, then the measured row. */
function renderRamp(table: CostTable, levels: RampLevel[], row: CostTableRow): string {
  const p = table.slo.percentile;
  const lines = [
    `Concurrency ramp (OASIS phase 1) against ${String(table.settings.url)} — ${table.model}, ${row.queryType} (${String(table.settings.inputTokens)} in / ${String(table.settings.outputTokens)} out), SLO P${p}${table.slo.e2eSeconds !== null ? ` E2E ≤ ${formatSeconds(table.slo.e2eSeconds)}` : ''}${table.slo.ttftSeconds !== null ? ` TTFT ≤ ${formatSeconds(table.slo.ttftSeconds)}` : ''}${table.slo.tpotSeconds !== null ? ` TPOT ≤ ${formatSeconds(table.slo.tpotSeconds)}` : ''}`,
    '',
    `concurrency  requests  E2E P${p}     throughput req/s  SLO met`,
  ];
  for (const l of [...levels].sort((a, b) => a.concurrency - b.concurrency))
    lines.push(
      `${String(l.concurrency).padStart(11)}  ${String(l.requests).padStart(8)}  ${(l.e2eSeconds === null ? '—' : formatSeconds(l.e2eSeconds)).padStart(9)}  ${formatNumber(l.requestsPerSecond, 2).padStart(16)}  ${l.meetsSlo ? '✓' : '×'}`,
    );
  lines.push(
    '',
    row.maxServiceableRequestsPerSecond > 0
      ? `Measured closed-loop MSRR: ${formatNumber(row.maxServiceableRequestsPerSecond, 2)} req/s at concurrency ${row.concurrencyAtMax} · ${formatNumber(row.averagePowerWatts, 0)} W (given) → ${formatNumber(row.joulesPerToken * 1000, 1)} mJ/token${row.usdPerMillionTokens !== null ? ` · $${formatNumber(row.usdPerMillionTokens, 3)}/M tokens` : ''}`
      : 'No concurrency met the SLO: the measured MSRR is 0.',
    'Write the cost-table row with --cost-table-out FILE (the same contract as infersave cost-table).',
  );
  return `${lines.join('\n')}\n`;
}
