import type { Issue } from '../../../core/issue.js';
import { CsvLine, columnIndexes } from './csv-line.js';
import type { GrowableWorkload } from './growable-workload.js';
import { fieldCountIssue, headerIssue, numberIssue } from './trace-row-issue.js';
import type { RowVerdict, TraceRowParser } from './trace-row-parser.js';

/**
 * BurstGPT: `Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type` (v2 adds `Session ID`
 * and `Elapsed time`, ignored here). Timestamp: seconds from midnight of the trace's first day.
 */
export const BURSTGPT_COLUMNS = ['Timestamp', 'Request tokens', 'Response tokens'] as const;

export interface BurstGptFilter {
  /** Keep only rows whose `Model` is this (e.g. `ChatGPT`, `GPT-4`; compared without case). */
  model?: string;
  /** Keep only rows whose `Log Type` is this (`Conversation log` or `API log`; compared without case). */
  logType?: string;
  /**
   * Rows with `Response tokens` 0 are failed requests (BurstGPT's README: its files "with some failure that
   * Response tokens are 0s"). `drop` (the default) leaves them out and counts them; `keep` imports them as
   * requests with 0 output tokens (a prompt the server read and answered with nothing).
   */
  failedRequests?: 'drop' | 'keep';
}

/**
 * Rows of a BurstGPT trace. Order of checks: field count, then the model and log-type filters (a row of
 * another model is not examined further), then the numbers, then the failed-request rule. `Total tokens`
 * is not checked against the sum of the other two.
 */
export function burstGptRowParser(
  header: string[],
  headerLine: number,
  sink: GrowableWorkload,
  file: string,
  filter: BurstGptFilter,
): TraceRowParser | Issue {
  const wanted = [
    ...BURSTGPT_COLUMNS,
    ...(filter.model !== undefined ? ['Model'] : []),
    ...(filter.logType !== undefined ? ['Log Type'] : []),
  ];
  const { indexes, missing } = columnIndexes(header, wanted);
  if (missing.length > 0) return headerIssue(file, headerLine, 'burstgpt', missing, header);
  const [timeColumn = 0, inputColumn = 2, outputColumn = 3] = indexes;
  const modelColumn = filter.model !== undefined ? (indexes[3] ?? -1) : -1;
  const logTypeColumn = filter.logType !== undefined ? (indexes[indexes.length - 1] ?? -1) : -1;
  const model = new TextEncoder().encode(filter.model?.trim() ?? '');
  const logType = new TextEncoder().encode(filter.logType?.trim() ?? '');
  const keepFailed = filter.failedRequests === 'keep';
  const fields = new CsvLine(header.length);
  return {
    parse(bytes: Buffer, start: number, end: number, line: number): RowVerdict {
      if (fields.split(bytes, start, end) !== header.length) {
        return fieldCountIssue(file, line, header.length, fields.fieldCount);
      }
      if (modelColumn >= 0 && !fields.equalsIgnoringCase(modelColumn, model)) return 'other-model';
      if (logTypeColumn >= 0 && !fields.equalsIgnoringCase(logTypeColumn, logType)) return 'other-log-type';
      const arrivalSeconds = fields.nonNegativeDecimal(timeColumn);
      if (Number.isNaN(arrivalSeconds)) {
        return numberIssue(file, line, 'Timestamp', fields.text(timeColumn), 'seconds');
      }
      const inputTokens = fields.wholeNumber(inputColumn);
      if (Number.isNaN(inputTokens)) {
        return numberIssue(file, line, 'Request tokens', fields.text(inputColumn), 'tokens');
      }
      const outputTokens = fields.wholeNumber(outputColumn);
      if (Number.isNaN(outputTokens)) {
        return numberIssue(file, line, 'Response tokens', fields.text(outputColumn), 'tokens');
      }
      if (outputTokens === 0 && !keepFailed) return 'failed-request';
      sink.push(arrivalSeconds, inputTokens, outputTokens);
      return 'kept';
    },
  };
}
