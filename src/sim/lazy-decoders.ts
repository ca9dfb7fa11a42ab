import type { RequestTable } from './request-table.js';

/**
 * The decoding requests of one replica that advance without being touched: a request that only decodes
 * gains exactly one token per step, so instead of updating it every step the replica keeps its `anchor`
 * (numComputed = anchor + s at the start of step s) and wakes it only for its next event — the step that
 * needs a new KV block (it has filled its last one) or the step that samples its last token. Events sit
 * in a binary heap keyed by `2·step` (block boundary, handled when the step is composed) or
 * `2·step + 1` (finish, handled when it completes), ties by request index, so per-step work is
 * proportional to events rather than to the batch. `table.numComputed` is stale while a request is here;
 * `remove` writes the true value back.
 */
export class LazyDecoders {
  /** Requests here. */
  count = 0;
  /** Σ anchors: the step's Σ context is anchorSum + count·(s + 1). */
  anchorSum = 0;
  private keys = new Float64Array(64);
  private items = new Int32Array(64);
  private size = 0;

  constructor(
    private readonly table: RequestTable,
    private readonly blockTokens: number,
  ) {}

  isLazy(i: number): boolean {
    return (this.table.lazyKey[i] as number) >= 0;
  }

  /** numComputed of a lazy request at the start of step s. */
  computedAt(i: number, s: number): number {
    return (this.table.anchor[i] as number) + s;
  }

  /** Takes in decoding request i after step s completed (its numComputed is up to date). */
  add(i: number, s: number): void {
    const anchor = (this.table.numComputed[i] as number) - (s + 1);
    this.table.anchor[i] = anchor;
    this.count++;
    this.anchorSum += anchor;
    this.schedule(i);
  }

  /** (Re)computes request i's next event after its blocks changed. */
  schedule(i: number): void {
    const t = this.table;
    const anchor = t.anchor[i] as number;
    const boundaryStep = (t.blocks[i] as number) * this.blockTokens - anchor;
    const finishStep = (t.lastComputed[i] as number) - anchor - 1;
    const key = boundaryStep <= finishStep ? 2 * boundaryStep : 2 * finishStep + 1;
    t.lazyKey[i] = key;
    this.push(key, i);
  }

  /** Lets request i go, writing back its numComputed. */
  remove(i: number, computed: number): void {
    const t = this.table;
    t.numComputed[i] = computed;
    this.count--;
    this.anchorSum -= t.anchor[i] as number;
    t.lazyKey[i] = -1;
  }

  /** The next request whose event key is at most `maxKey` (it stays here; its event is consumed), or −1. */
  popDue(maxKey: number): number {
    const lazyKey = this.table.lazyKey;
    while (this.size > 0 && (this.keys[0] as number) <= maxKey) {
      const key = this.keys[0] as number;
      const i = this.items[0] as number;
      this.popMin();
      if (lazyKey[i] === key) return i; // else a stale entry of a request that left or was rescheduled
    }
    return -1;
  }

  /** Forgets every request (after the caller wrote their numComputed back). */
  clear(): void {
    this.count = 0;
    this.anchorSum = 0;
    this.size = 0;
  }

  private less(ka: number, ia: number, kb: number, ib: number): boolean {
    return ka < kb || (ka === kb && ia < ib);
  }

  private push(key: number, item: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const items = new Int32Array(this.size * 2);
      items.set(this.items);
      this.items = items;
    }
    let slot = this.size++;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const pk = this.keys[parent] as number;
      const pi = this.items[parent] as number;
      if (!this.less(key, item, pk, pi)) break;
      this.keys[slot] = pk;
      this.items[slot] = pi;
      slot = parent;
    }
    this.keys[slot] = key;
    this.items[slot] = item;
  }

  private popMin(): void {
    const n = --this.size;
    const key = this.keys[n] as number;
    const item = this.items[n] as number;
    let slot = 0;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= n) break;
      let child = left;
      const right = left + 1;
      if (
        right < n &&
        this.less(
          this.keys[right] as number,
          this.items[right] as number,
          this.keys[left] as number,
          this.items[left] as number,
        )
      )
        child = right;
      const ck = this.keys[child] as number;
      const ci = this.items[child] as number;
      if (!this.less(ck, ci, key, item)) break;
      this.keys[slot] = ck;
      this.items[slot] = ci;
      slot = child;
    }
    this.keys[slot] = key;
    this.items[slot] = item;
  }
}
