import { describe, expect, it } from 'vitest';
import { compareCandidates } from './rank.js';

describe('compareCandidates', () => {
  it('ranks higher cost efficiency first, then higher TPS, then lower price', () => {
    const list = [
      { id: 'a', costEfficiency: 10, tokensPerSecond: 500, priceUsdPerHour: 2 },
      { id: 'b', costEfficiency: 20, tokensPerSecond: 100, priceUsdPerHour: 3 },
      { id: 'c', costEfficiency: 10, tokensPerSecond: 900, priceUsdPerHour: 5 },
      { id: 'd', costEfficiency: 10, tokensPerSecond: 900, priceUsdPerHour: 1 },
    ];
    expect(list.sort(compareCandidates).map((c) => c.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});
