import { OptionReader } from '../../app/option-reader.js';
import type { Issue } from '../../core/issue.js';
import { isPrecision, PRECISIONS, type Precision } from '../../core/precision.js';
import { describeIssue } from '../../messages/messages.js';
import { CLI_WORDING } from '../../messages/wording.js';
import type { CommandOutput } from '../command-output.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import type { Api, RequestResult, RequestSpec } from './client.js';
import { type LoadSpec, runLoad } from './load-generator.js';
import { benchMeasurement } from './measurement-out.js';
import { renderBench } from './render-bench.js';
import { type BenchSummary, summarize } from './stats.js';

/** The word the prompt repeats: one token per repetition in common BPE vocabularies (approximate). */
export const PROMPT_WORD = ' hello';

/** A prompt of about `tokens` tokens without a tokenizer: one word repeated. */
export function promptOf(tokens: number): string {
  return PROMPT_WORD.repeat(tokens).trimStart();
}

interface BenchOptions {
  spec: LoadSpec;
  inputTokens: number;
  pricePerHour?: number;
  out?: { file: string; gpu: string; gpuCount: number; precision: Precision };
  json: boolean;
}

function readOptions(raw: Record<string, unknown>): { options?: BenchOptions; issues: Issue[] } {
  const o = new OptionReader(raw);
  const url = o.required('url', (k) => o.text(k), 'the server base URL, e.g. http://localhost:8000/v1');
  if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) {
    o.issues.push({ code: 'invalid-option', path: '--url', message: `'${url}' is not an http(s) URL` });
  }
  const model = o.required('model', (k) => o.text(k), 'the model name the server serves');
  const api = o.oneOf<Api>('api', ['completions', 'chat']) ?? 'completions';
  const concurrency = o.positiveInteger('concurrency') ?? 16;
  const requests = o.positiveInteger('requests') ?? 200;
  const inputTokens = o.positiveInteger('inputTokens') ?? 512;
  const outputTokens = o.positiveInteger('outputTokens') ?? 128;
  const pricePerHour = o.positiveNumber('pricePerHour');
  const timeoutSeconds = o.durationSeconds('timeout') ?? 60;
  const file = o.text('out');
  let out: BenchOptions['out'];
  if (file !== undefined) {
    o.issues.push(...outputFileIssues(file, '--out', { force: o.flag('force') }));
    const gpu = o.required('gpu', (k) => o.text(k), 'the GPU the server runs on, for --out');
    const gpuCount = o.positiveInteger('gpuCount') ?? 1;
    const precision = o.required(
      'precision',
      (k) => o.oneOf<Precision>(k, PRECISIONS),
      `the served weights' precision, for --out (${PRECISIONS.join(', ')})`,
    );
    if (gpu !== undefined && precision !== undefined && isPrecision(precision)) {
      out = { file, gpu, gpuCount, precision };
    }
  }
  if (o.issues.length > 0 || url === undefined || model === undefined) return { issues: o.issues };
  const options: BenchOptions = {
    spec: {
      url,
      model,
      api,
      prompt: promptOf(inputTokens),
      maxTokens: outputTokens,
      ignoreEos: raw.ignoreEos !== false,
      timeoutSeconds,
      concurrency,
      requests,
      warmup: raw.warmup === false ? 0 : Math.min(concurrency, requests),
    },
    inputTokens,
    json: o.flag('json'),
    ...(pricePerHour !== undefined ? { pricePerHour } : {}),
    ...(out !== undefined ? { out } : {}),
  };
  return { options, issues: [] };
}

function commandLine(b: BenchOptions): string {
  const s = b.spec;
  const parts = [
    `infersave bench --url ${s.url} --model ${s.model} --api ${s.api} --concurrency ${s.concurrency}`,
    `--requests ${s.requests} --input-tokens ${b.inputTokens} --output-tokens ${s.maxTokens}`,
  ];
  if (b.pricePerHour !== undefined) parts.push(`--price-per-hour ${b.pricePerHour}`);
  return parts.join(' ');
}

function warningsOf(summary: BenchSummary, b: BenchOptions): Issue[] {
  const warnings: Issue[] = [];
  if (summary.requests.failed > 0) {
    warnings.push({
      code: 'bench-requests-failed',
      details: {
        failed: summary.requests.failed,
        total: summary.requests.total,
        reasons: Object.keys(summary.requests.failedBy),
      },
    });
  }
  if (summary.requests.ok > 0 && summary.meanPromptTokensReported === undefined) {
    warnings.push({ code: 'bench-prompt-approximate', details: { tokens: b.inputTokens } });
  }
  return warnings;
}

/**
 * `infersave bench --url … --model …`: a closed-loop load test of an OpenAI-compatible server, with
 * latency percentiles, throughput, $/M tokens, and optionally a measurement file for `calibrate`.
 */
export async function runBench(
  raw: Record<string, unknown>,
  send?: (spec: RequestSpec) => Promise<RequestResult>,
): Promise<CommandOutput> {
  if (raw.ramp === true) {
    const { runBenchRamp } = await import('./bench-ramp.js');
    return runBenchRamp(raw, promptOf, send);
  }
  const { options: b, issues } = readOptions(raw);
  if (!b) return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'bench') };
  const run = await runLoad(b.spec, send);
  const summary = summarize(run, b.inputTokens, b.pricePerHour);
  const warnings = warningsOf(summary, b);
  const errors: Issue[] = [];
  if (summary.requests.ok === 0) {
    const [label, example] = Object.entries(summary.failureExamples)[0] ?? ['unknown', undefined];
    errors.push({
      code: 'bench-all-failed',
      details: { total: summary.requests.total, reason: label, detail: example?.detail ?? '' },
    });
  }
  let wrote = '';
  if (b.out && summary.requests.ok > 0) {
    const measurement = benchMeasurement(summary, {
      ...b.out,
      model: b.spec.model,
      url: b.spec.url,
      concurrency: b.spec.concurrency,
      inputTokens: b.inputTokens,
      outputTokens: b.spec.maxTokens,
      command: commandLine(b),
      date: new Date().toISOString(),
    });
    if (!measurement) {
      errors.push({ code: 'bench-no-decode-sample', details: { file: b.out.file } });
    } else {
      const reason = writeOutputFile(b.out.file, `${JSON.stringify(measurement, null, 2)}\n`);
      if (reason === undefined) wrote = `Wrote ${b.out.file}.\n`;
      else errors.push({ code: 'bench-out-write-failed', details: { file: b.out.file, reason } });
    }
  }
  const stderr =
    renderWarnings(warnings) + errors.map((e) => `error: ${describeIssue(e, CLI_WORDING)}\n`).join('');
  const exitCode = errors.length > 0 ? 1 : 0;
  if (b.json) {
    const json = {
      ...summary,
      url: b.spec.url,
      model: b.spec.model,
      api: b.spec.api,
      concurrency: b.spec.concurrency,
    };
    return { exitCode, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr };
  }
  const header = `${b.spec.requests} requests to ${b.spec.url} (${b.spec.api}, model ${b.spec.model}), concurrency ${b.spec.concurrency}, ~${b.inputTokens} input / ${b.spec.maxTokens} output tokens, after ${b.spec.warmup ?? 0} untimed 1-token warm-up requests`;
  return { exitCode, stdout: renderBench(summary, header) + wrote, stderr };
}
