import { extname } from 'node:path';
import type { TraceFormat } from '../../../app/trace-source.js';
import { columnIndexes } from './csv-line.js';

export { TRACE_FORMATS, type TraceFormat } from '../../../app/trace-source.js';

/** Columns that identify each CSV format in a header (names compared without case). */
const SIGNATURES: readonly [TraceFormat, readonly string[]][] = [
  ['azure', ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens']],
  ['burstgpt', ['Timestamp', 'Request tokens', 'Response tokens']],
  ['plain', ['arrival_s', 'input_tokens', 'output_tokens']],
];

/**
 * The format of a trace from its first non-blank line (split into CSV fields in `header`) and its name:
 * a line starting with `{` is Mooncake JSONL; a CSV header is recognised by its columns; failing those, a
 * `.jsonl`/`.ndjson` name means Mooncake. Undefined when nothing matches.
 */
export function detectTraceFormat(
  path: string,
  firstLine: string,
  header: string[],
): TraceFormat | undefined {
  if (firstLine.trimStart().startsWith('{')) return 'mooncake';
  for (const [format, columns] of SIGNATURES) {
    if (columnIndexes(header, columns).missing.length === 0) return format;
  }
  const extension = extname(path).toLowerCase();
  return extension === '.jsonl' || extension === '.ndjson' ? 'mooncake' : undefined;
}
