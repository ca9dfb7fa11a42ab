import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../../core/issue.js';
import { type ReadTraceOptions, readTrace, type TraceReport } from './read-trace.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infersave-traces-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function imported(path: string, options: ReadTraceOptions = {}): Promise<TraceReport> {
  const result = await readTrace(path, options);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.issues)}`);
  return result.value;
}

async function failure(path: string, options: ReadTraceOptions = {}): Promise<Issue[]> {
  const result = await readTrace(path, options);
  if (result.ok) throw new Error('import unexpectedly succeeded');
  return result.issues;
}

const codes = (issues: Issue[]) => issues.map((i) => i.code);

/** The first lines of AzureLLMInferenceTrace_conv.csv, byte for byte: CRLF line ends, no final newline. */
const AZURE_HEAD = [
  'TIMESTAMP,ContextTokens,GeneratedTokens',
  '2023-11-16 18:15:46.6805900,374,44',
  '2023-11-16 18:15:50.9951690,396,109',
  '2023-11-16 18:15:51.2224670,879,55',
  '2023-11-16 18:15:51.3910170,91,16',
  '2023-11-16 18:15:52.5732450,91,16',
].join('\r\n');

/** Lines 1–4 and 11 of Mooncake's conversation_trace.jsonl and line 6 of synthetic_trace.jsonl. */
const MOONCAKE_HEAD = [
  '{"timestamp": 0, "input_length": 6758, "output_length": 500, "hash_ids": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]}',
  '{"timestamp": 0, "input_length": 7322, "output_length": 490, "hash_ids": [0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]}',
  '{"timestamp": 0, "input_length": 7236, "output_length": 794, "hash_ids": [0, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41]}',
  '{"timestamp": 0, "input_length": 2290, "output_length": 316, "hash_ids": [0, 42, 43, 44, 45]}',
  '{"timestamp": 3000, "input_length": 13544, "output_length": 71, "hash_ids": [0, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244]}',
  '{"timestamp": 3529, "input_length": 28, "output_length": 445, "hash_ids": [298]}',
].join('\n');

/** BurstGPT as its README describes it (seconds from the first day's midnight; failures have 0 response tokens). */
const BURSTGPT = [
  'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type',
  '5,ChatGPT,472,18,490,Conversation log',
  '45,ChatGPT,1087,0,1087,Conversation log',
  '118,GPT-4,417,276,693,API log',
  '120.5,ChatGPT,20,130,150,API log',
  '131,GPT-4,2000,0,2000,Conversation log',
  '',
].join('\n');

describe('Azure 2023 CSV', () => {
  it('reads arrivals as seconds from the first request, ContextTokens as input and GeneratedTokens as output', async () => {
    const report = await imported(write('AzureLLMInferenceTrace_conv.csv', AZURE_HEAD));
    expect(report.format).toBe('azure');
    expect(report.rows).toEqual({ read: 5, kept: 5, skipped: 0, filtered: 0 });
    const w = report.workload;
    expect([...w.arrivalSeconds].map((t) => Number(t.toFixed(7)))).toEqual([
      0, 4.314579, 4.541877, 4.710427, 5.892655,
    ]);
    expect([...w.inputTokens]).toEqual([374, 396, 879, 91, 91]);
    expect([...w.outputTokens]).toEqual([44, 109, 55, 16, 16]);
    expect(w.prefix).toBeUndefined();
    expect(w.source).toBe('AzureLLMInferenceTrace_conv.csv (azure)');
    expect(report.sortedInFile).toBe(true);
  });

  it('keeps sub-microsecond differences across midnight and month ends', async () => {
    const path = write(
      'midnight.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-30 23:59:59.9999999,1,1\n2023-12-01 00:00:00.0000001,2,2\n',
    );
    const { arrivalSeconds } = (await imported(path)).workload;
    expect(arrivalSeconds[1]).toBeCloseTo(2e-7, 12);
  });

  it('reports a malformed timestamp with its line and value', async () => {
    const path = write('bad-time.csv', `${AZURE_HEAD}\r\n2023-13-16 18:15:53.0,10,10\r\n`);
    const result = await readTrace(path);
    expect(result.ok && result.warnings[0]).toMatchObject({
      code: 'trace-row-invalid',
      path: `${path}:7`,
      details: { line: 7, column: 'TIMESTAMP', value: '2023-13-16 18:15:53.0' },
    });
  });
});

describe('Mooncake JSONL', () => {
  it('reads timestamp in milliseconds as seconds and hash_ids as 512-token prefix blocks', async () => {
    const report = await imported(write('conversation_trace.jsonl', MOONCAKE_HEAD));
    expect(report.format).toBe('mooncake');
    const w = report.workload;
    expect([...w.arrivalSeconds]).toEqual([0, 0, 0, 0, 3, 3.529]);
    expect([...w.inputTokens]).toEqual([6758, 7322, 7236, 2290, 13544, 28]);
    expect([...w.outputTokens]).toEqual([500, 490, 794, 316, 71, 445]);
    expect(w.prefix?.blockTokens).toBe(512);
    expect([...(w.prefix?.blockOffsets ?? [])]).toEqual([0, 14, 29, 44, 49, 76, 77]);
    expect([...(w.prefix?.blockIds.subarray(44, 49) ?? [])]).toEqual([0, 42, 43, 44, 45]);
    expect(w.prefix?.blockIds[76]).toBe(298);
  });

  it('gives rows without hash_ids an empty block range, and traces without any no prefix at all', async () => {
    const mixed = await imported(
      write(
        'mixed.jsonl',
        '{"timestamp": 0, "input_length": 5, "output_length": 1}\n{"timestamp": 1, "input_length": 600, "output_length": 1, "hash_ids": [7, 8]}\n',
      ),
    );
    expect([...(mixed.workload.prefix?.blockOffsets ?? [])]).toEqual([0, 0, 2]);
    const none = await imported(
      write('none.jsonl', '{"timestamp": 0, "input_length": 5, "output_length": 1}\n'),
    );
    expect(none.workload.prefix).toBeUndefined();
  });

  it('reports a line that is not JSON, a missing length and bad block ids by line', async () => {
    const path = write(
      'bad.jsonl',
      [
        MOONCAKE_HEAD,
        '{"timestamp": 4000, "input_length": 10',
        '{"timestamp": 4000, "output_length": 10}',
        '{"timestamp": 4000, "input_length": 10, "output_length": 1, "hash_ids": [1, -2]}',
        '{"timestamp": -1, "input_length": 10, "output_length": 1}',
      ].join('\n'),
    );
    const result = await readTrace(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rows).toEqual({ read: 10, kept: 6, skipped: 4, filtered: 0 });
    expect(result.warnings.map((w) => [w.details?.line, w.details?.column, w.message])).toEqual([
      [7, undefined, 'not a JSON object'],
      [8, 'input_length', 'input_length is missing'],
      [9, 'hash_ids', 'hash_ids is not a list of whole numbers below 2^32'],
      [10, 'timestamp', 'timestamp is not a number of milliseconds ≥ 0'],
      [undefined, undefined, undefined],
    ]);
  });
});

describe('BurstGPT CSV', () => {
  it('drops failed requests (Response tokens 0) by default, counts them and says so', async () => {
    const result = await readTrace(write('BurstGPT_1.csv', BURSTGPT));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { workload, rows, filtered, format } = result.value;
    expect(format).toBe('burstgpt');
    expect(rows).toEqual({ read: 5, kept: 3, skipped: 0, filtered: 2 });
    expect(filtered).toEqual({ failedRequests: 2, otherModels: 0, otherLogTypes: 0 });
    expect([...workload.arrivalSeconds]).toEqual([0, 113, 115.5]);
    expect([...workload.inputTokens]).toEqual([472, 417, 20]);
    expect([...workload.outputTokens]).toEqual([18, 276, 130]);
    expect(codes(result.warnings)).toEqual(['trace-failed-requests-dropped']);
  });

  it('keeps failed requests as requests with 0 output tokens when asked', async () => {
    const report = await imported(write('keep.csv', BURSTGPT), { failedRequests: 'keep' });
    expect([...report.workload.outputTokens]).toEqual([18, 0, 276, 130, 0]);
  });

  it('filters by model and by log type, compared without case', async () => {
    const gpt4 = await imported(write('models.csv', BURSTGPT), { model: 'gpt-4' });
    expect([...gpt4.workload.inputTokens]).toEqual([417]);
    expect(gpt4.filtered).toEqual({ failedRequests: 1, otherModels: 3, otherLogTypes: 0 });
    expect(gpt4.workload.source).toBe('models.csv (burstgpt, gpt-4)');
    const api = await imported(write('api.csv', BURSTGPT), { logType: 'API log' });
    expect([...api.workload.inputTokens]).toEqual([417, 20]);
    expect(api.filtered.otherLogTypes).toBe(3);
  });

  it('fails with trace-empty naming the filter when no row matches it', async () => {
    const issues = await failure(write('none.csv', BURSTGPT), { model: 'GPT-5' });
    expect(issues[0]).toMatchObject({
      code: 'trace-empty',
      details: { read: 5, filtered: 5, model: 'GPT-5' },
    });
  });

  it('accepts the v2 columns Session ID and Elapsed time, and ignores them', async () => {
    const v2 = [
      'Timestamp,Session ID,Model,Request tokens,Response tokens,Total tokens,Log Type,Elapsed time',
      '10,s1,ChatGPT,100,20,120,Conversation log,1.5',
      '30,s1,ChatGPT,5000,9000,14000,Conversation log,20.25',
    ].join('\n');
    const report = await imported(write('BurstGPT_v2.csv', v2));
    expect([...report.workload.arrivalSeconds]).toEqual([0, 20]);
    expect([...report.workload.outputTokens]).toEqual([20, 9000]);
  });
});

describe('format detection and file problems', () => {
  it('detects the plain format by its header and ignores blank lines and a byte-order mark', async () => {
    const path = write(
      'plain.csv',
      '\uFEFFarrival_s,input_tokens,output_tokens\n\n10.5,100,20\n  \n12,200,40\n',
    );
    const report = await imported(path);
    expect(report.format).toBe('plain');
    expect(report.rows.read).toBe(2);
    expect([...report.workload.arrivalSeconds]).toEqual([0, 1.5]);
  });

  it('lets an explicit format override detection, and then names the columns the header lacks', async () => {
    const path = write('plain-as-azure.csv', 'arrival_s,input_tokens,output_tokens\n1,2,3\n');
    const issues = await failure(path, { format: 'azure' });
    expect(issues).toEqual([
      {
        code: 'trace-header-invalid',
        path: `${path}:1`,
        details: {
          file: path,
          format: 'azure',
          missing: ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'],
          found: ['arrival_s', 'input_tokens', 'output_tokens'],
        },
      },
    ]);
  });

  it('fails with trace-format-unknown on an unrecognised header', async () => {
    const issues = await failure(write('mystery.csv', 'time,prompt,completion\n1,2,3\n'));
    expect(issues[0]).toMatchObject({
      code: 'trace-format-unknown',
      details: { firstLine: 'time,prompt,completion' },
    });
  });

  it('fails with trace-file-unreadable on a missing file', async () => {
    const issues = await failure(join(dir, 'no-such-trace.csv'));
    expect(issues[0]).toMatchObject({ code: 'trace-file-unreadable', details: { reason: 'ENOENT' } });
  });

  it('fails with trace-empty on an empty file and on a header without rows', async () => {
    expect(codes(await failure(write('empty.csv', '')))).toEqual(['trace-empty']);
    expect(codes(await failure(write('header-only.csv', 'arrival_s,input_tokens,output_tokens\n')))).toEqual([
      'trace-empty',
    ]);
  });

  it('warns that BurstGPT filters do not apply to other formats', async () => {
    const result = await readTrace(write('filtered-azure.csv', AZURE_HEAD), { model: 'ChatGPT' });
    expect(result.ok && result.warnings).toEqual([
      expect.objectContaining({
        code: 'trace-filter-unsupported',
        details: expect.objectContaining({ option: 'model' }),
      }),
    ]);
  });
});
