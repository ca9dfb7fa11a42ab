import { describe, expect, it } from 'vitest';
import { GrowableWorkload } from './growable-workload.js';

describe('GrowableWorkload', () => {
  it('keeps every row as it doubles past its first capacity', () => {
    const w = new GrowableWorkload();
    for (let i = 0; i < 5000; i++) w.push(i / 10, i, 5000 - i);
    const out = w.finish('test', 512);
    expect(out.arrivalSeconds.length).toBe(5000);
    expect(out.arrivalSeconds[4999]).toBeCloseTo(499.9, 9);
    expect(out.inputTokens[4321]).toBe(4321);
    expect(out.outputTokens[4321]).toBe(679);
    expect(out.prefix).toBeUndefined();
  });

  it('measures arrivals from the earliest request', () => {
    const w = new GrowableWorkload();
    w.push(12.5, 1, 1);
    w.push(14, 2, 2);
    expect([...w.finish('test', 512).arrivalSeconds]).toEqual([0, 1.5]);
  });

  it('sorts stably by arrival, carrying each row its lengths and prefix blocks', () => {
    const w = new GrowableWorkload();
    w.push(3, 30, 3, [30, 31]);
    w.push(1, 10, 1);
    w.push(2, 20, 2, [20]);
    w.push(1, 11, 1, [11, 12, 13]);
    expect(w.outOfOrder).toBe(2);
    const out = w.finish('test', 512);
    expect([...out.arrivalSeconds]).toEqual([0, 0, 1, 2]);
    expect([...out.inputTokens]).toEqual([10, 11, 20, 30]);
    expect([...(out.prefix?.blockOffsets ?? [])]).toEqual([0, 0, 3, 4, 6]);
    expect([...(out.prefix?.blockIds ?? [])]).toEqual([11, 12, 13, 20, 30, 31]);
  });

  it('grows the block ids past their first capacity', () => {
    const w = new GrowableWorkload();
    const ids = Array.from({ length: 700 }, (_, k) => k);
    for (let i = 0; i < 10; i++) w.push(i, 700 * 512, 1, ids);
    const out = w.finish('test', 512);
    expect(out.prefix?.blockIds.length).toBe(7000);
    expect(out.prefix?.blockOffsets[10]).toBe(7000);
    expect(out.prefix?.blockIds[6999]).toBe(699);
  });
});
