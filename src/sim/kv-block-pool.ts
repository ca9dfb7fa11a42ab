/**
 * One replica's paged-KV block pool with an optional prefix cache, after vLLM's block manager.
 *
 * Blocks are in one of three states: free (no content), owned (held by running requests: private
 * blocks, or cache entries with a reference count above zero), or evictable (a cache entry nobody holds:
 * its content can be hit again, or its blocks reclaimed, least recently released first). Cache entries
 * are keyed by a dense prefix id (one Mooncake hash block) and hold a fixed number of KV blocks.
 */
export class KvBlockPool {
  readonly totalBlocks: number;
  /** Blocks with no content. */
  freeBlocks: number;
  /** Blocks of cache entries with no holder: reusable on a hit, reclaimable on demand. */
  evictableBlocks = 0;
  /** Entries dropped to make room. */
  evictions = 0;
  private readonly refCount: Int32Array;
  private readonly entryBlocks: Int32Array;
  private readonly resident: Uint8Array;
  /** LRU list of entries with refCount 0: head is evicted first. */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private lruHead = -1;
  private lruTail = -1;

  /** `prefixIds`: how many distinct prefix ids there are (0 when prefix caching is off). */
  constructor(totalBlocks: number, prefixIds: number) {
    this.totalBlocks = totalBlocks;
    this.freeBlocks = totalBlocks;
    this.refCount = new Int32Array(prefixIds);
    this.entryBlocks = new Int32Array(prefixIds);
    this.resident = new Uint8Array(prefixIds);
    this.prev = new Int32Array(prefixIds);
    this.next = new Int32Array(prefixIds);
  }

  /** Blocks an allocation may use: free plus evictable. */
  availableBlocks(): number {
    return this.freeBlocks + this.evictableBlocks;
  }

  /** Blocks held by requests (private blocks and referenced cache entries). */
  usedBlocks(): number {
    return this.totalBlocks - this.freeBlocks - this.evictableBlocks;
  }

  /** Takes `count` blocks, evicting unreferenced cache entries (LRU) if needed; false (and no change) when there are not enough. */
  allocate(count: number): boolean {
    if (count <= this.freeBlocks) {
      this.freeBlocks -= count;
      return true;
    }
    if (count > this.freeBlocks + this.evictableBlocks) return false;
    while (this.freeBlocks < count) this.evict(this.lruHead);
    this.freeBlocks -= count;
    return true;
  }

  /** Returns private blocks to the free list. */
  free(count: number): void {
    this.freeBlocks += count;
  }

  isResident(id: number): boolean {
    return this.resident[id] === 1;
  }

  /** Blocks an entry frees up for others while unreferenced (what acquiring it takes from `availableBlocks`). */
  evictableBlocksOf(id: number): number {
    return this.refCount[id] === 0 ? (this.entryBlocks[id] as number) : 0;
  }

  blocksOf(id: number): number {
    return this.entryBlocks[id] as number;
  }

  /** Adds a holder to a resident entry (a cache hit). */
  acquire(id: number): void {
    const count = this.refCount[id] as number;
    if (count === 0) {
      this.unlink(id);
      this.evictableBlocks -= this.entryBlocks[id] as number;
    }
    this.refCount[id] = count + 1;
  }

  /** Drops a holder; an entry nobody holds becomes evictable (most recently released last). */
  release(id: number): void {
    const count = (this.refCount[id] as number) - 1;
    this.refCount[id] = count;
    if (count === 0) {
      this.append(id);
      this.evictableBlocks += this.entryBlocks[id] as number;
    }
  }

  /** Turns `blocks` of a request's private blocks into a new resident entry that the request holds. */
  insert(id: number, blocks: number): void {
    this.resident[id] = 1;
    this.refCount[id] = 1;
    this.entryBlocks[id] = blocks;
  }

  private evict(id: number): void {
    this.unlink(id);
    this.resident[id] = 0;
    const blocks = this.entryBlocks[id] as number;
    this.evictableBlocks -= blocks;
    this.freeBlocks += blocks;
    this.evictions++;
  }

  private append(id: number): void {
    this.prev[id] = this.lruTail;
    this.next[id] = -1;
    if (this.lruTail >= 0) this.next[this.lruTail] = id;
    else this.lruHead = id;
    this.lruTail = id;
  }

  private unlink(id: number): void {
    const p = this.prev[id] as number;
    const n = this.next[id] as number;
    if (p >= 0) this.next[p] = n;
    else this.lruHead = n;
    if (n >= 0) this.prev[n] = p;
    else this.lruTail = p;
  }
}
