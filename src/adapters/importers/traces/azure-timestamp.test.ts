import { describe, expect, it } from 'vitest';
import { AzureTimestamp } from './azure-timestamp.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

function parse(text: string): AzureTimestamp | undefined {
  const t = new AzureTimestamp();
  return t.parse(bytes(text), 0, text.length) ? t : undefined;
}

describe('AzureTimestamp', () => {
  it('reads 2023-11-16 18:15:46.6805900 as 1700158546 whole seconds since 1970 and 0.68059 s', () => {
    const t = parse('2023-11-16 18:15:46.6805900');
    expect(t?.wholeSeconds).toBe(Date.UTC(2023, 10, 16, 18, 15, 46) / 1000);
    expect(t?.wholeSeconds).toBe(1700158546);
    expect(t?.fractionSeconds).toBeCloseTo(0.68059, 12);
  });

  it('agrees with Date.UTC on month ends, leap days and centuries', () => {
    for (const [text, utc] of [
      ['2024-02-29 00:00:00', Date.UTC(2024, 1, 29)],
      ['2000-03-01 12:00:00', Date.UTC(2000, 2, 1, 12)],
      ['1999-12-31 23:59:59', Date.UTC(1999, 11, 31, 23, 59, 59)],
      ['1970-01-01 00:00:00', 0],
    ] as const) {
      expect(parse(text)?.wholeSeconds, text).toBe(utc / 1000);
    }
  });

  it('accepts a T separator, a trailing Z and 1 to 9 fractional digits', () => {
    expect(parse('2023-11-16T18:15:46Z')?.fractionSeconds).toBe(0);
    expect(parse('2023-11-16 18:15:46.5')?.fractionSeconds).toBe(0.5);
    expect(parse('2023-11-16 18:15:46.123456789')?.fractionSeconds).toBeCloseTo(0.123456789, 12);
  });

  it('rejects impossible dates and other shapes', () => {
    for (const text of [
      '',
      '2023-13-16 18:15:46',
      '2023-02-29 00:00:00',
      '2023-11-31 00:00:00',
      '2023-11-16 24:00:00',
      '2023-11-16 18:60:00',
      '2023-11-16',
      '2023-11-16 18:15:46.',
      '2023-11-16 18:15:46.1234567890',
      '2023-11-16 18:15:46 +01:00',
      '16/11/2023 18:15:46',
      '1700158546',
    ]) {
      expect(parse(text), text).toBeUndefined();
    }
  });
});
