import type { ReplicaScheduler } from './replica-scheduler.js';
import type { SimulationCounters } from './simulation-counters.js';
import type { SimulationTimeline } from './simulation-result.js';

/**
 * Samples fleet state at start + k·interval (k = 1, 2, …): the state after every event up to that time,
 * and the token rates over the interval ending there. `advance(t)` is called before events at time t.
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
    private readonly intervalSeconds: number,
    private readonly startSeconds: number,
    private readonly replicas: readonly ReplicaScheduler[],
    private readonly counters: SimulationCounters,
  ) {
    this.nextSample = startSeconds + intervalSeconds;
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
    this.nextSample = this.startSeconds + this.k * this.intervalSeconds;
  }
}
