import type { StepComposition } from '../core/step-timer.js';
import { IntDeque } from './int-deque.js';
import { KvAdmissionGate } from './kv-admission.js';
import { KvBlockPool } from './kv-block-pool.js';
import { LazyDecoders } from './lazy-decoders.js';
import { PrefixCache } from './prefix-cache.js';
import type { RequestTable } from './request-table.js';
import type { SimulationCounters } from './simulation-counters.js';
import type { ReplicaConfig } from './simulation-input.js';
import { REQUEST_OUTCOME } from './simulation-result.js';
import { insertSorted, removeSorted, sortAscending } from './sorted-int-list.js';
import { StepBatch } from './step-batch.js';

/**
 * One replica's continuous-batching scheduler, after vLLM v1's `Scheduler.schedule()` (plus v0's swap
 * preemption). Each step: (1) running requests, oldest arrival first, get their next token (decode) or
 * prompt chunk within the token budget, allocating a block when they cross a block boundary; when no
 * block is free the most recently arrived running request is preempted (recompute: blocks freed,
 * requeued at the front of the waiting queue; swap: blocks copied to host, queued for swap-in), and no
 * new work is admitted that step. (2) Swapped-out requests come back before (3) waiting requests are
 * admitted first come, first served while `maxNumSeqs`, the token budget and free blocks allow (the gate of
 * `config.admission`, sim/kv-admission.ts; a prompt longer than the budget left is chunked over steps).
 * `compose` builds a step; `complete` applies it once the step's time has passed.
 *
 * Speed: requests that only decode are kept in `LazyDecoders` and cost nothing per step until they need a
 * block or finish; only prompt chunks, new admissions and those events are handled one by one. A step
 * whose token budget cannot give every lazy decoder its token falls back to the plain loop over every
 * running request, which `lazyDecode: false` forces always (the reference the fast path is tested
 * against).
 */
export class ReplicaScheduler {
  readonly pool: KvBlockPool;
  readonly waiting = new IntDeque();
  readonly swapped = new IntDeque();
  /** Running requests (admitted, holding KV), ascending request index = arrival order. */
  private readonly running: Int32Array;
  runningCount = 0;
  /** Running requests not in `lazy` (prompt phase, or just admitted), ascending index. */
  private readonly explicit: Int32Array;
  private explicitCount = 0;
  private readonly lazy: LazyDecoders;
  private readonly lazyDecode: boolean;
  /** Steps composed so far: the index of the step in flight is steps − 1. */
  private steps = 0;
  private readonly finishing: Int32Array;
  private readonly batch: StepBatch;
  private readonly prefix: PrefixCache | undefined;
  private readonly gate: KvAdmissionGate;
  hostBlocksUsed = 0;
  /** Prompt tokens left to compute + output tokens left to sample, over requests routed here (router input). */
  outstandingTokens = 0;
  /** ∫ KV blocks held dt, and peaks, for the summary. */
  kvBlocksIntegral = 0;
  maxKvBlocksUsed = 0;
  maxQueued = 0;
  private integratedUntil: number;

  constructor(
    readonly index: number,
    private readonly config: ReplicaConfig,
    private readonly table: RequestTable,
    private readonly counters: SimulationCounters,
    startSeconds: number,
    lazyDecode = true,
  ) {
    this.lazyDecode = lazyDecode;
    this.lazy = new LazyDecoders(table, config.blockTokens);
    this.explicit = new Int32Array(config.maxNumSeqs);
    this.finishing = new Int32Array(config.maxNumSeqs);
    this.pool = new KvBlockPool(config.kvBlocks, table.prefix?.distinct ?? 0);
    this.prefix = table.prefix ? new PrefixCache(table, this.pool, config.blockTokens) : undefined;
    this.gate = new KvAdmissionGate(config);
    this.running = new Int32Array(config.maxNumSeqs);
    this.batch = new StepBatch(config.maxNumSeqs, table);
    this.integratedUntil = startSeconds;
  }

  queued(): number {
    return this.waiting.size + this.swapped.size;
  }

  /** Extends the KV-occupancy integral to `now` (blocks change only at this replica's own events). */
  integrate(now: number): void {
    this.kvBlocksIntegral += this.pool.usedBlocks() * (now - this.integratedUntil);
    this.integratedUntil = now;
  }

  enqueue(i: number): void {
    const t = this.table;
    t.replica[i] = this.index;
    this.waiting.pushBack(i);
    this.outstandingTokens += (t.inputTokens[i] as number) + (t.outputTokens[i] as number);
    this.counters.add(this.counters.waiting, t.queryType[i] as number, 1);
    this.maxQueued = Math.max(this.maxQueued, this.queued());
  }

  /** Builds the next step into `comp` (which it resets); returns the number of sequences in it. */
  compose(now: number, comp: StepComposition): number {
    this.integrate(now);
    this.batch.start(comp);
    const step = this.steps++;
    let budget = this.config.maxNumBatchedTokens;
    if (!this.lazyDecode || !this.lazyFits(budget)) this.materializeAll(step);
    budget = this.scheduleRunning(step, comp, budget);
    if (budget >= 0) {
      budget = this.swapIn(comp, budget);
      if (this.swapped.size === 0) this.admitWaiting(now, comp, budget);
    }
    const sequences = this.batch.count + this.lazy.count;
    if (sequences === 0) this.steps--; // nothing to run: the replica goes idle, no step happened
    this.maxKvBlocksUsed = Math.max(this.maxKvBlocksUsed, this.pool.usedBlocks());
    this.maxQueued = Math.max(this.maxQueued, this.queued());
    return sequences;
  }

  /**
   * Whether every lazy decoder gets its token this step: the budget covers them plus the full demand of
   * the explicit requests older than the newest of them (newer ones may be cut short, as in vLLM).
   */
  private lazyFits(budget: number): boolean {
    if (this.lazy.count === 0) return true;
    const t = this.table;
    let k = this.runningCount - 1;
    while (!this.lazy.isLazy(this.running[k] as number)) k--;
    const newestLazy = this.running[k] as number;
    let demand = this.lazy.count;
    for (let e = 0; e < this.explicitCount && (this.explicit[e] as number) < newestLazy; e++) {
      const i = this.explicit[e] as number;
      demand += Math.max(1, (t.prefillTarget[i] as number) - (t.numComputed[i] as number));
    }
    return demand <= budget;
  }

  /** Brings every lazy request back to explicit at the start of step s. */
  private materializeAll(s: number): void {
    for (let k = 0; k < this.runningCount; k++) {
      const i = this.running[k] as number;
      if (this.lazy.isLazy(i)) this.lazy.remove(i, this.lazy.computedAt(i, s));
      this.explicit[k] = i;
    }
    this.explicitCount = this.runningCount;
    this.lazy.clear();
  }

  /**
   * (1) Running requests in index order — explicit ones, and lazy ones whose block boundary falls in
   * this step — each allocating the blocks its tokens need, preempting from the newest end of the running
   * list when none are free. Lazy decoders without an event are in the step implicitly. Returns the budget
   * left, or −1 when it preempted.
   */
  private scheduleRunning(s: number, comp: StepComposition, tokenBudget: number): number {
    const t = this.table;
    const numComputed = t.numComputed;
    const prefillTarget = t.prefillTarget;
    const blocks = t.blocks;
    const pool = this.pool;
    const lazy = this.lazy;
    const B = this.config.blockTokens;
    let budget = tokenBudget - lazy.count; // each lazy decoder takes one token (see lazyFits)
    let preempted = false;
    let minVictim = Number.POSITIVE_INFINITY;
    let e = 0;
    let due = lazy.popDue(2 * s);
    for (;;) {
      // Merge the explicit list and the due lazy ones by index.
      let i = e < this.explicitCount ? (this.explicit[e] as number) : -1;
      const isLazy = due >= 0 && (i < 0 || due < i);
      if (isLazy) {
        i = due;
        due = lazy.popDue(2 * s);
      } else if (i >= 0) e++;
      else break;
      if (i >= minVictim) break; // it and everything after it were preempted
      if (!isLazy && budget <= 0) {
        // Out of tokens: it and everything after it wait — never a lazy decoder (lazyFits saw to that).
        if (due >= 0) throw new Error('a lazy decoder would miss its token');
        break;
      }
      const computed = isLazy ? lazy.computedAt(i, s) : (numComputed[i] as number);
      const target = prefillTarget[i] as number;
      const n = computed < target ? Math.min(target - computed, budget) : 1;
      const capacity = (blocks[i] as number) * B;
      if (computed + n > capacity) {
        const need = Math.ceil((computed + n - capacity) / B);
        if (!pool.allocate(need)) {
          let preemptedSelf = false;
          do {
            const victim = this.running[--this.runningCount] as number;
            minVictim = victim;
            if (lazy.isLazy(victim)) lazy.remove(victim, lazy.computedAt(victim, s));
            else this.explicitCount--; // the newest running request is the last explicit one
            this.preempt(victim, comp);
            preempted = true;
            preemptedSelf = victim === i;
          } while (!preemptedSelf && !pool.allocate(need));
          if (preemptedSelf) break;
        }
        blocks[i] = (blocks[i] as number) + need;
        this.counters.add(this.counters.kvBlocks, t.queryType[i] as number, need);
      }
      if (isLazy) {
        lazy.schedule(i);
      } else {
        this.batch.add(i, n, comp);
        budget -= n;
      }
    }
    comp.decodeSequences += lazy.count;
    comp.decodeContextTokens += lazy.anchorSum + lazy.count * (s + 1);
    return preempted ? -1 : Math.max(0, budget);
  }

  /** (2) Swapped-out requests return, oldest swap first, while blocks and slots allow. */
  private swapIn(comp: StepComposition, tokenBudget: number): number {
    const t = this.table;
    const c = this.counters;
    const B = this.config.blockTokens;
    let budget = tokenBudget;
    while (this.swapped.size > 0 && this.runningCount < this.config.maxNumSeqs && budget > 0) {
      const i = this.swapped.peekFront();
      const computed = t.numComputed[i] as number;
      const target = t.prefillTarget[i] as number;
      const n = computed < target ? Math.min(target - computed, budget) : 1;
      const need = Math.ceil((computed + n) / B);
      if (!this.pool.allocate(need)) break;
      this.swapped.popFront();
      const back = t.blocks[i] as number;
      this.hostBlocksUsed -= back;
      const bytes = back * this.config.kvBlockBytes;
      comp.hostToDeviceBytes += bytes;
      c.hostToDeviceBytes += bytes;
      t.blocks[i] = need;
      c.started(t.queryType[i] as number, need);
      this.prefix?.publish(i, computed); // its blocks came back private
      this.insertRunning(i);
      this.batch.add(i, n, comp);
      budget -= n;
    }
    return budget;
  }

  /** (3) Waiting requests, first come first served, with their prefix-cache hits. */
  private admitWaiting(now: number, comp: StepComposition, tokenBudget: number): void {
    const t = this.table;
    const c = this.counters;
    const B = this.config.blockTokens;
    const chunked = this.config.chunkedPrefill;
    const prefix = this.prefix;
    let budget = tokenBudget;
    let owed = this.gate.owedBlocks(this.explicit, this.explicitCount, t);
    while (this.waiting.size > 0 && this.runningCount < this.config.maxNumSeqs && budget > 0) {
      const i = this.waiting.peekFront();
      const target = t.prefillTarget[i] as number;
      const hitGroups = prefix ? prefix.hitGroups(i, target) : 0;
      const hitBlocks = prefix && hitGroups > 0 ? prefix.blocksEnd(hitGroups) : 0;
      const hitTokens = hitBlocks * B;
      let n = target - hitTokens;
      if (n > budget) {
        // Without chunking a prompt goes whole or waits; a recomputed prompt longer than the budget may
        // go alone (vLLM avoids the case by requiring max_num_batched_tokens ≥ max_model_len).
        const oversizeRecompute = target > (t.inputTokens[i] as number) && comp.prefillSequences === 0;
        if (chunked) n = budget;
        else if (!oversizeRecompute) break;
      }
      const need = Math.ceil((hitTokens + n) / B) - hitBlocks;
      const free = this.pool.availableBlocks() - (prefix ? prefix.reclaimedBy(i, hitGroups) : 0);
      if (this.gate.requiredBlocks(need, target, hitBlocks, owed, this.runningCount > 0) > free) break;
      owed += this.gate.owedAfterAdmission(target, hitBlocks + need);
      prefix?.acquire(i, hitGroups);
      this.pool.allocate(need);
      this.waiting.popFront();
      t.numComputed[i] = hitTokens;
      t.blocks[i] = hitBlocks + need;
      t.sharedBlocks[i] = hitBlocks;
      t.heldGroups[i] = hitGroups;
      this.outstandingTokens -= hitTokens;
      const q = t.queryType[i] as number;
      c.started(q, hitBlocks + need);
      c.add(c.prefixHitTokens, q, hitTokens);
      c.add(c.prefixPromptTokens, q, target);
      t.prefixHitTokens[i] = (t.prefixHitTokens[i] as number) + hitTokens;
      if (Number.isNaN(t.admittedSeconds[i] as number)) t.admittedSeconds[i] = now;
      this.insertRunning(i);
      this.batch.add(i, n, comp);
      budget = Math.max(0, budget - n);
    }
  }

  /** Applies the step composed last, as of its end time `now`; returns how many requests finished. */
  complete(now: number): number {
    this.integrate(now);
    const s = this.steps - 1;
    const t = this.table;
    const numComputed = t.numComputed;
    const prefillTarget = t.prefillTarget;
    const lastComputed = t.lastComputed;
    const prefix = this.prefix;
    const lazy = this.lazy;
    let finished = 0;
    let sampled = lazy.count; // every lazy decoder produced a token
    let promptTokens = 0;
    const batch = this.batch;
    for (let k = 0; k < batch.count; k++) {
      const i = batch.requests[k] as number;
      const before = numComputed[i] as number;
      const after = before + (batch.tokens[k] as number);
      numComputed[i] = after;
      const target = prefillTarget[i] as number;
      if (before < target) {
        promptTokens += after - before;
        if (prefix?.hasUnpublished(i)) prefix.publish(i, after);
        if (after < target) continue; // a chunk that leaves part of the prompt: no token yet
        if (Number.isNaN(t.firstTokenSeconds[i] as number)) t.firstTokenSeconds[i] = now;
      }
      sampled++;
      if (after === lastComputed[i]) this.finishing[finished++] = i;
    }
    batch.count = 0;
    for (let i = lazy.popDue(2 * s + 1); i >= 0; i = lazy.popDue(2 * s + 1)) {
      lazy.remove(i, lastComputed[i] as number);
      this.finishing[finished++] = i;
    }
    // Finish in index order, whichever path found them, so both paths free blocks in the same order.
    if (finished > 1) sortAscending(this.finishing, finished);
    for (let k = 0; k < finished; k++) this.finish(this.finishing[k] as number, now);
    if (this.lazyDecode) this.lazifyDecoders(s);
    this.outstandingTokens -= promptTokens + sampled;
    this.counters.promptTokens += promptTokens;
    this.counters.outputTokens += sampled;
    return finished;
  }

  /** Hands explicit requests that have moved on to decoding to `lazy` (after step s completed). */
  private lazifyDecoders(s: number): void {
    const t = this.table;
    let kept = 0;
    for (let e = 0; e < this.explicitCount; e++) {
      const i = this.explicit[e] as number;
      if ((t.numComputed[i] as number) >= (t.prefillTarget[i] as number)) this.lazy.add(i, s);
      else this.explicit[kept++] = i;
    }
    this.explicitCount = kept;
  }

  /** Adds a request to the running list and, until its first step completes, to the explicit list. */
  private insertRunning(i: number): void {
    this.runningCount = insertSorted(this.running, this.runningCount, i);
    this.explicitCount = insertSorted(this.explicit, this.explicitCount, i);
  }

  /** Takes a running request off the GPU: to host memory (swap, if it fits) or back to the queue front. */
  private preempt(v: number, comp: StepComposition): void {
    const t = this.table;
    const c = this.counters;
    const blocks = t.blocks[v] as number;
    t.preemptions[v] = (t.preemptions[v] as number) + 1;
    c.preempted(t.queryType[v] as number, blocks);
    this.releaseGpu(v);
    const cfg = this.config;
    if (cfg.preemption === 'swap' && cfg.hostKvBlocks - this.hostBlocksUsed >= blocks) {
      this.hostBlocksUsed += blocks;
      const bytes = blocks * cfg.kvBlockBytes;
      comp.deviceToHostBytes += bytes;
      c.deviceToHostBytes += bytes;
      c.swapPreemptions++;
      this.swapped.pushBack(v);
      return;
    }
    // Recompute: everything so far (prompt + generated) becomes the prompt of its next admission.
    const computed = t.numComputed[v] as number;
    const target = t.prefillTarget[v] as number;
    const tokens = computed < target ? target : computed + 1;
    this.outstandingTokens += tokens - Math.max(0, target - computed);
    t.numComputed[v] = 0;
    t.prefillTarget[v] = tokens;
    t.blocks[v] = 0;
    c.recomputePreemptions++;
    this.waiting.pushFront(v);
  }

  private finish(i: number, now: number): void {
    const t = this.table;
    t.finishSeconds[i] = now;
    t.outcome[i] = REQUEST_OUTCOME.completed;
    this.runningCount = removeSorted(this.running, this.runningCount, i);
    this.explicitCount = removeSorted(this.explicit, this.explicitCount, i);
    this.counters.finished(t.queryType[i] as number, t.blocks[i] as number);
    this.releaseGpu(i);
    t.blocks[i] = 0;
  }

  /** Frees a request's private GPU blocks and drops its prefix-cache references. */
  private releaseGpu(i: number): void {
    this.pool.free((this.table.blocks[i] as number) - (this.table.sharedBlocks[i] as number));
    this.prefix?.release(i);
  }
}
