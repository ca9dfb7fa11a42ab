import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReplicaScheduler } from './replica-scheduler.js';
import type { SimulationCounters } from './simulation-counters.js';
import type { SimulationTimeline } from './simulation-result.js';
import { TimelineRecorder } from './timeline-recorder.js';

/** A fleet whose state a test sets by hand: counters and one replica's used KV blocks. */
function fakeFleet() {
  const counters = {
    running: new Float64Array(4),
    waiting: new Float64Array(4),
    outputTokens: 0,
    promptTokens: 0,
  };
  const pool = { used: 0, usedBlocks: () => pool.used };
  const replicas = [{ pool }] as unknown as ReplicaScheduler[];
  return { counters, pool, replicas, asCounters: counters as unknown as SimulationCounters };
}

interface Event {
  dt: number;
  output: number;
  prompt: number;
  running: number;
  blocks: number;
}

/** Feeds the same events to a recorder and returns its timeline. */
function record(events: Event[], intervalSeconds: number, maxSamples?: number) {
  const fleet = fakeFleet();
  const recorder = new TimelineRecorder(intervalSeconds, 0, fleet.replicas, fleet.asCounters, maxSamples);
  let t = 0;
  for (const e of events) {
    t += e.dt;
    recorder.advance(t);
    fleet.counters.outputTokens += e.output;
    fleet.counters.promptTokens += e.prompt;
    fleet.counters.running[0] = e.running;
    fleet.pool.used = e.blocks;
  }
  return { timeline: recorder.finish(t), interval: recorder.sampleIntervalSeconds };
}

const arrays = (tl: SimulationTimeline) => ({
  time: [...tl.timeSeconds],
  running: [...tl.running],
  kv: [...tl.kvBlocksUsed],
});

describe('TimelineRecorder', () => {
  it('at its sample limit doubles the interval: 8 one-second samples with a limit of 8 become 4 two-second ones', () => {
    // Events at 0.5, 1.5, …, 8.5 s: one output token each, 2 running from t = 4.5; samples at 1, 2, …, 8 s.
    const events: Event[] = Array.from({ length: 9 }, (_, i) => ({
      dt: i === 0 ? 0.5 : 1,
      output: 1,
      prompt: 10,
      running: i >= 4 ? 2 : 1,
      blocks: i,
    }));
    const { timeline, interval } = record(events, 1, 8);
    expect(interval).toBe(2);
    expect([...timeline.timeSeconds]).toEqual([2, 4, 6, 8]);
    expect([...timeline.running]).toEqual([1, 1, 2, 2]);
    // Tokens at 0.5, 1.5, …: one per second in every two-second window.
    expect([...timeline.outputTokensPerSecond]).toEqual([1, 1, 1, 1]);
    expect([...timeline.promptTokensPerSecond]).toEqual([10, 10, 10, 10]);
  });

  it('without a limit keeps every sample', () => {
    const events: Event[] = [{ dt: 10.5, output: 5, prompt: 0, running: 1, blocks: 3 }];
    expect(record(events, 1).timeline.timeSeconds.length).toBe(10);
  });

  it('refuses an odd or tiny sample limit', () => {
    const fleet = fakeFleet();
    expect(() => new TimelineRecorder(1, 0, fleet.replicas, fleet.asCounters, 7)).toThrow(RangeError);
    expect(() => new TimelineRecorder(1, 0, fleet.replicas, fleet.asCounters, 0)).toThrow(RangeError);
  });

  it('a capped timeline is what sampling at its final interval from the start records', () => {
    const event = fc.record({
      dt: fc.double({ min: 0.001, max: 3, noNaN: true }),
      output: fc.integer({ min: 0, max: 500 }),
      prompt: fc.integer({ min: 0, max: 5000 }),
      running: fc.integer({ min: 0, max: 64 }),
      blocks: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 80 }),
        fc.constantFrom(2, 4, 8, 16),
        (events, max) => {
          const capped = record(events, 0.25, max);
          expect(capped.timeline.timeSeconds.length).toBeLessThan(max);
          const direct = record(events, capped.interval).timeline;
          expect(arrays(capped.timeline)).toEqual(arrays(direct));
          direct.outputTokensPerSecond.forEach((v, i) => {
            expect(capped.timeline.outputTokensPerSecond[i]).toBeCloseTo(v, 6);
          });
        },
      ),
    );
  });
});
