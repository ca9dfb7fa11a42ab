import { createReadStream } from 'node:fs';

/**
 * Called with one line: its bytes are `bytes[start, end)`, without the line terminator (`\n` or `\r\n`).
 * `lineNumber` counts from 1. Return `false` to stop reading. The buffer is reused: copy what you keep.
 */
export type LineHandler = (bytes: Buffer, start: number, end: number, lineNumber: number) => boolean;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Streams a file line by line without making a string or an object per line: the file is read in chunks
 * (1 MiB by default) and lines are handed over as byte ranges of the chunk. A UTF-8 byte-order mark at the
 * start is skipped, `\r\n` and `\n` both end a line, and a last line without a terminator is still a line.
 * Rejects when the file cannot be read.
 */
export async function readLines(
  path: string,
  onLine: LineHandler,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  let carry: Buffer | undefined;
  let lineNumber = 0;
  const emit = (bytes: Buffer, start: number, lineEnd: number): boolean => {
    lineNumber++;
    let from = start;
    let end = lineEnd;
    if (end > from && bytes[end - 1] === CARRIAGE_RETURN) end--;
    if (
      lineNumber === 1 &&
      end - from >= 3 &&
      bytes[from] === 0xef &&
      bytes[from + 1] === 0xbb &&
      bytes[from + 2] === 0xbf
    ) {
      from += 3;
    }
    return onLine(bytes, from, end, lineNumber);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    let start = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, start)) {
      if (!emit(bytes, start, newline)) return; // leaving the loop closes the stream
      start = newline + 1;
    }
    carry = start < bytes.length ? bytes.subarray(start) : undefined;
  }
  if (carry !== undefined) emit(carry, 0, carry.length);
}
