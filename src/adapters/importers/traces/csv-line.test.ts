import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvLine, columnIndexes } from './csv-line.js';

function split(text: string, maxFields = 8): CsvLine {
  const line = new CsvLine(maxFields);
  line.split(Buffer.from(text), 0, Buffer.byteLength(text));
  return line;
}

describe('CsvLine', () => {
  it('splits on commas, trims spaces and tabs and one pair of surrounding quotes', () => {
    const line = split(' 5 ,\t"ChatGPT" ,, Conversation log');
    expect(line.fieldCount).toBe(4);
    expect(line.texts()).toEqual(['5', 'ChatGPT', '', 'Conversation log']);
  });

  it('counts fields beyond maxFields without storing them', () => {
    const line = split('1,2,3,4,5', 3);
    expect(line.fieldCount).toBe(5);
    expect(line.texts()).toEqual(['1', '2', '3']);
  });

  it('reads whole token counts in [0, 2^32) and nothing else', () => {
    const whole = (text: string) => split(text).wholeNumber(0);
    expect(whole('0')).toBe(0);
    expect(whole('4294967295')).toBe(4294967295);
    for (const text of ['', '4294967296', '12345678901', '-1', '+1', '1.0', '1e3', '12a', ' ']) {
      expect(whole(text), text).toBeNaN();
    }
  });

  it('reads non-negative decimals exactly as Number() does', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.integer({ min: 0, max: 9 }),
        (x, digits) => {
          for (const text of [String(x), x.toFixed(digits)]) {
            expect(split(text).nonNegativeDecimal(0)).toBe(Number(text));
          }
        },
      ),
    );
    expect(split('.5').nonNegativeDecimal(0)).toBe(0.5);
    expect(split('1.5e3').nonNegativeDecimal(0)).toBe(1500);
    for (const text of ['', '-1', '1.2.3', 'e5', '.', 'Infinity', '1e400', '0x10']) {
      expect(split(text).nonNegativeDecimal(0), text).toBeNaN();
    }
  });

  it('compares a field with text ignoring ASCII case', () => {
    const line = split('GPT-4,ChatGPT');
    expect(line.equalsIgnoringCase(0, Buffer.from('gpt-4'))).toBe(true);
    expect(line.equalsIgnoringCase(1, Buffer.from('chatgpt'))).toBe(true);
    expect(line.equalsIgnoringCase(1, Buffer.from('chat'))).toBe(false);
  });
});

describe('columnIndexes', () => {
  it('finds wanted columns by trimmed, case-blind name and lists the missing ones', () => {
    expect(
      columnIndexes([' Timestamp', 'MODEL', 'Request tokens'], ['model', 'timestamp', 'Response tokens']),
    ).toEqual({
      indexes: [1, 0, -1],
      missing: ['Response tokens'],
    });
  });
});
