import { describe, expect, it } from 'vitest';
import { fnv1a32, isTestShape, splitByShape, TEST_MODULUS } from './split.js';

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('splitByShape', () => {
  const samples = Array.from({ length: 5000 }, (_, index) => ({
    shapeKey: `gemm:${index}x4096x4096`,
    index,
  }));

  it('is deterministic and puts every shape on exactly one side', () => {
    const first = splitByShape(samples);
    const second = splitByShape([...samples].reverse());
    expect(new Set(first.test.map((s) => s.shapeKey))).toEqual(new Set(second.test.map((s) => s.shapeKey)));
    expect(first.train.length + first.test.length).toBe(samples.length);
    const testKeys = new Set(first.test.map((s) => s.shapeKey));
    expect(first.train.some((s) => testKeys.has(s.shapeKey))).toBe(false);
  });

  it('holds out about one shape in TEST_MODULUS', () => {
    const { test } = splitByShape(samples);
    expect(test.length / samples.length).toBeGreaterThan(1 / TEST_MODULUS - 0.02);
    expect(test.length / samples.length).toBeLessThan(1 / TEST_MODULUS + 0.02);
  });

  it('keeps repeated measurements of one shape together', () => {
    const repeated = [{ shapeKey: 'decode:b8:s1024:h32/8x128' }, { shapeKey: 'decode:b8:s1024:h32/8x128' }];
    const { train, test } = splitByShape(repeated);
    expect(train.length === 2 || test.length === 2).toBe(true);
    expect(isTestShape(repeated[0]?.shapeKey ?? '')).toBe(test.length === 2);
  });
});
