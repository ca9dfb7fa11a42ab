import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { describeIssue } from '../messages/messages.js';
import { evaluatePredict } from './evaluate-predict.js';

const L4 = {
  model: 'meta-llama/Llama-3.1-8B',
  instance: 'g6.xlarge',
  inputTokens: '4096',
  outputTokens: '512',
};

function run(batchSize: number, extra: Record<string, unknown> = {}) {
  const o = evaluatePredict({ ...L4, batchSize: String(batchSize), ...extra }, fsPlannerData);
  if (!o.ok) throw new Error(JSON.stringify(o.issues));
  return o;
}

describe('predict when the batch does not fit in KV memory', () => {
  const o = run(64);
  const w = o.waves;

  it('runs it in waves of what fits (no KV offloading, as vLLM by default) instead of failing or offloading', () => {
    expect(w).toBeDefined();
    if (!w) return;
    expect(o.candidate.offloadFraction).toBe(0);
    expect(w.fitsSequences).toBeGreaterThan(0);
    expect(w.fitsSequences).toBeLessThan(64);
    expect(w.waves).toBe(Math.ceil(64 / w.fitsSequences));
    expect(w.lastWaveSequences).toBe(64 - (w.waves - 1) * w.fitsSequences);
  });

  it('adds the waves up: (waves − 1) full waves, then the last; the last wave queues behind the others', () => {
    if (!w) throw new Error('no waves');
    expect(w.batchSeconds).toBeCloseTo((w.waves - 1) * w.waveSeconds + w.lastWaveSeconds, 9);
    expect(w.lastWaveQueueingSeconds).toBeCloseTo((w.waves - 1) * w.waveSeconds, 9);
    expect(w.tokensPerSecond).toBeCloseTo((64 * (4096 + 512)) / w.batchSeconds, 9);
    // The times printed are one wave's: the candidate is the batch that fits.
    expect(o.candidate.batchSeconds).toBeCloseTo(w.waveSeconds, 9);
  });

  it('fits exactly: the number that fits runs as one batch, one more needs waves', () => {
    if (!w) throw new Error('no waves');
    expect(run(w.fitsSequences).waves).toBeUndefined();
    expect(run(w.fitsSequences + 1).waves?.fitsSequences).toBe(w.fitsSequences);
  });

  it('says so in a warning and in the JSON', () => {
    const warning = o.warnings.find((i) => i.code === 'batch-exceeds-kv');
    expect(warning && describeIssue(warning)).toMatch(
      /batch of 64 does not fit .* at most \d+ sequences at once/,
    );
    expect(o.json.waves).toMatchObject({ requestedBatch: 64, waves: w?.waves });
  });

  it('keeps offloading for an engine whose policy offloads (FlexGen)', () => {
    const f = evaluatePredict({ ...L4, batchSize: '64', engine: 'flexgen' }, fsPlannerData);
    if (f.ok) {
      expect(f.waves).toBeUndefined();
      expect(f.candidate.offloadFraction).toBeGreaterThan(0);
    } else expect(f.exitCode).toBe(1);
  });
});
