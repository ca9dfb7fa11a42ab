import { describe, expect, it } from 'vitest';
import { queryTypeIndex, splitByQueryType } from './query-type.js';

describe('queryTypeIndex', () => {
  it('classifies at τ inclusive: SISO 0, SILO 1, LISO 2, LILO 3', () => {
    expect(queryTypeIndex(500, 500, 500)).toBe(0);
    expect(queryTypeIndex(500, 501, 500)).toBe(1);
    expect(queryTypeIndex(501, 10, 500)).toBe(2);
    expect(queryTypeIndex(501, 501, 500)).toBe(3);
  });
});

describe('splitByQueryType', () => {
  it('sends each request to its type at τ = 500, keeping arrivals and lengths', () => {
    const w = {
      arrivalSeconds: Float64Array.from([0, 1, 2, 3, 4]),
      inputTokens: Uint32Array.from([50, 50, 1000, 1000, 500]),
      outputTokens: Uint32Array.from([50, 1000, 50, 1000, 501]),
      source: 't',
    };
    const [siso, silo, liso, lilo] = splitByQueryType(w, 500);
    expect(Array.from(siso?.arrivalSeconds ?? [])).toEqual([0]);
    expect(Array.from(silo?.arrivalSeconds ?? [])).toEqual([1, 4]);
    expect(Array.from(liso?.inputTokens ?? [])).toEqual([1000]);
    expect(Array.from(lilo?.outputTokens ?? [])).toEqual([1000]);
    expect(silo?.source).toBe('t (SILO only)');
  });
});
