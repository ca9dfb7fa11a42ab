import type { Issue } from '../../../core/issue.js';

/**
 * What became of one data row: kept (pushed into the workload), filtered out by a documented rule (a failed
 * request, another model, another log type), or bad (an issue saying why, with its line).
 */
export type RowVerdict = 'kept' | 'failed-request' | 'other-model' | 'other-log-type' | Issue;

/** Reads one trace format's data rows into a workload. */
export interface TraceRowParser {
  /** The row is `bytes[start, end)`, without its line terminator; `line` counts from 1. */
  parse(bytes: Buffer, start: number, end: number, line: number): RowVerdict;
}
