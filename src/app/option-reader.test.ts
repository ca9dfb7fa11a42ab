import { describe, expect, it } from 'vitest';
import { OptionReader } from './option-reader.js';

describe('OptionReader.durationSeconds', () => {
  it('reads 250ms, 1s, 1.5s, 2m and 1h as seconds', () => {
    const o = new OptionReader({ a: '250ms', b: '1s', c: '1.5s', d: '2m', e: '1h' });
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => o.durationSeconds(k))).toEqual([0.25, 1, 1.5, 120, 3600]);
    expect(o.issues).toEqual([]);
  });

  it('refuses a bare number, a zero and a negative, naming the field', () => {
    const o = new OptionReader({ sloa: '20', slob: '0s', sloc: '-1s' });
    for (const k of ['a', 'b', 'c']) expect(o.durationSeconds(`slo${k}`)).toBeUndefined();
    expect(o.issues.map((i) => i.path)).toEqual(['sloa', 'slob', 'sloc']);
  });
});

describe('OptionReader bounds (app/value-bounds.ts)', () => {
  it('refuses a batch of 10¹² sequences with the bound and its reason, naming the flag', () => {
    const o = new OptionReader({ batchSize: '1000000000000' });
    expect(o.positiveInteger('batchSize')).toBeUndefined();
    expect(o.issues).toEqual([
      expect.objectContaining({
        code: 'invalid-option',
        path: 'batchSize',
        message: expect.stringMatching(/100,000/),
      }),
    ]);
  });

  it('refuses a gamma cv of 1e200 instead of letting the sampler divide by zero', () => {
    const o = new OptionReader({ cv: '1e200' });
    expect(o.positiveNumber('cv')).toBeUndefined();
    expect(o.issues[0]?.message).toMatch(/coefficient of variation/);
  });

  it('checks the upper end of a token range', () => {
    const o = new OptionReader({ inputTokens: '1-20000000' });
    expect(o.tokenLengths('inputTokens')).toBeUndefined();
    expect(o.issues).toHaveLength(1);
  });

  it('accepts values at the bound and fields without one', () => {
    const o = new OptionReader({ batchSize: '100000', seed: '99999999' });
    expect(o.positiveInteger('batchSize')).toBe(100_000);
    expect(o.wholeNumber('seed')).toBe(99_999_999);
    expect(o.issues).toEqual([]);
  });
});

describe('OptionReader lower bounds', () => {
  it('refuses a gamma cv of 1e-300, whose shape 1/cv² overflows, pointing at constant arrivals', () => {
    const o = new OptionReader({ cv: '1e-300' });
    expect(o.positiveNumber('cv')).toBeUndefined();
    expect(o.issues[0]?.message).toMatch(/below the smallest accepted.*{{arrival}} constant/);
  });
});
