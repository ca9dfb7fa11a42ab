import { describe, expect, it } from 'vitest';
import { billedSeconds } from './billing.js';

describe('billedSeconds', () => {
  it('rounds up to whole hours under hourly billing (the paper’s ⌈T_task⌉)', () => {
    expect(billedSeconds(3096, { kind: 'hourly' })).toBe(3600);
    expect(billedSeconds(3601, { kind: 'hourly' })).toBe(7200);
  });

  it('rounds up to whole seconds with a 60 s minimum under per-second billing', () => {
    expect(billedSeconds(3096.2, { kind: 'per-second', minimumSeconds: 60 })).toBe(3097);
    expect(billedSeconds(12, { kind: 'per-second', minimumSeconds: 60 })).toBe(60);
  });
});
