import type { Issue, Result } from '../core/issue.js';
import type { Workload } from '../sim/workload.js';

/** The trace formats a trace reader reads (docs/workloads.md describes each). */
export const TRACE_FORMATS = ['azure', 'mooncake', 'burstgpt', 'plain'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** How a serving use case asks for a trace: the format (else detected) and what a bad row does. */
export interface TraceReadOptions {
  format?: TraceFormat;
  /** `skip` (the default) leaves a bad row out and reports it; `fail` imports nothing. */
  onBadRow?: 'skip' | 'fail';
}

export interface TraceRowCounts {
  /** Data rows in the file: every non-blank line but the header. */
  read: number;
  /** Rows in the workload. */
  kept: number;
  /** Bad rows left out. */
  skipped: number;
  /** Good rows left out by a filter (see `filtered` in the report). */
  filtered: number;
}

/** A trace as read: the columnar workload, its format and row counts; skipped rows in `warnings`. */
export interface TraceRead {
  workload: Workload;
  format: TraceFormat;
  rows: TraceRowCounts;
}

/** Reads a trace file (the fs adapter streams it); injected so use cases stay free of I/O. */
export type TraceReader = (path: string, options: TraceReadOptions) => Promise<Result<TraceRead>>;

/** The issue when no trace reader was given (e.g. over HTTP, where requests carry no file paths). */
export const NO_TRACE_READER: Issue = {
  code: 'invalid-option',
  path: 'trace',
  message: 'traces cannot be read here: give a synthetic workload',
};
