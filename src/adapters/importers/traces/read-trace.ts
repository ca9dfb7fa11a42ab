import { basename } from 'node:path';
import type { TraceRowCounts } from '../../../app/trace-source.js';
import { fail, type Issue, ok, type Result } from '../../../core/issue.js';
import type { Workload } from '../../../sim/workload.js';
import { azureRowParser } from './azure-rows.js';
import { type BurstGptFilter, burstGptRowParser } from './burstgpt-rows.js';
import { CsvLine } from './csv-line.js';
import { GrowableWorkload } from './growable-workload.js';
import { MOONCAKE_BLOCK_TOKENS, mooncakeRowParser } from './mooncake-rows.js';
import { plainRowParser } from './plain-rows.js';
import { readLines } from './read-lines.js';
import { detectTraceFormat, TRACE_FORMATS, type TraceFormat } from './trace-format.js';
import type { TraceRowParser } from './trace-row-parser.js';

export interface ReadTraceOptions extends BurstGptFilter {
  /** The format, when detection (from the first line and the file name) should not decide. */
  format?: TraceFormat;
  /**
   * What a bad row (wrong field count, a value that is missing, not a number, negative, fractional tokens)
   * does: `skip` (the default) leaves it out, keeps reading and reports it as a warning; `fail` imports
   * nothing and returns the bad rows found, reading no further than `maxIssues` of them.
   */
  onBadRow?: 'skip' | 'fail';
  /** How many bad-row issues to return (the rest are only counted). Default 20. */
  maxIssues?: number;
}

export type { TraceRowCounts } from '../../../app/trace-source.js';

export interface TraceReport {
  workload: Workload;
  format: TraceFormat;
  rows: TraceRowCounts;
  filtered: { failedRequests: number; otherModels: number; otherLogTypes: number };
  /** Whether the file listed its rows in arrival order; when not, they were sorted (stably). */
  sortedInFile: boolean;
}

const DEFAULT_MAX_ISSUES = 20;
const MAX_HEADER_FIELDS = 256;
const MAX_SHOWN_HEADER_CHARS = 200;

const isBlank = (bytes: Buffer, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) if (bytes[i] !== 32 && bytes[i] !== 9) return false;
  return true;
};

/** One pass over a trace file: picks the parser at the first line, then counts what becomes of each row. */
class TraceImport {
  readonly sink = new GrowableWorkload();
  parser: TraceRowParser | undefined;
  format: TraceFormat | undefined;
  setupIssue: Issue | undefined;
  readonly counts = { read: 0, kept: 0, skipped: 0, failedRequests: 0, otherModels: 0, otherLogTypes: 0 };
  readonly issues: Issue[] = [];
  stoppedAtLine: number | undefined;
  private readonly maxIssues: number;

  constructor(
    private readonly path: string,
    private readonly options: ReadTraceOptions,
  ) {
    this.maxIssues = Math.max(1, options.maxIssues ?? DEFAULT_MAX_ISSUES);
  }

  readonly onLine = (bytes: Buffer, start: number, end: number, line: number): boolean => {
    if (isBlank(bytes, start, end)) return true;
    if (this.parser === undefined) {
      const headerRead = this.begin(bytes, start, end, line);
      if (this.parser === undefined) return false;
      if (headerRead) return true;
    }
    this.counts.read++;
    const verdict = this.parser.parse(bytes, start, end, line);
    if (verdict === 'kept') this.counts.kept++;
    else if (verdict === 'failed-request') this.counts.failedRequests++;
    else if (verdict === 'other-model') this.counts.otherModels++;
    else if (verdict === 'other-log-type') this.counts.otherLogTypes++;
    else {
      this.counts.skipped++;
      if (this.issues.length < this.maxIssues) this.issues.push(verdict);
      if (this.options.onBadRow === 'fail' && this.issues.length >= this.maxIssues) {
        this.stoppedAtLine = line;
        return false;
      }
    }
    return true;
  };

  /** Chooses the format and parser from the first non-blank line; true when that line was a header. */
  private begin(bytes: Buffer, start: number, end: number, line: number): boolean {
    const text = bytes.toString('utf8', start, end);
    const fields = new CsvLine(MAX_HEADER_FIELDS);
    fields.split(bytes, start, end);
    const header = fields.texts();
    const format = this.options.format ?? detectTraceFormat(this.path, text, header);
    if (format === undefined) {
      this.setupIssue = {
        code: 'trace-format-unknown',
        path: this.path,
        details: {
          file: this.path,
          firstLine:
            text.length > MAX_SHOWN_HEADER_CHARS ? `${text.slice(0, MAX_SHOWN_HEADER_CHARS)}…` : text,
          formats: [...TRACE_FORMATS],
        },
      };
      return false;
    }
    this.format = format;
    if (format === 'mooncake') {
      this.parser = mooncakeRowParser(this.sink, this.path);
      return false;
    }
    const parser =
      format === 'azure'
        ? azureRowParser(header, line, this.sink, this.path)
        : format === 'plain'
          ? plainRowParser(header, line, this.sink, this.path)
          : burstGptRowParser(header, line, this.sink, this.path, this.options);
    if ('parse' in parser) this.parser = parser;
    else this.setupIssue = parser;
    return true;
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/**
 * Reads a request trace (Azure 2023 CSV, Mooncake JSONL, BurstGPT CSV or plain
 * `arrival_s,input_tokens,output_tokens` CSV; detected unless `options.format` says) into a `Workload`,
 * streaming: the file is read in chunks and its rows go straight into typed arrays. Arrival times become
 * seconds from the earliest request, sorted if the file was not (a warning says so). Bad rows are issues
 * with their `file:line`; `options.onBadRow` decides whether they are skipped or fail the import. Good rows
 * are never dropped, except by the documented filters (BurstGPT failed requests, `model`, `logType`).
 */
export async function readTrace(path: string, options: ReadTraceOptions = {}): Promise<Result<TraceReport>> {
  const run = new TraceImport(path, options);
  try {
    await readLines(path, run.onLine);
  } catch (error) {
    if (!isFileError(error)) throw error;
    return fail({
      code: 'trace-file-unreadable',
      path,
      message: error.message,
      details: { file: path, reason: error.code ?? 'unknown' },
    });
  }
  if (run.setupIssue) return fail(run.setupIssue);
  const { counts, issues, format } = run;
  if (format === undefined) {
    return fail({ code: 'trace-empty', path, details: { file: path, read: 0, skipped: 0, filtered: 0 } });
  }
  if (options.onBadRow === 'fail' && counts.skipped > 0) {
    const details: NonNullable<Issue['details']> = { file: path, badRows: counts.skipped };
    if (run.stoppedAtLine !== undefined) details.stoppedAtLine = run.stoppedAtLine;
    return fail(...issues, { code: 'trace-rows-rejected', path, details });
  }
  const filtered = counts.failedRequests + counts.otherModels + counts.otherLogTypes;
  if (counts.kept === 0) {
    const details: NonNullable<Issue['details']> = {
      file: path,
      read: counts.read,
      skipped: counts.skipped,
      filtered,
    };
    if (options.model !== undefined) details.model = options.model;
    if (options.logType !== undefined) details.logType = options.logType;
    return fail({ code: 'trace-empty', path, details }, ...issues);
  }

  const warnings: Issue[] = [...issues];
  if (counts.skipped > 0) {
    warnings.push({
      code: 'trace-rows-skipped',
      path,
      details: { file: path, skipped: counts.skipped, shown: issues.length, read: counts.read },
    });
  }
  const outOfOrder = run.sink.outOfOrder;
  if (outOfOrder > 0) {
    warnings.push({ code: 'trace-unsorted', path, details: { file: path, outOfOrder } });
  }
  if (counts.failedRequests > 0) {
    warnings.push({
      code: 'trace-failed-requests-dropped',
      path,
      details: { file: path, failedRequests: counts.failedRequests, read: counts.read },
    });
  }
  if (format !== 'burstgpt') {
    for (const option of ['model', 'logType', 'failedRequests'] as const) {
      if (options[option] === undefined) continue;
      warnings.push({ code: 'trace-filter-unsupported', path, details: { file: path, format, option } });
    }
  }

  const filters = [options.model, options.logType].filter((f) => f !== undefined && format === 'burstgpt');
  const source = `${basename(path)} (${[format, ...filters].join(', ')})`;
  const workload = run.sink.finish(source, MOONCAKE_BLOCK_TOKENS);
  return ok(
    {
      workload,
      format,
      rows: { read: counts.read, kept: counts.kept, skipped: counts.skipped, filtered },
      filtered: {
        failedRequests: counts.failedRequests,
        otherModels: counts.otherModels,
        otherLogTypes: counts.otherLogTypes,
      },
      sortedInFile: outOfOrder === 0,
    },
    warnings,
  );
}
