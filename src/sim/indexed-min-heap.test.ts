import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedMinHeap } from './indexed-min-heap.js';

describe('IndexedMinHeap', () => {
  it('always yields the smallest key, ties to the lowest index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.integer({ min: 0, max: 5 }))),
        (n, updates) => {
          const heap = new IndexedMinHeap(n);
          const keys = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
          for (const [item, key] of updates) {
            if (item >= n) continue;
            heap.update(item, key);
            keys[item] = key;
            const min = Math.min(...keys);
            expect(heap.minKey()).toBe(min);
            expect(heap.minItem()).toBe(keys.indexOf(min));
          }
        },
      ),
    );
  });
});
