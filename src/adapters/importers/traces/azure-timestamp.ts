const DIGIT_0 = 48;
const MINUS = 45;
const SPACE = 32;
const COLON = 58;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;
const SECONDS_PER_DAY = 86400;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Parses the Azure LLM inference trace's `TIMESTAMP` (`2023-11-16 18:15:46.6805900`: date, time, up to 9
 * fractional digits; a `T` instead of the space and a trailing `Z` are accepted too). The timestamp has no
 * zone; it is read as UTC, which only matters for differences across a daylight-saving change.
 *
 * The whole seconds and the fraction are kept apart: seconds since 1970 need 10 digits and the fraction 7
 * more, beyond a double's 15–16, so callers subtract whole seconds first (`wholeSeconds − base + fraction`).
 */
export class AzureTimestamp {
  /** Whole seconds since 1970-01-01T00:00:00 of the last parse. */
  wholeSeconds = 0;
  /** The fraction of a second, [0, 1). */
  fractionSeconds = 0;

  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;

  /** Parses `bytes[start, end)`; false when it is not a timestamp of that shape. */
  parse(bytes: Uint8Array, start: number, end: number): boolean {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    const year = this.digits(4);
    if (year < 0 || !this.expect(MINUS)) return false;
    const month = this.digits(2);
    if (month < 1 || month > 12 || !this.expect(MINUS)) return false;
    const day = this.digits(2);
    const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
    if (day < 1 || day > monthDays || !(this.expect(SPACE) || this.expect(LETTER_T))) return false;
    const hour = this.digits(2);
    if (hour < 0 || hour > 23 || !this.expect(COLON)) return false;
    const minute = this.digits(2);
    if (minute < 0 || minute > 59 || !this.expect(COLON)) return false;
    const second = this.digits(2);
    if (second < 0 || second > 60) return false;
    let fraction = 0;
    if (this.expect(DOT)) {
      let scale = 1;
      const fractionStart = this.at;
      while (this.at < end && this.at - fractionStart < 9) {
        const d = (bytes[this.at] ?? 0) - DIGIT_0;
        if (d < 0 || d > 9) break;
        fraction = fraction * 10 + d;
        scale *= 10;
        this.at++;
      }
      if (this.at === fractionStart) return false;
      fraction /= scale;
    }
    this.expect(LETTER_Z);
    if (this.at !== end) return false;
    this.wholeSeconds =
      daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    this.fractionSeconds = fraction;
    return true;
  }

  /** The next `count` bytes as a decimal number, or −1 when they are not all digits. */
  private digits(count: number): number {
    if (this.at + count > this.end) return -1;
    let value = 0;
    for (let k = 0; k < count; k++) {
      const d = (this.bytes[this.at + k] ?? 0) - DIGIT_0;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
    }
    this.at += count;
    return value;
  }

  /** Consumes the next byte when it is `byte`. */
  private expect(byte: number): boolean {
    if (this.at >= this.end || this.bytes[this.at] !== byte) return false;
    this.at++;
    return true;
  }
}
