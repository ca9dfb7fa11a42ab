import { describe, expect, it } from 'vitest';
import { queryTypeIndex } from './query-type.js';

describe('queryTypeIndex', () => {
  it('classifies at τ inclusive: SISO 0, SILO 1, LISO 2, LILO 3', () => {
    expect(queryTypeIndex(500, 500, 500)).toBe(0);
    expect(queryTypeIndex(500, 501, 500)).toBe(1);
    expect(queryTypeIndex(501, 10, 500)).toBe(2);
    expect(queryTypeIndex(501, 501, 500)).toBe(3);
  });
});
