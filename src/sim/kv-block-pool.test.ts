import { describe, expect, it } from 'vitest';
import { KvBlockPool } from './kv-block-pool.js';

describe('KvBlockPool', () => {
  it('allocates from free blocks and refuses, unchanged, what it cannot give', () => {
    const pool = new KvBlockPool(10, 0);
    expect(pool.allocate(7)).toBe(true);
    expect(pool.allocate(4)).toBe(false);
    expect(pool.freeBlocks).toBe(3);
    pool.free(7);
    expect(pool.usedBlocks()).toBe(0);
  });

  it('keeps released cache entries evictable, and evicts the least recently released first', () => {
    const pool = new KvBlockPool(10, 3);
    pool.allocate(6);
    for (const id of [0, 1, 2]) pool.insert(id, 2); // a request publishes three 2-block entries
    for (const id of [2, 1, 0]) pool.release(id); // and finishes: last group first
    expect(pool.usedBlocks()).toBe(0);
    expect(pool.availableBlocks()).toBe(10);
    expect(pool.allocate(6)).toBe(true); // 4 free + entry 2
    expect([pool.isResident(0), pool.isResident(1), pool.isResident(2)]).toEqual([true, true, false]);
    expect(pool.evictions).toBe(1);
  });

  it('a hit on an evictable entry takes it off the eviction list', () => {
    const pool = new KvBlockPool(4, 2);
    pool.allocate(4);
    pool.insert(0, 2);
    pool.insert(1, 2);
    pool.release(0);
    pool.release(1);
    pool.acquire(0);
    expect(pool.evictableBlocksOf(0)).toBe(0);
    expect(pool.evictableBlocksOf(1)).toBe(2);
    expect(pool.allocate(3)).toBe(false);
    expect(pool.allocate(2)).toBe(true);
    expect(pool.isResident(0)).toBe(true);
    expect(pool.isResident(1)).toBe(false);
  });
});
