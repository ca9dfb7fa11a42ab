import { describe, expect, it } from 'vitest';
import { OptionReader } from './option-reader.js';

describe('OptionReader.durationSeconds', () => {
  it('reads 250ms, 1s, 1.5s, 2m and 1h as seconds', () => {
    const o = new OptionReader({ a: '250ms', b: '1s', c: '1.5s', d: '2m', e: '1h' });
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => o.durationSeconds(k, `--${k}`))).toEqual([
      0.25, 1, 1.5, 120, 3600,
    ]);
    expect(o.issues).toEqual([]);
  });

  it('refuses a bare number, a zero and a negative, naming the flag', () => {
    const o = new OptionReader({ a: '20', b: '0s', c: '-1s' });
    for (const k of ['a', 'b', 'c']) expect(o.durationSeconds(k, `--slo-${k}`)).toBeUndefined();
    expect(o.issues.map((i) => i.path)).toEqual(['--slo-a', '--slo-b', '--slo-c']);
  });
});
