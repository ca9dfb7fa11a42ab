import { describe, expect, it } from 'vitest';
import { type Progress, stepCallback } from './progress.js';

describe('stepCallback', () => {
  it('starts the bar once with the total, counts each finished step and names the running one', () => {
    const calls: string[] = [];
    const progress: Progress = {
      start: (total, what) => calls.push(`start ${total} ${what}`),
      working: (label) => calls.push(`working ${label}`),
      done: () => calls.push('done'),
      stop: () => calls.push('stop'),
    };
    const step = stepCallback(progress, 'capacity');
    step(0, 2, 'a');
    step(1, 2, 'b');
    expect(calls).toEqual(['start 2 capacity', 'working a', 'done', 'working b']);
  });
});
