/**
 * Running totals the scheduler updates as it goes and the summary reads at the end: fleet-wide occupancy
 * per query type (with its time integral), preemption, prefix-cache and step counters. Arrays are indexed
 * by query type (0 SISO, 1 SILO, 2 LISO, 3 LILO).
 */
export class SimulationCounters {
  /** Requests holding KV (admitted, not finished) now. */
  readonly running = new Float64Array(4);
  /** Requests queued (waiting or swapped out) now. */
  readonly waiting = new Float64Array(4);
  /** KV blocks held by running requests now (shared prefix blocks counted once per holder). */
  readonly kvBlocks = new Float64Array(4);
  readonly runningIntegral = new Float64Array(4);
  readonly waitingIntegral = new Float64Array(4);
  readonly kvBlocksIntegral = new Float64Array(4);
  readonly preemptions = new Float64Array(4);
  readonly prefixHitTokens = new Float64Array(4);
  readonly prefixPromptTokens = new Float64Array(4);
  recomputePreemptions = 0;
  swapPreemptions = 0;
  deviceToHostBytes = 0;
  hostToDeviceBytes = 0;
  steps = 0;
  /** Σ step seconds over all replicas (GPU busy time), and the part in steps that carry prompt tokens. */
  busySeconds = 0;
  promptStepSeconds = 0;
  batchSequencesSum = 0;
  batchSequencesMax = 0;
  /** Cumulative output tokens sampled and prompt tokens computed (timeline rates). */
  outputTokens = 0;
  promptTokens = 0;
  /** Time up to which the integrals are taken. */
  integratedUntil: number;

  constructor(startSeconds: number) {
    this.integratedUntil = startSeconds;
  }

  /** Extends the time integrals to `t` with the current values. */
  advance(t: number): void {
    const dt = t - this.integratedUntil;
    if (dt <= 0) return;
    for (let q = 0; q < 4; q++) {
      this.runningIntegral[q] = (this.runningIntegral[q] as number) + (this.running[q] as number) * dt;
      this.waitingIntegral[q] = (this.waitingIntegral[q] as number) + (this.waiting[q] as number) * dt;
      this.kvBlocksIntegral[q] = (this.kvBlocksIntegral[q] as number) + (this.kvBlocks[q] as number) * dt;
    }
    this.integratedUntil = t;
  }

  add(array: Float64Array, queryType: number, amount: number): void {
    array[queryType] = (array[queryType] as number) + amount;
  }

  /** A queued request starts running, holding `blocks` KV blocks. */
  started(queryType: number, blocks: number): void {
    this.add(this.waiting, queryType, -1);
    this.add(this.running, queryType, 1);
    this.add(this.kvBlocks, queryType, blocks);
  }

  /** A running request holding `blocks` is preempted back to a queue. */
  preempted(queryType: number, blocks: number): void {
    this.add(this.preemptions, queryType, 1);
    this.add(this.running, queryType, -1);
    this.add(this.kvBlocks, queryType, -blocks);
    this.add(this.waiting, queryType, 1);
  }

  /** A running request holding `blocks` finished. */
  finished(queryType: number, blocks: number): void {
    this.add(this.running, queryType, -1);
    this.add(this.kvBlocks, queryType, -blocks);
  }
}
