import type { Issue } from '../../../core/issue.js';
import { CsvLine, columnIndexes } from './csv-line.js';
import type { GrowableWorkload } from './growable-workload.js';
import { fieldCountIssue, headerIssue, numberIssue } from './trace-row-issue.js';
import type { RowVerdict, TraceRowParser } from './trace-row-parser.js';

/** The plain format: `arrival_s,input_tokens,output_tokens` (arrival in seconds, any origin). */
export const PLAIN_COLUMNS = ['arrival_s', 'input_tokens', 'output_tokens'] as const;

/** Rows of a plain CSV trace; other columns are allowed and ignored. */
export function plainRowParser(
  header: string[],
  headerLine: number,
  sink: GrowableWorkload,
  file: string,
): TraceRowParser | Issue {
  const { indexes, missing } = columnIndexes(header, PLAIN_COLUMNS);
  if (missing.length > 0) return headerIssue(file, headerLine, 'plain', missing, header);
  const [timeColumn = 0, inputColumn = 1, outputColumn = 2] = indexes;
  const fields = new CsvLine(header.length);
  return {
    parse(bytes: Buffer, start: number, end: number, line: number): RowVerdict {
      if (fields.split(bytes, start, end) !== header.length) {
        return fieldCountIssue(file, line, header.length, fields.fieldCount);
      }
      const arrivalSeconds = fields.nonNegativeDecimal(timeColumn);
      if (Number.isNaN(arrivalSeconds)) {
        return numberIssue(file, line, 'arrival_s', fields.text(timeColumn), 'seconds');
      }
      const inputTokens = fields.wholeNumber(inputColumn);
      if (Number.isNaN(inputTokens)) {
        return numberIssue(file, line, 'input_tokens', fields.text(inputColumn), 'tokens');
      }
      const outputTokens = fields.wholeNumber(outputColumn);
      if (Number.isNaN(outputTokens)) {
        return numberIssue(file, line, 'output_tokens', fields.text(outputColumn), 'tokens');
      }
      sink.push(arrivalSeconds, inputTokens, outputTokens);
      return 'kept';
    },
  };
}
