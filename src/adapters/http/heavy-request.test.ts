import { describe, expect, it } from 'vitest';
import { isHeavyRequest } from './heavy-request.js';

describe('isHeavyRequest', () => {
  it('a simulate of more than 5,000 synthetic requests, by count or rate × duration', () => {
    expect(isHeavyRequest('simulate', { requests: 100_000 })).toBe(true);
    expect(isHeavyRequest('simulate', { requests: '200' })).toBe(false);
    expect(isHeavyRequest('simulate', { rate: 10, duration: '10m' })).toBe(true); // 6,000
    expect(isHeavyRequest('simulate', { rate: 10, duration: 60 })).toBe(false);
  });

  it('a calibrate of more than 20 measurements; recommend and predict never', () => {
    expect(isHeavyRequest('calibrate', { measurements: new Array(21).fill({}) })).toBe(true);
    expect(isHeavyRequest('recommend', { requests: 1e9 })).toBe(false);
  });

  it('reads anything without throwing', () => {
    for (const input of [null, 1, 'x', [], { requests: {} }, { duration: '1e999h', rate: 'x' }]) {
      expect(isHeavyRequest('simulate', input)).toBe(false);
    }
  });
});
