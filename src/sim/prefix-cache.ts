import type { KvBlockPool } from './kv-block-pool.js';
import type { RequestTable } from './request-table.js';

/**
 * Prefix caching on one replica, at the granularity of the workload's prefix (hash) blocks: group j of a
 * request is its j-th full hash block, and holds the full KV blocks that end inside it, so with 512-token
 * hash blocks and 16-token KV blocks a group is 32 KV blocks. A request hits the longest run of leading
 * groups resident in the pool (always leaving one prompt token to compute, as vLLM does), and publishes
 * its groups as cache entries once its prompt has computed them. Groups a request holds are always its
 * leading ones, 0..heldGroups−1.
 */
export class PrefixCache {
  private readonly hashBlockTokens: number;

  constructor(
    private readonly table: RequestTable,
    private readonly pool: KvBlockPool,
    private readonly blockTokens: number,
  ) {
    this.hashBlockTokens = table.prefix?.blockTokens ?? 0;
  }

  /** KV blocks inside the first `groups` groups. */
  blocksEnd(groups: number): number {
    return Math.floor((groups * this.hashBlockTokens) / this.blockTokens);
  }

  private groupBlocks(j: number): number {
    return this.blocksEnd(j + 1) - this.blocksEnd(j);
  }

  /** Leading groups of request i resident in the cache, leaving at least one of `target` tokens to compute. */
  hitGroups(i: number, target: number): number {
    const prefix = this.table.prefix;
    if (prefix === undefined) return 0;
    const offset = prefix.offsets[i] as number;
    const groups = prefix.groups[i] as number;
    let h = 0;
    while (h < groups) {
      const id = prefix.ids[offset + h] as number;
      if (!this.pool.isResident(id) || this.pool.blocksOf(id) !== this.groupBlocks(h)) break;
      if (this.blocksEnd(h + 1) * this.blockTokens > target - 1) break;
      h++;
    }
    return h;
  }

  /** Blocks that acquiring the first `h` groups takes out of the pool's evictable (reusable) blocks. */
  reclaimedBy(i: number, h: number): number {
    const prefix = this.table.prefix;
    if (prefix === undefined) return 0;
    const offset = prefix.offsets[i] as number;
    let blocks = 0;
    for (let j = 0; j < h; j++) blocks += this.pool.evictableBlocksOf(prefix.ids[offset + j] as number);
    return blocks;
  }

  acquire(i: number, h: number): void {
    const prefix = this.table.prefix;
    if (prefix === undefined) return;
    const offset = prefix.offsets[i] as number;
    for (let j = 0; j < h; j++) this.pool.acquire(prefix.ids[offset + j] as number);
  }

  /** Drops request i's references to its held groups, last group first (so it is evicted first). */
  release(i: number): void {
    const t = this.table;
    const prefix = t.prefix;
    const held = t.heldGroups[i] as number;
    if (prefix !== undefined && held > 0) {
      const offset = prefix.offsets[i] as number;
      for (let j = held - 1; j >= 0; j--) this.pool.release(prefix.ids[offset + j] as number);
    }
    t.sharedBlocks[i] = 0;
    t.heldGroups[i] = 0;
  }

  /** Whether request i has groups its next computed tokens could publish. */
  hasUnpublished(i: number): boolean {
    const prefix = this.table.prefix;
    return prefix !== undefined && (this.table.heldGroups[i] as number) < (prefix.groups[i] as number);
  }

  /**
   * Publishes request i's groups that `computed` tokens now cover: a new entry takes over the request's
   * private blocks; where another request already published the same id, the request shares that entry
   * and frees its own copy.
   */
  publish(i: number, computed: number): void {
    const t = this.table;
    const prefix = t.prefix;
    if (prefix === undefined) return;
    const offset = prefix.offsets[i] as number;
    const groups = prefix.groups[i] as number;
    let h = t.heldGroups[i] as number;
    while (h < groups && this.blocksEnd(h + 1) * this.blockTokens <= computed) {
      const id = prefix.ids[offset + h] as number;
      const blocks = this.groupBlocks(h);
      if (this.pool.isResident(id)) {
        if (this.pool.blocksOf(id) !== blocks) break;
        this.pool.acquire(id);
        this.pool.free(blocks);
      } else {
        this.pool.insert(id, blocks);
      }
      t.sharedBlocks[i] = (t.sharedBlocks[i] as number) + blocks;
      h++;
    }
    t.heldGroups[i] = h;
  }
}
