import { describe, expect, it } from 'vitest';
import { parseDuration, parseTraceCsv, sizesSample, syntheticTrace } from './static/trace.js';

describe('durations typed in the page', () => {
  it.each([
    ['20s', 20],
    ['500ms', 0.5],
    ['5m', 300],
    ['1.5h', 5400],
    ['90', 90],
    [' 2 min ', 120],
  ])('%s is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['hourly', '', '5 parsecs', '-1s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('the synthetic quiet–busy–quiet trace', () => {
  const p = { quietRate: 1, busyRate: 8, phaseSeconds: 240, inputTokens: 1000, outputTokens: 200 };

  it('has ascending arrivals within its three phases, about rate × length requests in each', () => {
    const t = syntheticTrace(p);
    const a = t.arrivalSeconds;
    expect(a.every((x, i) => i === 0 || x >= (a[i - 1] as number))).toBe(true);
    expect(a.every((x) => x >= 0 && x < 720)).toBe(true);
    const inPhase = (k: number) => a.filter((x) => x >= k * 240 && x < (k + 1) * 240).length;
    // Poisson counts: mean 240 (sd 15.5) quiet, 1,920 (sd 43.8) busy; four standard deviations either way.
    for (const k of [0, 2]) expect(Math.abs(inPhase(k) - 240)).toBeLessThan(62);
    expect(Math.abs(inPhase(1) - 1920)).toBeLessThan(176);
    expect(t.inputTokens).toHaveLength(a.length);
    expect(new Set(t.inputTokens)).toEqual(new Set([1000]));
    expect(new Set(t.outputTokens)).toEqual(new Set([200]));
  });

  it('is the same trace for the same parameters (seeded)', () => {
    expect(syntheticTrace(p)).toEqual(syntheticTrace(p));
    expect(syntheticTrace({ ...p, seed: 2 })).not.toEqual(syntheticTrace(p));
  });

  it('a sizes sample is n requests of one size, arrivals ascending from 0', () => {
    const s = sizesSample(512, 64, 5);
    expect(s.arrivalSeconds[0]).toBe(0);
    expect(s.arrivalSeconds).toHaveLength(5);
    expect(s.inputTokens).toEqual([512, 512, 512, 512, 512]);
    expect(s.outputTokens).toEqual([64, 64, 64, 64, 64]);
  });
});

describe('a CSV trace in the Azure 2023 format, read in the browser', () => {
  const csv = [
    'TIMESTAMP,ContextTokens,GeneratedTokens',
    '2023-11-16 18:15:46.6805900,374,44',
    '2023-11-16 18:15:50.9951690,396,109',
    '2023-11-16 18:15:45.0000000,879,12',
  ].join('\r\n');

  it('gives arrivals in seconds from the first request, sorted, with their sizes', () => {
    const { trace, rowsInFile } = parseTraceCsv(csv, 10);
    expect(rowsInFile).toBe(3);
    // 18:15:45.000 first; 46.6805900 − 45 = 1.68059 → 1.681; 50.9951690 − 45 → 5.995.
    expect(trace?.arrivalSeconds).toEqual([0, 1.681, 5.995]);
    expect(trace?.inputTokens).toEqual([879, 374, 396]);
    expect(trace?.outputTokens).toEqual([12, 44, 109]);
  });

  it('keeps the first maxRequests rows and says how many the file has', () => {
    const { trace, rowsInFile } = parseTraceCsv(csv, 2);
    expect(trace?.arrivalSeconds).toEqual([0, 4.315]); // 50.9951690 − 46.6805900 = 4.314579
    expect(rowsInFile).toBe(3);
  });

  it('takes TIMESTAMP in seconds too', () => {
    expect(parseTraceCsv('TIMESTAMP,ContextTokens,GeneratedTokens\n10,5,6\n12.5,7,8\n', 10).trace).toEqual({
      arrivalSeconds: [0, 2.5],
      inputTokens: [5, 7],
      outputTokens: [6, 8],
    });
  });

  it('names the header it needs, and the row and column at fault', () => {
    expect(parseTraceCsv('time,in,out\n1,2,3\n', 10).error).toMatch(
      /must name TIMESTAMP, ContextTokens and GeneratedTokens .* it has time,in,out/,
    );
    expect(parseTraceCsv('TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3\n2,0,3\n', 10).error).toBe(
      "row 3: ContextTokens '0' is not a whole number ≥ 1",
    );
    expect(parseTraceCsv('TIMESTAMP,ContextTokens,GeneratedTokens\nsoon,2,3\n', 10).error).toBe(
      "row 2: TIMESTAMP 'soon' is not a time",
    );
    expect(parseTraceCsv('TIMESTAMP,ContextTokens,GeneratedTokens\n', 10).error).toMatch(/no requests/);
  });
});
