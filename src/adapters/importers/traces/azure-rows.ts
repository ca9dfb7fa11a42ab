import type { Issue } from '../../../core/issue.js';
import { AzureTimestamp } from './azure-timestamp.js';
import { CsvLine, columnIndexes } from './csv-line.js';
import type { GrowableWorkload } from './growable-workload.js';
import { fieldCountIssue, headerIssue, numberIssue, traceRowIssue } from './trace-row-issue.js';
import type { RowVerdict, TraceRowParser } from './trace-row-parser.js';

/** Azure LLM inference trace 2023: `TIMESTAMP,ContextTokens,GeneratedTokens`. */
export const AZURE_COLUMNS = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'] as const;

/**
 * Rows of the Azure trace. Arrivals are the timestamps' differences, in seconds, from the first row read
 * (the workload then measures them from the earliest); input = ContextTokens, output = GeneratedTokens.
 */
export function azureRowParser(
  header: string[],
  headerLine: number,
  sink: GrowableWorkload,
  file: string,
): TraceRowParser | Issue {
  const { indexes, missing } = columnIndexes(header, AZURE_COLUMNS);
  if (missing.length > 0) return headerIssue(file, headerLine, 'azure', missing, header);
  const [timeColumn = 0, inputColumn = 1, outputColumn = 2] = indexes;
  const fields = new CsvLine(header.length);
  const timestamp = new AzureTimestamp();
  let baseWholeSeconds: number | undefined;
  return {
    parse(bytes: Buffer, start: number, end: number, line: number): RowVerdict {
      if (fields.split(bytes, start, end) !== header.length) {
        return fieldCountIssue(file, line, header.length, fields.fieldCount);
      }
      if (!timestamp.parse(bytes, fields.start(timeColumn), fields.end(timeColumn))) {
        const text = fields.text(timeColumn);
        const problem =
          text === '' ? 'is missing' : `is '${text}', not a time like 2023-11-16 18:15:46.6805900`;
        return traceRowIssue(file, line, `TIMESTAMP ${problem}`, 'TIMESTAMP', text);
      }
      const inputTokens = fields.wholeNumber(inputColumn);
      if (Number.isNaN(inputTokens)) {
        return numberIssue(file, line, 'ContextTokens', fields.text(inputColumn), 'tokens');
      }
      const outputTokens = fields.wholeNumber(outputColumn);
      if (Number.isNaN(outputTokens)) {
        return numberIssue(file, line, 'GeneratedTokens', fields.text(outputColumn), 'tokens');
      }
      baseWholeSeconds ??= timestamp.wholeSeconds;
      const arrivalSeconds = timestamp.wholeSeconds - baseWholeSeconds + timestamp.fractionSeconds;
      sink.push(arrivalSeconds, inputTokens, outputTokens);
      return 'kept';
    },
  };
}
