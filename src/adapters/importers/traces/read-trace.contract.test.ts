import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from './read-trace.js';
import type { TraceFormat } from './trace-format.js';

/**
 * The contract every trace format meets: the same requests written in any format import to the same
 * workload; a bad row is an issue at its own line and costs no good row; `skip` and `fail` behave alike;
 * unsorted rows come out sorted, stably, with a warning.
 */

interface Row {
  arrivalSeconds: number;
  inputTokens: number | string;
  outputTokens: number;
}

interface Writer {
  extension: string;
  header?: string;
  row(r: Row): string;
}

/** Azure timestamps: an arbitrary start, seconds added, printed with 7 fractional digits. */
function azureTime(seconds: number): string {
  const start = Date.UTC(2023, 10, 16, 18, 15, 0);
  const whole = Math.floor(seconds);
  const iso = new Date(start + whole * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const fraction = Math.round((seconds - whole) * 1e7)
    .toString()
    .padStart(7, '0');
  return `${iso}.${fraction}`;
}

const WRITERS: Record<TraceFormat, Writer> = {
  azure: {
    extension: 'csv',
    header: 'TIMESTAMP,ContextTokens,GeneratedTokens',
    row: (r) => `${azureTime(r.arrivalSeconds)},${r.inputTokens},${r.outputTokens}`,
  },
  mooncake: {
    extension: 'jsonl',
    row: (r) =>
      `{"timestamp": ${Math.round(r.arrivalSeconds * 1000)}, "input_length": ${
        typeof r.inputTokens === 'string' ? JSON.stringify(r.inputTokens) : r.inputTokens
      }, "output_length": ${r.outputTokens}}`,
  },
  burstgpt: {
    extension: 'csv',
    header: 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type',
    row: (r) =>
      `${r.arrivalSeconds},ChatGPT,${r.inputTokens},${r.outputTokens},${Number(r.inputTokens) + r.outputTokens},Conversation log`,
  },
  plain: {
    extension: 'csv',
    header: 'arrival_s,input_tokens,output_tokens',
    row: (r) => `${r.arrivalSeconds},${r.inputTokens},${r.outputTokens}`,
  },
};

const REQUESTS: Row[] = [
  { arrivalSeconds: 100, inputTokens: 512, outputTokens: 128 },
  { arrivalSeconds: 100.25, inputTokens: 30, outputTokens: 7 },
  { arrivalSeconds: 101.5, inputTokens: 4096, outputTokens: 1 },
  { arrivalSeconds: 101.5, inputTokens: 77, outputTokens: 300 },
  { arrivalSeconds: 160, inputTokens: 1, outputTokens: 2 },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infersave-trace-contract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes rows in a format; returns the path and the line number of each row. */
function writeTrace(format: TraceFormat, name: string, rows: Row[]): { path: string; lines: number[] } {
  const writer = WRITERS[format];
  const text = [...(writer.header ? [writer.header] : []), ...rows.map(writer.row)];
  const path = join(dir, `${format}-${name}.${writer.extension}`);
  writeFileSync(path, `${text.join('\n')}\n`);
  const first = writer.header ? 2 : 1;
  return { path, lines: rows.map((_, i) => first + i) };
}

describe.each(Object.keys(WRITERS) as TraceFormat[])('the %s importer', (format) => {
  it('imports the shared requests with arrivals measured from the first one', async () => {
    const { path } = writeTrace(format, 'good', REQUESTS);
    const result = await readTrace(path);
    expect(result.ok && result.warnings).toEqual([]);
    if (!result.ok) return;
    expect(result.value.format).toBe(format);
    expect(result.value.rows).toEqual({ read: 5, kept: 5, skipped: 0, filtered: 0 });
    const w = result.value.workload;
    expect([...w.arrivalSeconds].map((t) => Number(t.toFixed(6)))).toEqual([0, 0.25, 1.5, 1.5, 60]);
    expect([...w.inputTokens]).toEqual([512, 30, 4096, 77, 1]);
    expect([...w.outputTokens]).toEqual([128, 7, 1, 300, 2]);
  });

  it('skips bad rows, reporting each at its own line, and keeps every good row', async () => {
    const rows: Row[] = [
      REQUESTS[0] as Row,
      { arrivalSeconds: 100.1, inputTokens: 'many', outputTokens: 5 },
      REQUESTS[1] as Row,
      { arrivalSeconds: 100.3, inputTokens: '-3', outputTokens: 5 },
      ...REQUESTS.slice(2),
    ];
    const { path, lines } = writeTrace(format, 'bad', rows);
    const result = await readTrace(path, { onBadRow: 'skip' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rows).toEqual({ read: 7, kept: 5, skipped: 2, filtered: 0 });
    expect([...result.value.workload.inputTokens]).toEqual([512, 30, 4096, 77, 1]);
    const [first, second, summary] = result.warnings;
    expect(first).toMatchObject({
      code: 'trace-row-invalid',
      path: `${path}:${lines[1]}`,
      details: { line: lines[1] },
    });
    expect(second).toMatchObject({
      code: 'trace-row-invalid',
      path: `${path}:${lines[3]}`,
      details: { line: lines[3] },
    });
    expect(summary).toMatchObject({ code: 'trace-rows-skipped', details: { skipped: 2, shown: 2 } });
  });

  it('imports nothing under onBadRow fail, and returns the bad rows', async () => {
    const rows: Row[] = [REQUESTS[0] as Row, { arrivalSeconds: 100.1, inputTokens: 'x', outputTokens: 5 }];
    const { path, lines } = writeTrace(format, 'fail', rows);
    const result = await readTrace(path, { onBadRow: 'fail' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.details?.line])).toEqual([
      ['trace-row-invalid', lines[1]],
      ['trace-rows-rejected', undefined],
    ]);
    expect(result.issues[1]?.details).toMatchObject({ badRows: 1 });
  });

  it('sorts rows that are out of order, stably, and warns', async () => {
    const shuffled = [REQUESTS[4], REQUESTS[3], REQUESTS[0], REQUESTS[2], REQUESTS[1]] as Row[];
    const { path } = writeTrace(format, 'unsorted', shuffled);
    const result = await readTrace(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.sortedInFile).toBe(false);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'trace-unsorted',
        details: expect.objectContaining({ outOfOrder: 3 }),
      }),
    ]);
    // 101.5 s twice: the 77-token row came first in the file, so it stays first.
    expect([...result.value.workload.inputTokens]).toEqual([512, 30, 77, 4096, 1]);
    expect(result.value.workload.arrivalSeconds[0]).toBe(0);
  });
});

describe('bad-row policy', () => {
  const bad = (arrival: number, input: string): Row => ({
    arrivalSeconds: arrival,
    inputTokens: input,
    outputTokens: 1,
  });

  it('names the problem: field count, missing, not a number, negative, fractional tokens, too large', async () => {
    const path = join(dir, 'problems.csv');
    writeFileSync(
      path,
      [
        'arrival_s,input_tokens,output_tokens',
        '0,10,10',
        '1,10',
        '2,,10',
        'soon,10,10',
        '-4,10,10',
        '5,10.5,10',
        '6,99999999999,10',
        '7,10,10,10',
        '8,10,10',
      ].join('\n'),
    );
    const result = await readTrace(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rows).toEqual({ read: 9, kept: 2, skipped: 7, filtered: 0 });
    expect(result.warnings.slice(0, 7).map((w) => `${w.details?.line}: ${w.message}`)).toEqual([
      '3: expected 3 fields, found 2',
      '4: input_tokens is missing',
      "5: arrival_s is 'soon', not a number",
      '6: arrival_s is negative (-4)',
      '7: input_tokens is 10.5, not a whole number of tokens',
      '8: input_tokens is 99999999999, more than 4294967295 tokens',
      '9: expected 3 fields, found 4',
    ]);
  });

  it('shows the first maxIssues bad rows and counts the rest', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? bad(i, 'x') : (REQUESTS[0] as Row)));
    const { path } = writeTrace('plain', 'many-bad', rows);
    const result = await readTrace(path, { maxIssues: 5 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rows.kept).toBe(15);
    expect(result.warnings.filter((w) => w.code === 'trace-row-invalid')).toHaveLength(5);
    expect(result.warnings.at(-1)).toMatchObject({
      code: 'trace-rows-skipped',
      details: { skipped: 15, shown: 5 },
    });
  });

  it('under fail, stops reading at the maxIssues-th bad row and says where', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? bad(i, 'x') : (REQUESTS[0] as Row)));
    const { path, lines } = writeTrace('plain', 'fail-cap', rows);
    const result = await readTrace(path, { onBadRow: 'fail', maxIssues: 3 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(4);
    expect(result.issues[3]).toMatchObject({
      code: 'trace-rows-rejected',
      details: { badRows: 3, stoppedAtLine: lines[4] },
    });
  });

  it('fails with trace-empty, listing the bad rows, when no row is good', async () => {
    const { path } = writeTrace('plain', 'all-bad', [bad(0, 'x'), bad(1, 'y')]);
    const result = await readTrace(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.code)).toEqual([
      'trace-empty',
      'trace-row-invalid',
      'trace-row-invalid',
    ]);
  });
});
