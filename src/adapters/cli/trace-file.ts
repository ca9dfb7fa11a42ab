import type { OptionReader } from '../../app/option-reader.js';
import type { Issue, Result } from '../../core/issue.js';
import { firstRequests } from '../../sim/scale-workload.js';
import type { Workload } from '../../sim/workload.js';
import { readTrace } from '../importers/traces/read-trace.js';
import { TRACE_FORMATS, type TraceFormat } from '../importers/traces/trace-format.js';

/** --trace-format, --on-bad-row and --first: how a command reads its --trace file. */
export interface TraceFileOptions {
  format?: TraceFormat;
  onBadRow?: 'skip' | 'fail';
  first?: number;
}

export function readTraceFileOptions(o: OptionReader): TraceFileOptions {
  const format = o.oneOf('traceFormat', TRACE_FORMATS);
  const onBadRow = o.oneOf('onBadRow', ['skip', 'fail'] as const);
  const first = o.positiveInteger('first');
  return {
    ...(format !== undefined ? { format: format as TraceFormat } : {}),
    ...(onBadRow !== undefined ? { onBadRow } : {}),
    ...(first !== undefined ? { first } : {}),
  };
}

/** A --trace file read (its first `--first` requests when asked), with the reader's warnings; undefined without a path. */
export async function loadTraceFile(
  path: string | undefined,
  options: TraceFileOptions,
): Promise<Result<{ workload: Workload; warnings: Issue[] }> | undefined> {
  if (path === undefined) return undefined;
  const trace = await readTrace(path, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.onBadRow ? { onBadRow: options.onBadRow } : {}),
  });
  if (!trace.ok) return trace;
  const workload =
    options.first !== undefined ? firstRequests(trace.value.workload, options.first) : trace.value.workload;
  return { ok: true, value: { workload, warnings: trace.warnings }, warnings: trace.warnings };
}
