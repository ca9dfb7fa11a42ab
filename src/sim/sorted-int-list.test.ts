import { describe, expect, it } from 'vitest';
import { insertSorted, removeSorted, sortAscending } from './sorted-int-list.js';

describe('sorted int lists', () => {
  it('insert and remove keep the list ascending', () => {
    const list = new Int32Array(8);
    let count = 0;
    for (const v of [5, 1, 9, 3]) count = insertSorted(list, count, v);
    expect([...list.subarray(0, count)]).toEqual([1, 3, 5, 9]);
    count = removeSorted(list, count, 3);
    count = removeSorted(list, count, 4); // absent: no change
    expect([...list.subarray(0, count)]).toEqual([1, 5, 9]);
    const unsorted = Int32Array.from([4, 2, 7, 1, 99]);
    sortAscending(unsorted, 4);
    expect([...unsorted]).toEqual([1, 2, 4, 7, 99]);
  });
});
