import type { GrowableWorkload } from './growable-workload.js';
import { traceRowIssue } from './trace-row-issue.js';
import type { RowVerdict, TraceRowParser } from './trace-row-parser.js';

/** Mooncake's prefix-cache block size: each `hash_ids` entry stands for 512 prompt tokens. */
export const MOONCAKE_BLOCK_TOKENS = 512;
const MAX_UINT32 = 0xffffffff;

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_UINT32;

function show(value: unknown): string {
  return value === undefined ? '' : (JSON.stringify(value) ?? String(value));
}

/**
 * Rows of a Mooncake JSONL trace: one JSON object a line, `{"timestamp": ms, "input_length": tokens,
 * "output_length": tokens, "hash_ids": [block ids]}`; `hash_ids` is optional, other keys are ignored.
 * The line's object is parsed and dropped at once; only the numbers are kept.
 */
export function mooncakeRowParser(sink: GrowableWorkload, file: string): TraceRowParser {
  return {
    parse(bytes: Buffer, start: number, end: number, line: number): RowVerdict {
      const text = bytes.toString('utf8', start, end);
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch {
        return traceRowIssue(file, line, 'not a JSON object', undefined, text);
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        return traceRowIssue(file, line, 'not a JSON object', undefined, text);
      }
      const { timestamp, input_length, output_length, hash_ids } = row as Record<string, unknown>;
      if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) {
        const problem = timestamp === undefined ? 'is missing' : 'is not a number of milliseconds ≥ 0';
        return traceRowIssue(file, line, `timestamp ${problem}`, 'timestamp', show(timestamp));
      }
      for (const [column, value] of [
        ['input_length', input_length],
        ['output_length', output_length],
      ] as const) {
        if (!isCount(value)) {
          const problem = value === undefined ? 'is missing' : 'is not a whole number of tokens ≥ 0';
          return traceRowIssue(file, line, `${column} ${problem}`, column, show(value));
        }
      }
      if (hash_ids !== undefined && !(Array.isArray(hash_ids) && hash_ids.every(isCount))) {
        return traceRowIssue(
          file,
          line,
          'hash_ids is not a list of whole numbers below 2^32',
          'hash_ids',
          show(hash_ids),
        );
      }
      sink.push(
        timestamp / 1000,
        input_length as number,
        output_length as number,
        hash_ids as number[] | undefined,
      );
      return 'kept';
    },
  };
}
