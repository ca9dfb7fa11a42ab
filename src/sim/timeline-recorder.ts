import type { ReplicaScheduler } from './replica-scheduler.js';
import type { SimulationCounters } from './simulation-counters.js';
import type { SimulationTimeline } from './simulation-result.js';

/**
 * Samples fleet state at start + k·interval (k = 1, 2, …): the state after every event up to that time,
 * and the token rates over the interval ending there. `advance(t)` is called before events at time t.
 * With `maxSamples` (even, ≥ 2) the timeline never holds that many: on reaching it, the interval doubles
 * and each pair of samples becomes one (the later state, the mean of the two rates), exactly what
 * sampling at the doubled interval from the start would have recorded.
 */
export class TimelineRecorder {
  private readonly time: number[] = [];
  private readonly running: number[] = [];
  private readonly waiting: number[] = [];
  private readonly kvBlocks: number[] = [];
  private readonly outputRate: number[] = [];
  private readonly promptRate: number[] = [];
  private k = 1;
  private nextSample: number;
  private lastOutputTokens = 0;
  private lastPromptTokens = 0;

  constructor(
    private intervalSeconds: number,
    private readonly startSeconds: number,
    private readonly replicas: readonly ReplicaScheduler[],
    private readonly counters: SimulationCounters,
    private readonly maxSamples = Number.POSITIVE_INFINITY,
  ) {
    if (!(maxSamples >= 2 && (maxSamples === Number.POSITIVE_INFINITY || maxSamples % 2 === 0)))
      throw new RangeError(`maxSamples must be an even number >= 2, got ${maxSamples}`);
    this.nextSample = startSeconds + intervalSeconds;
  }

  /** The interval between the samples held now, seconds (doubled each time `maxSamples` was reached). */
  get sampleIntervalSeconds(): number {
    return this.intervalSeconds;
  }

  advance(t: number): void {
    while (this.nextSample < t) this.sample();
  }

  finish(endSeconds: number): SimulationTimeline {
    while (this.nextSample <= endSeconds) this.sample();
    return {
      timeSeconds: Float64Array.from(this.time),
      running: Float64Array.from(this.running),
      waiting: Float64Array.from(this.waiting),
      kvBlocksUsed: Float64Array.from(this.kvBlocks),
      outputTokensPerSecond: Float64Array.from(this.outputRate),
      promptTokensPerSecond: Float64Array.from(this.promptRate),
    };
  }

  private sample(): void {
    const c = this.counters;
    let running = 0;
    let waiting = 0;
    for (let q = 0; q < 4; q++) {
      running += c.running[q] as number;
      waiting += c.waiting[q] as number;
    }
    let kvBlocks = 0;
    for (const r of this.replicas) kvBlocks += r.pool.usedBlocks();
    this.time.push(this.nextSample);
    this.running.push(running);
    this.waiting.push(waiting);
    this.kvBlocks.push(kvBlocks);
    this.outputRate.push((c.outputTokens - this.lastOutputTokens) / this.intervalSeconds);
    this.promptRate.push((c.promptTokens - this.lastPromptTokens) / this.intervalSeconds);
    this.lastOutputTokens = c.outputTokens;
    this.lastPromptTokens = c.promptTokens;
    this.k++;
    if (this.time.length >= this.maxSamples) this.halve();
    this.nextSample = this.startSeconds + this.k * this.intervalSeconds;
  }

  /** Pairs (1, 2), (3, 4), … become one sample at the doubled interval. */
  private halve(): void {
    const half = this.time.length / 2;
    for (let i = 0; i < half; i++) {
      const a = 2 * i;
      const b = a + 1;
      this.time[i] = this.time[b] as number;
      this.running[i] = this.running[b] as number;
      this.waiting[i] = this.waiting[b] as number;
      this.kvBlocks[i] = this.kvBlocks[b] as number;
      this.outputRate[i] = ((this.outputRate[a] as number) + (this.outputRate[b] as number)) / 2;
      this.promptRate[i] = ((this.promptRate[a] as number) + (this.promptRate[b] as number)) / 2;
    }
    for (const series of [
      this.time,
      this.running,
      this.waiting,
      this.kvBlocks,
      this.outputRate,
      this.promptRate,
    ])
      series.length = half;
    this.intervalSeconds *= 2;
    this.k = half + 1;
  }
}
