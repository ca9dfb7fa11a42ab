import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from './json-error-position.js';

describe('jsonErrorPosition', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '0', '"s"']) {
      expect(jsonErrorPosition(text)).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('points at a missing value on line 3, column 18', () => {
    const text = '{\n  "a": 1,\n  "hidden_size": ,\n}';
    expect(jsonErrorPosition(text)).toEqual({ offset: 29, line: 3, column: 18 });
    expect(text.charAt(29)).toBe(',');
  });

  it('points at a trailing comma, a missing comma, an unclosed object and trailing text', () => {
    expect(jsonErrorPosition('{"a":1,}')?.offset).toBe(7);
    expect(jsonErrorPosition('[1 2]')?.offset).toBe(3);
    expect(jsonErrorPosition('{"a":1')?.offset).toBe(6);
    expect(jsonErrorPosition('{} x')?.offset).toBe(3);
    expect(jsonErrorPosition('')?.offset).toBe(0);
  });

  it('rejects what JSON.parse rejects: single quotes, bare words, leading zeros, raw newlines in strings', () => {
    for (const text of ["{'a': 1}", '{"a": yes}', '[01]', '"a\nb"', '{"a": 1e}', '"\\x"']) {
      expect(jsonErrorPosition(text)).toBeDefined();
      expect(() => JSON.parse(text)).toThrow();
    }
  });
});
