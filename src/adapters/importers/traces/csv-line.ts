const COMMA = 44;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;
const DOT = 46;
const MINUS = 45;
const DIGIT_0 = 48;
const MAX_UINT32 = 0xffffffff;
/** Integers up to 15 digits and powers of ten up to 1e22 are exact doubles: one rounding, the correct one. */
const EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, k) => 10 ** k);
const DECIMAL = /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= DIGIT_0 && byte <= 57;

/**
 * One CSV line split into fields in place, as byte ranges: no strings unless asked for. Fields are
 * trimmed of spaces and tabs, and of one pair of surrounding double quotes; a quoted field may not contain
 * a comma (these traces have none). Reused from line to line.
 */
export class CsvLine {
  bytes: Buffer = Buffer.alloc(0);
  /** Fields on the line, including any beyond `maxFields` (those are counted, not stored). */
  fieldCount = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(readonly maxFields: number) {
    this.starts = new Int32Array(maxFields);
    this.ends = new Int32Array(maxFields);
  }

  /** Splits `bytes[start, end)`; returns the number of fields. */
  split(bytes: Buffer, start: number, end: number): number {
    this.bytes = bytes;
    let count = 0;
    let fieldStart = start;
    for (let i = start; i <= end; i++) {
      if (i !== end && bytes[i] !== COMMA) continue;
      if (count < this.maxFields) {
        let s = fieldStart;
        let e = i;
        while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
        while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
        if (e - s >= 2 && bytes[s] === QUOTE && bytes[e - 1] === QUOTE) {
          s++;
          e--;
        }
        this.starts[count] = s;
        this.ends[count] = e;
      }
      count++;
      fieldStart = i + 1;
    }
    this.fieldCount = count;
    return count;
  }

  /** Field `i` as text (UTF-8). */
  text(i: number): string {
    return this.bytes.toString('utf8', this.starts[i], this.ends[i]);
  }

  /** The stored fields as text. */
  texts(): string[] {
    return Array.from({ length: Math.min(this.fieldCount, this.maxFields) }, (_, i) => this.text(i));
  }

  /** Whether field `i` equals `expected` (ASCII letters compared without case). */
  equalsIgnoringCase(i: number, expected: Uint8Array): boolean {
    const s = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    if (e - s !== expected.length) return false;
    for (let k = 0; k < expected.length; k++) {
      if (lowerAscii(this.bytes[s + k] ?? 0) !== lowerAscii(expected[k] ?? 0)) return false;
    }
    return true;
  }

  /** Field `i` as a whole number in [0, 2^32), or NaN when it is anything else (empty, signed, fractional…). */
  wholeNumber(i: number): number {
    const s = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    if (e === s || e - s > 10) return Number.NaN;
    let value = 0;
    for (let k = s; k < e; k++) {
      const byte = this.bytes[k] ?? 0;
      if (!isDigit(byte)) return Number.NaN;
      value = value * 10 + (byte - DIGIT_0);
    }
    return value <= MAX_UINT32 ? value : Number.NaN;
  }

  /** Field `i` as a finite decimal ≥ 0 (`12`, `12.5`, `.5`, `1e3`), or NaN when it is anything else. */
  nonNegativeDecimal(i: number): number {
    const s = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    // Fast path: digits with at most one dot and at most 15 digits in all.
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let dot = false;
    let k = s;
    for (; k < e; k++) {
      const byte = this.bytes[k] ?? 0;
      if (isDigit(byte)) {
        mantissa = mantissa * 10 + (byte - DIGIT_0);
        digits++;
        if (dot) fractionDigits++;
      } else if (byte === DOT && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (k === e && digits > 0 && digits <= EXACT_DIGITS) {
      return mantissa / (POWERS_OF_TEN[fractionDigits] ?? 1);
    }
    if (e > s && this.bytes[s] === MINUS) return Number.NaN;
    const text = this.text(i);
    if (!DECIMAL.test(text)) return Number.NaN;
    const value = Number(text);
    return Number.isFinite(value) ? value : Number.NaN;
  }

  /** Offset of field `i`'s first byte in the buffer. */
  start(i: number): number {
    return this.starts[i] ?? 0;
  }

  /** Offset just past field `i`'s last byte. */
  end(i: number): number {
    return this.ends[i] ?? 0;
  }
}

function lowerAscii(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte + 32 : byte;
}

/**
 * Where each wanted column is in a header (names compared trimmed and without case), or the names that are
 * missing.
 */
export function columnIndexes(
  header: readonly string[],
  wanted: readonly string[],
): { indexes: number[]; missing: string[] } {
  const normal = header.map((name) => name.trim().toLowerCase());
  const indexes = wanted.map((name) => normal.indexOf(name.toLowerCase()));
  return { indexes, missing: wanted.filter((_, k) => indexes[k] === -1) };
}
